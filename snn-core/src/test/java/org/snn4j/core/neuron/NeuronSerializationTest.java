package org.snn4j.core.neuron;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.surrogate.Triangle;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * JSON configuration and ModelSerializer round trips of every neuron variant and both implementations:
 * the configuration comes back equal (all neuron fields, the surrogate and its parameters), and a trained
 * network restored from disk has bit-identical parameters, outputs and updater state.
 */
class NeuronSerializationTest {

    private static MultiLayerConfiguration conf(String name, NeuronImplementation impl) {
        int t = 3;
        return new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(9).updater(new Adam(1e-2))
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(8).activation(Activation.IDENTITY).build())
                .layer(NeuronConfigs.named(name, t, name.equals("if") ? new Triangle(0.5, 0.7) : null, impl))
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(4))
                .build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"if,FUSED", "lif-hard-detach,FUSED", "lif-soft,SAMEDIFF", "plif,FUSED", "plif-soft-nodecay,SAMEDIFF",
            "masnn-code,FUSED", "masnn-paper,FUSED", "masnn-liaf,SAMEDIFF", "msresnet,FUSED"})
    void jsonAndModelSerializerRoundTrip(String name, NeuronImplementation impl, @TempDir File dir) throws Exception {
        MultiLayerConfiguration conf = conf(name, impl);
        String json = conf.toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(conf.getConf(1).getLayer(), back.getConf(1).getLayer());
        assertEquals(json, back.toJson());
        assertNotEquals(conf.getConf(1).getLayer(), conf("lif-hard", impl).getConf(1).getLayer());

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.FLOAT, 6, 4).muli(3);
        INDArray y = Nd4j.rand(DataType.FLOAT, 6, 2);
        for (int i = 0; i < 3; i++) {
            net.fit(x, y);
        }
        File file = new File(dir, "net.zip");
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        INDArray out = net.output(x);
        assertEquals(out, restored.output(x));
        // the restored outputs must be compared on a neuron that fires, or their equality says little
        INDArray neuronOut = net.feedForward(x, false).get(2);
        assertTrue(neuronOut.amaxNumber().doubleValue() > 0, name + ": the neuron layer output nothing on this input");
        if (name.startsWith("plif")) {
            double w = restored.getLayer(1).getParam(PLIFNeuron.W).getDouble(0);
            double initial = PLIFNeuron.wForTau(((PLIFNeuron) conf.getConf(1).getLayer()).getTau());
            assertNotEquals(initial, w, "PLIF w should have been trained");
        }
    }

    /** A cloned configuration owns its surrogate: changing one does not change the other. */
    @org.junit.jupiter.api.Test
    void cloneDoesNotShareTheSurrogate() {
        LIFNeuron a = new LIFNeuron.Builder().timesteps(2).surrogate(new Triangle(0.5, 0.7)).build();
        LIFNeuron b = (LIFNeuron) a.clone();
        assertEquals(a, b);
        ((Triangle) b.getSurrogate()).setGamma(0.9);
        assertEquals(0.5, ((Triangle) a.getSurrogate()).getGamma(), "the original's surrogate changed with the clone's");
        assertNotEquals(a, b);
    }
}
