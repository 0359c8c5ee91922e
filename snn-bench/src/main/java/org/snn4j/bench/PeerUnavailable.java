package org.snn4j.bench;

/** The peer cannot run here (no Python, no source tree, or its set-up failed); the message says why. */
public final class PeerUnavailable extends Exception {
    public PeerUnavailable(String reason) {
        super(reason);
    }
}
