package org.snn4j.train.options;

/** A bad command line: reported as one line plus the command's usage, exit code 2. */
public class UsageException extends Exception {
    public UsageException(String message) {
        super(message);
    }
}
