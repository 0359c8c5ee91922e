package org.snn4j.core.conv;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.backend.OneDnnHelpers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IdentityConvolution gives DL4J ConvolutionLayer's outputs and gradients (with the oneDNN helper where present). */
class IdentityConvolutionTest {

    private static MultiLayerNetwork net(boolean identityConv) {
        OneDnnHelpers.enable();
        ConvolutionLayer.Builder b = identityConv ? new IdentityConvolution.Builder(3, 3) : new ConvolutionLayer.Builder(3, 3);
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(4)
                .updater(new Sgd(0.1)).list()
                .layer(b.nOut(4).padding(1, 1).hasBias(false).activation(Activation.IDENTITY).build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(6, 5, 2)).build();
        MultiLayerNetwork n = new MultiLayerNetwork(conf);
        n.init();
        return n;
    }

    @Test
    void sameOutputsAndGradientsAsDl4jConvolution() throws Exception {
        MultiLayerNetwork ours = net(true);
        MultiLayerNetwork dl4j = net(false);
        assertTrue(ours.getLayer(0) instanceof IdentityConvolutionLayer);
        assertEquals(dl4j.params(), ours.params());
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, 2, 6, 5);
        INDArray y = Nd4j.randn(DataType.FLOAT, 3, 4, 6, 5);
        assertEquals(dl4j.output(x), ours.output(x));
        Pair<Gradient, INDArray> a = ours.calculateGradients(x, y, null, null);
        Pair<Gradient, INDArray> b = dl4j.calculateGradients(x, y, null, null);
        assertEquals(b.getSecond(), a.getSecond());
        assertEquals(b.getFirst().getGradientFor("0_W"), a.getFirst().getGradientFor("0_W"));
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(ours.getLayerWiseConfigurations().toJson());
        assertEquals(ours.getLayerWiseConfigurations(), back);
        assertTrue(back.getConf(0).getLayer() instanceof IdentityConvolution);
    }
}
