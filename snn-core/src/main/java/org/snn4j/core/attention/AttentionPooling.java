package org.snn4j.core.attention;

/** Over what the channel and spatial attention pool their descriptors (spec ma-snn.md ambiguity A2). */
public enum AttentionPooling {
    /**
     * Released code: CA pools over (T, H, W) giving one channel vector per sample, SA over (T*C) giving one
     * H x W map per sample; both are broadcast to every time step. Default.
     */
    JOINT,
    /** Paper Eq. 10-13: CA pools over (H, W) and SA over C separately at every time step (shared weights). */
    PER_STEP
}
