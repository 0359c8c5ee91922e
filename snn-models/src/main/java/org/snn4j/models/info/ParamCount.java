package org.snn4j.models.info;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.Locale;

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

    /** Trainable parameters of a built network (MultiLayerNetwork or ComputationGraph), as {@link #trainable(Layer)}. */
    public static long trainable(Model net) {
        long n = 0;
        if (net instanceof MultiLayerNetwork) {
            for (NeuralNetConfiguration c : ((MultiLayerNetwork) net).getLayerWiseConfigurations().getConfs()) {
                n += trainable(c.getLayer());
            }
        } else {
            for (GraphVertex v : ((ComputationGraph) net).getConfiguration().getVertices().values()) {
                if (v instanceof LayerVertex) {
                    n += trainable(((LayerVertex) v).getLayerConf().getLayer());
                }
            }
        }
        return n;
    }

    /**
     * The one way snn4j states a network's size: trainable parameters (PyTorch's count), then what DL4J stores
     * besides them, e.g. "27,579 trainable parameters + 96 BN statistics".
     */
    public static String describe(long trainable, long all) {
        String t = String.format(Locale.ROOT, "%,d trainable parameters", trainable);
        return all == trainable ? t : t + String.format(Locale.ROOT, " + %,d BN statistics", all - trainable);
    }

    /** {@link #describe(long, long)} of a built network. */
    public static String describe(Model net) {
        return describe(trainable(net), net.numParams());
    }

    private static NeuralNetConfiguration wrap(Layer layer) {
        NeuralNetConfiguration c = new NeuralNetConfiguration();
        c.setLayer(layer);
        return c;
    }
}
