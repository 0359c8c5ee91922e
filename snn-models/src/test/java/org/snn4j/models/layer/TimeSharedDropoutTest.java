package org.snn4j.models.layer;

import org.snn4j.core.time.TimeSharedDropout;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The mask is one per sample, shared by all T steps, scaled by 1/(1-p); identity at inference. */
class TimeSharedDropoutTest {
    private static final int T = 4;
    private static final int N = 3;
    private static final int F = 200;

    private static Layer layer() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(1).dataType(DataType.FLOAT).list()
                .layer(new TimeSharedDropout(T, 0.5))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(F))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net.getLayer(0);
    }

    @Test
    void maskIsSharedOverTimeAndScaled() {
        Layer l = layer();
        INDArray x = Nd4j.rand(DataType.FLOAT, T * N, F).addi(0.5);
        INDArray out = l.activate(x, true, LayerWorkspaceMgr.noWorkspaces());
        INDArray ratio = out.div(x);
        int zeros = 0;
        for (int n = 0; n < N; n++) {
            for (int f = 0; f < F; f++) {
                double r0 = ratio.getDouble(n, f);
                assertTrue(Math.abs(r0) < 1e-6 || Math.abs(r0 - 2) < 1e-5, "mask value " + r0);
                zeros += Math.abs(r0) < 1e-6 ? 1 : 0;
                for (int t = 1; t < T; t++) {
                    assertEquals(r0, ratio.getDouble((long) t * N + n, f), 1e-5, "step " + t + " sample " + n);
                }
            }
        }
        // about half dropped, and not the same mask for every sample
        assertTrue(zeros > N * F * 0.35 && zeros < N * F * 0.65, "dropped " + zeros);
        assertNotEquals(ratio.getRow(0), ratio.getRow(1));

        INDArray eps = Nd4j.ones(DataType.FLOAT, T * N, F);
        INDArray grad = l.backpropGradient(eps, LayerWorkspaceMgr.noWorkspaces()).getSecond();
        assertEquals(ratio, grad.reshape(ratio.shape()), "backward applies the same mask");
    }

    @Test
    void identityAtInference() {
        Layer l = layer();
        INDArray x = Nd4j.rand(DataType.FLOAT, T * N, F);
        assertEquals(x, l.activate(x, false, LayerWorkspaceMgr.noWorkspaces()));
    }
}
