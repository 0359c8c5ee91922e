package org.snn4j.core.time;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** FoldTime puts step t of sample n at row t*N + n; MeanOverTime averages those rows back per sample. */
class TimeFoldingLayersTest {

    private static MultiLayerNetwork net(int t, int c) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new FoldTime(t))
                .layer(new ActivationLayer.Builder().activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(t))
                .setInputType(InputType.convolutional(2, 3, (long) t * c))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void foldTimeIsTMajorAndMeanOverTimeInvertsTheFold() {
        int t = 3;
        int n = 2;
        int c = 2;
        MultiLayerNetwork net = net(t, c);
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, t * c, 2, 3);
        INDArray folded = net.feedForwardToLayer(0, x, false).get(1);
        assertArrayEquals(new long[]{t * n, c, 2, 3}, folded.shape());
        for (int ti = 0; ti < t; ti++) {
            for (int ni = 0; ni < n; ni++) {
                for (int ci = 0; ci < c; ci++) {
                    INDArray expected = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(ni),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(ti * c + ci));
                    INDArray actual = folded.get(org.nd4j.linalg.indexing.NDArrayIndex.point(ti * n + ni),
                            org.nd4j.linalg.indexing.NDArrayIndex.point(ci));
                    assertEquals(expected, actual);
                }
            }
        }
        INDArray mean = net.output(x, false);
        INDArray expected = x.reshape(n, t, c * 6).mean(1).reshape(n, c, 2, 3);
        assertEquals(0.0, mean.sub(expected).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void backwardOfFoldAndMeanSpreadsTheErrorEvenlyOverSteps() {
        int t = 4;
        MultiLayerNetwork net = net(t, 1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, t, 2, 3);
        net.setInput(x);
        net.feedForward(true, false);
        INDArray eps = Nd4j.rand(DataType.DOUBLE, 3, 1, 2, 3);
        INDArray dx = net.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        assertArrayEquals(x.shape(), dx.shape());
        for (int ti = 0; ti < t; ti++) {
            INDArray step = dx.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(ti)).reshape(3, 1, 2, 3);
            assertEquals(0.0, step.sub(eps.div(t)).amaxNumber().doubleValue(), 1e-12);
        }
    }
}
