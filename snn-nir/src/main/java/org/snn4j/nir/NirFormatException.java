package org.snn4j.nir;

/** A file that is not a readable NIR graph (missing field, wrong type, bad HDF5). */
public class NirFormatException extends RuntimeException {
    public NirFormatException(String message) {
        super(message);
    }

    public NirFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
