package org.snn4j.train.analysis;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.attention.SpikingMultiscaleAttention;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Reading an SMA layer's weights: softmax over the scales, so each step's and each channel's weights sum to 1. */
class AttentionWeightsTest {

    @Test
    void weightsPerStepAndChannelAreDistributionsOverTheScales() {
        int t = 4;
        int c = 8;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(2).list()
                .layer(new ActivationLayer.Builder().activation(Activation.IDENTITY).build())
                .layer(new SpikingMultiscaleAttention.Builder().timesteps(t).kernels(1, 3).build())
                .setInputType(InputType.convolutional(6, 6, c)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(t * 2, c, 6, 6).muli(3);   // 2 samples, folded [T*N, C, H, W]
        List<LayerActivations.Entry> acts = LayerActivations.of(net, x);
        assertNull(AttentionWeights.of(acts.get(0), t), "not an SMA layer");
        AttentionWeights w = AttentionWeights.of(acts.get(1), t);
        assertArrayEquals(new int[]{1, 3}, w.kernels());
        assertEquals(2, w.time().length);
        assertEquals(t, w.time()[0].length);
        assertEquals(c, w.channel()[0].length);
        for (int step = 0; step < t; step++) {
            assertEquals(1.0, w.time()[0][step] + w.time()[1][step], 1e-5, "step " + step);
        }
        for (int ch = 0; ch < c; ch++) {
            assertEquals(1.0, w.channel()[0][ch] + w.channel()[1][ch], 1e-5, "channel " + ch);
        }
    }
}
