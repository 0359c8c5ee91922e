package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.snn4j.core.neuron.LIFNeuron;

/**
 * Makes the spiking-neuron layer of a zoo network, so a network can be built with another neuron model
 * (e.g. the neuron variants of the neuron module) without changing its builder.
 */
@FunctionalInterface
public interface NeuronFactory {

    /** A neuron layer for T time steps on the folded layout. */
    Layer create(int timesteps);

    /**
     * SpikingJelly's {@code LIFNode(tau=2, v_threshold=1, v_reset=0, detach_reset=True)} with ATan(2), the
     * neuron of DVSGestureNet and SMA-VGG (sma-azo.md §1.1).
     */
    static NeuronFactory spikingJellyLif() {
        return t -> new LIFNeuron.Builder().timesteps(t).tau(2.0).vThreshold(1.0).vReset(0.0).detachReset(true).build();
    }

    /**
     * The MS-ResNet neuron's charge and reset, U[t] = 0.25 U[t-1] (1 - sg(S[t-1])) + X[t], threshold 0.5
     * (sma-azo.md §1.2), expressed as an LIF without input decay (tau = 4/3). Approximation until the
     * neuron module provides the rectangular surrogate and strict threshold: the surrogate here is ATan(2).
     */
    static NeuronFactory msResNet() {
        return t -> new LIFNeuron.Builder().timesteps(t).tau(4.0 / 3.0).decayInput(false).vThreshold(0.5).vReset(0.0)
                .detachReset(true).build();
    }

    /**
     * The MA-SNN event-data neuron's charge, u = 0.3 h + x, threshold 0.3 (ma-snn.md §1.2), as an LIF without
     * input decay (tau = 1/0.7) with the paper's reset to 0. The released code's reset to 0.09 and its
     * rectangular surrogate need the neuron module; plug them in through {@link ModelOptions#neuron}.
     */
    static NeuronFactory maSnn() {
        return t -> new LIFNeuron.Builder().timesteps(t).tau(1.0 / 0.7).decayInput(false).vThreshold(0.3).vReset(0.0)
                .detachReset(false).build();
    }
}
