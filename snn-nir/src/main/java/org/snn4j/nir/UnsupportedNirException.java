package org.snn4j.nir;

/**
 * A network or a NIR graph with a part the other side cannot express exactly: named, never dropped or
 * approximated.
 */
public class UnsupportedNirException extends RuntimeException {
    public UnsupportedNirException(String message) {
        super(message);
    }
}
