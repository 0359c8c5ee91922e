package org.snn4j.models.info;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Counts parameters from a layer configuration, without allocating the network. Counts what PyTorch's
 * {@code sum(p.numel() for p in net.parameters())} counts: DL4J stores batch-norm running mean and variance
 * as parameters, PyTorch as buffers, so those two per channel are left out of the trainable count.
 */
public final class ParamCount {
    private ParamCount() {
    }

    /** All DL4J parameters of a layer (running statistics included). */
    public static long all(Layer layer) {
        return layer.initializer().numParams(wrap(layer));
    }

    /** Trainable parameters (PyTorch's count): batch-norm running mean/variance excluded. */
    public static long trainable(Layer layer) {
        long n = all(layer);
        if (layer instanceof BatchNormalization) {
            n -= 2 * ((BatchNormalization) layer).getNOut();
        }
        if (layer instanceof org.snn4j.core.attention.AttentionSameDiffLayer) {
            // attention layers keep their BN running statistics as (non-trainable) parameters too
            n = ((org.snn4j.core.attention.AttentionSameDiffLayer) layer).numTrainableParams();
        }
        return n;
    }

    private static NeuralNetConfiguration wrap(Layer layer) {
        NeuralNetConfiguration c = new NeuralNetConfiguration();
        c.setLayer(layer);
        return c;
    }
}
