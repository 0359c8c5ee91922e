package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.neuron.MaSnnNeuron;
import org.snn4j.core.neuron.MsResNetNeuron;

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
     * neuron of DVSGestureNet and SMA-VGG (SpikingJelly LIFNode as the SMA-AZO code uses it).
     */
    static NeuronFactory spikingJellyLif() {
        return t -> new LIFNeuron.Builder().timesteps(t).tau(2.0).vThreshold(1.0).vReset(0.0).detachReset(true).build();
    }

    /**
     * The MS-ResNet neuron, U[t] = 0.25 U[t-1] (1 - sg(S[t-1])) + X[t], spike when U &gt; 0.5 (strict),
     * rectangular surrogate on (0, 1) (SMA-AZO and MA-SNN ImageNet code).
     */
    static NeuronFactory msResNet() {
        return t -> new MsResNetNeuron.Builder().timesteps(t).build();
    }

    /**
     * The MA-SNN event-data neuron, u = 0.3 h + x, threshold 0.3, rectangular surrogate a = 0.5, with the
     * released code's reset to beta * u_th and an undetached spike (MA-SNN code); the paper's reset
     * to 0 is {@code new MaSnnNeuron.Builder().reset(MaSnnNeuron.Reset.PAPER)} through
     * {@link ModelOptions#neuron}.
     */
    static NeuronFactory maSnn() {
        return t -> new MaSnnNeuron.Builder().timesteps(t).build();
    }
}
