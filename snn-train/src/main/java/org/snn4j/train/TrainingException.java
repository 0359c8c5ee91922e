package org.snn4j.train;

/**
 * A training, evaluation or run-record step that cannot go on, with a message for the person who started it
 * (which file, option or value is wrong, and what was expected).
 */
public class TrainingException extends RuntimeException {
    public TrainingException(String message) {
        super(message);
    }

    public TrainingException(String message, Throwable cause) {
        super(message, cause);
    }
}
