package org.snn4j.core.attention;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.time.MeanOverTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * fit() with Adam and weight decay through SMA (AZO on): the loss falls on a fixed batch, trainable parameters
 * move, and the BN running statistics follow only the host update (Adam and weight decay must not touch them).
 */
class AttentionTrainingSmokeTest {
    private static final int T = 3;
    private static final int C = 4;
    private static final int HW = 4;

    @Test
    void fitTrainsAndKeepsRunningStatisticsOutOfTheOptimizer() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(1)
                .updater(new Adam(1e-2)).weightDecay(1e-2).list()
                .layer(new FoldTime(T))
                .layer(new SpikingMultiscaleAttention.Builder().timesteps(T).kernels(1, 3).channelReduction(2)
                        .timeReduction(1.5).zoneout(1.5, 2).build())
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(T))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(HW, HW, (long) C * T)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(3);
        int n = 6;
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, C * T, HW, HW).muli(3);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 3);
        for (int i = 0; i < n; i++) {
            y.putScalar(i, i % 3, 1.0);
        }
        DataSet ds = new DataSet(x, y);
        double before = net.score(ds);
        INDArray gammaBefore = net.getLayer(1).getParam("bn0Gamma").dup();
        for (int i = 0; i < 3; i++) {
            net.fit(ds);
        }
        double after = net.score(ds);
        assertTrue(Double.isFinite(after) && after < before, "loss " + before + " -> " + after);
        assertNotEquals(gammaBefore, net.getLayer(1).getParam("bn0Gamma"));

        // One more fit: the running mean of the 1x1 branch must move by exactly 0.1 * (batch mean - running),
        // the batch mean computed on the host from the pre-fit conv weights; Adam and weight decay add nothing.
        INDArray w = net.getLayer(1).getParam("conv0W").dup().reshape(C, C);
        INDArray b = net.getLayer(1).getParam("conv0b").dup().reshape(C);
        INDArray run = net.getLayer(1).getParam("bn0Mean").dup().reshape(C);
        net.fit(ds);
        INDArray folded = x.reshape(n, T, C, HW, HW).permute(1, 0, 3, 4, 2).dup().reshape((long) T * n * HW * HW, C);
        INDArray batchMean = folded.mmul(w).addRowVector(b).mean(0);
        INDArray expected = run.mul(0.9).add(batchMean.mul(0.1));
        assertEquals(0.0, net.getLayer(1).getParam("bn0Mean").reshape(C).sub(expected).amaxNumber().doubleValue(), 1e-12);
    }
}
