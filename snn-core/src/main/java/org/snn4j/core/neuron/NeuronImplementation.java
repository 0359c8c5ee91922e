package org.snn4j.core.neuron;

/** Which implementation a {@link SpikingNeuron} configuration instantiates. Both compute the same function. */
public enum NeuronImplementation {
    /** Hand-written fused forward and BPTT backward ({@link SpikingNeuronLayer}); the fast default. */
    FUSED,
    /**
     * The time loop unrolled into a SameDiff graph and differentiated by autodiff ({@link SameDiffNeuron});
     * the readable reference, and the form users extend.
     */
    SAMEDIFF
}
