package org.snn4j.core.attention;

/** Where MA-SNN applies its attention (MA-SNN; paper and released code differ, see docs/attention.md). */
public enum AttentionPlacement {
    /**
     * Released code ({@code ConvAttLIF}): every selected attention on the input current X = BN(conv) before
     * the neuron's time loop ("Conv-POST"), followed by the code's trailing ReLU. Default.
     */
    INPUT_CURRENT,
    /**
     * Paper MA-SNN (Eq. 14): temporal attention on X before the loop, channel and spatial attention per step
     * on the membrane potential U^t = H^{t-1} + X^t inside the loop ("Activate-PRE"); the refined U fires and
     * is carried forward. Needs a neuron; pooling is per step.
     */
    MEMBRANE_POTENTIAL
}
