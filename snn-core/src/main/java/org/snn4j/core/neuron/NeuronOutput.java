package org.snn4j.core.neuron;

/** What a spiking neuron layer emits at each step. */
public enum NeuronOutput {
    /** The spikes s[t] (0/1; the smooth primitive in non-spiking surrogate mode). */
    SPIKES,
    /**
     * LIAF-style membrane output ReLU(h[t]), taken after charge and before the reset; the reset still uses
     * the spike (MA-SNN / TA-SNN released code, {@code mode_select='mem'}).
     */
    MEMBRANE
}
