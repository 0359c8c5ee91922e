package org.snn4j.models.layer;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.DoublePrecision;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bins as PyTorch's AdaptiveAvgPool2d (SMA-AZO's VGG8), forward against loops, backward by finite differences. */
@ExtendWith(DoublePrecision.class)
class AdaptiveAvgPoolTest {

    @ParameterizedTest(name = "{0} -> 3")
    @CsvSource({"4,'0-2,1-3,2-4'", "5,'0-2,1-4,3-5'", "7,'0-3,2-5,4-7'", "6,'0-2,2-4,4-6'"})
    void binsFollowPyTorch(int in, String expected) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 3; i++) {
            sb.append(i == 0 ? "" : ",").append(AdaptiveAvgPool.binStart(i, in, 3)).append('-').append(AdaptiveAvgPool.binEnd(i, in, 3));
        }
        assertEquals(expected, sb.toString());
    }

    @Test
    void forwardAveragesEachBin() {
        MultiLayerNetwork net = poolOnly(5, 7);
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 3, 5, 7);
        INDArray out = net.getLayer(0).activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        assertArrayEquals(new long[]{2, 3, 3, 3}, out.shape());
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 3; j++) {
                        double sum = 0;
                        int count = 0;
                        for (int h = AdaptiveAvgPool.binStart(i, 5, 3); h < AdaptiveAvgPool.binEnd(i, 5, 3); h++) {
                            for (int w = AdaptiveAvgPool.binStart(j, 7, 3); w < AdaptiveAvgPool.binEnd(j, 7, 3); w++) {
                                sum += x.getDouble(n, c, h, w);
                                count++;
                            }
                        }
                        assertEquals(sum / count, out.getDouble(n, c, i, j), 1e-12);
                    }
                }
            }
        }
    }

    @Test
    void passesGradientCheck() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(5).updater(new NoOp())
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(2).activation(Activation.TANH).build())
                .layer(new AdaptiveAvgPool(3, 3))
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.TANH).build())
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(7, 6, 2))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 2, 7, 6);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 4);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    private static MultiLayerNetwork poolOnly(int h, int w) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(new AdaptiveAvgPool(3, 3))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(h, w, 3))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }
}
