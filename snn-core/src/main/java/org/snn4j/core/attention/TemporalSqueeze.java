package org.snn4j.core.attention;

/** The squeeze-and-excitation form of temporal attention. */
public enum TemporalSqueeze {
    /**
     * MA-SNN TA (paper Eq. 8-9, code {@code TimeAttention}): avg- and max-pool over (C,H,W) per step, one
     * bias-free shared MLP T -> T/r -> T on both, summed, sigmoid. Default.
     */
    AVG_MAX,
    /** TA-SNN code ({@code Tlayer}): avg-pool only, MLP with biases, sigmoid. */
    AVG_WITH_BIAS
}
