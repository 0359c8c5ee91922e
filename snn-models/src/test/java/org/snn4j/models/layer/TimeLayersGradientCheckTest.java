package org.snn4j.models.layer;

import org.snn4j.core.time.RepeatOverTime;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.time.MeanOverTime;
import org.snn4j.core.DoublePrecision;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** RepeatOverTime (direct encoding) and Voting: values, and gradients by finite differences. */
@ExtendWith(DoublePrecision.class)
class TimeLayersGradientCheckTest {
    private static final int T = 3;

    private static MultiLayerNetwork net() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(2).updater(new NoOp())
                .list()
                .layer(new RepeatOverTime(T))
                .layer(new DenseLayer.Builder().nOut(8).activation(Activation.TANH).build())
                .layer(new Voting(4))
                .layer(new MeanOverTime(T))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(5))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    @Test
    void repeatCopiesTheSampleToEveryStepAndVotingAveragesGroups() {
        MultiLayerNetwork net = net();
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 5);
        INDArray rep = net.getLayer(0).activate(x, false, LayerWorkspaceMgr.noWorkspaces());
        for (int t = 0; t < T; t++) {
            assertEquals(x.getRow(0), rep.getRow(t * 2L));
            assertEquals(x.getRow(1), rep.getRow(t * 2L + 1));
        }
        INDArray in = Nd4j.arange(1, 17).castTo(DataType.DOUBLE).reshape(2, 8);
        INDArray voted = net.getLayer(2).activate(in, false, LayerWorkspaceMgr.noWorkspaces());
        assertEquals(Nd4j.create(new double[][]{{2.5, 6.5}, {10.5, 14.5}}), voted);
    }

    @Test
    void passesGradientCheck() {
        MultiLayerNetwork net = net();
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 5);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 2, 2);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }
}
