package org.snn4j.core.neuron;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.time.MeanOverTime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The float32 fast path inside a real network (workspaces enabled, conv input, the kernel reading and
 * writing ND4J's workspace buffers) gives the same score and gradients as the same network in double
 * precision (double kernel), to float accuracy; and training through it runs.
 */
class FloatLayerTest {

    private static MultiLayerNetwork net(DataType type, String neuron) {
        int t = 4;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type).seed(12).updater(new Sgd(0.1))
                .trainingWorkspaceMode(WorkspaceMode.ENABLED).inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(new FoldTime(t))
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(6).padding(1, 1).activation(Activation.IDENTITY).build())
                .layer(NeuronConfigs.named(neuron, t, null, NeuronImplementation.FUSED))
                .layer(new DenseLayer.Builder().nOut(10).activation(Activation.IDENTITY).build())
                .layer(NeuronConfigs.named(neuron, t, null, NeuronImplementation.FUSED))
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(t))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(8, 8, 2 * t))
                .build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    @ParameterizedTest
    @ValueSource(strings = {"lif-hard-detach", "plif", "masnn-code"})
    void floatNetworkMatchesDoubleNetwork(String neuron) {
        MultiLayerNetwork f = net(DataType.FLOAT, neuron);
        MultiLayerNetwork d = net(DataType.DOUBLE, neuron);
        d.setParams(f.params().castTo(DataType.DOUBLE));
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 8, 8, 8).muli(2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 3, 3);
        for (int i = 0; i < 3; i++) {
            y.putScalar(i, i, 1.0);
        }
        f.setInput(x);
        f.setLabels(y);
        d.setInput(x.castTo(DataType.DOUBLE));
        d.setLabels(y.castTo(DataType.DOUBLE));
        f.computeGradientAndScore();
        d.computeGradientAndScore();
        assertEquals(d.score(), f.score(), 1e-4 * (1 + d.score()), "score");
        INDArray gd = d.gradient().gradient();
        INDArray gf = f.gradient().gradient().castTo(DataType.DOUBLE);
        double scale = gd.amaxNumber().doubleValue();
        assertTrue(scale > 1e-4, "gradient vanished");
        assertEquals(0.0, gd.sub(gf).amaxNumber().doubleValue(), 1e-3 * scale, "gradients");
        double before = f.score();
        for (int i = 0; i < 5; i++) {
            f.fit(x, y);
        }
        assertTrue(f.score() < before, "training through the float path lowers the loss: " + before + " -> " + f.score());
    }
}
