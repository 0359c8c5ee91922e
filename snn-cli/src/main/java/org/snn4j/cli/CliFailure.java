package org.snn4j.cli;

/** A run that cannot go on for a reason the user can fix (missing data, existing output...): one line, exit 1. */
public class CliFailure extends RuntimeException {
    public CliFailure(String message) {
        super(message);
    }

    public CliFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
