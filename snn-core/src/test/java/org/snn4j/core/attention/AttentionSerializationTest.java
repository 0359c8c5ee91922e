package org.snn4j.core.attention;

import org.snn4j.core.DoublePrecision;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;
import org.snn4j.core.neuron.NeuronImplementation;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** JSON and ModelSerializer round trips keep every option, the parameters and the BN running statistics. */
@ExtendWith(DoublePrecision.class)
class AttentionSerializationTest {
    private static final int T = 3;

    private static Layer layer(String which) {
        switch (which) {
            case "sma":
                return new SpikingMultiscaleAttention.Builder().timesteps(T).kernels(1, 3).channelReduction(2)
                        .timeReduction(1.5).zoneout(3, 2).build();
            case "smaSameDiff":
                return new SpikingMultiscaleAttention.Builder().timesteps(T).kernels(1, 3).channelReduction(2)
                        .implementation(NeuronImplementation.SAMEDIFF).zoneout(3, 2).build();
            case "smaFixed":
                return new SpikingMultiscaleAttention.Builder().timesteps(T).kernels(1, 5).activation(ScaleActivation.RELU)
                        .fixedZoneout(new int[][]{{1}, {2}}, new int[][]{{0}, {1, 2}}).build();
            case "maCode":
                return new MultiDimensionalAttention.Builder().timesteps(T).inferenceThreshold(0.4)
                        .dimensions("TCS").temporalSqueeze(TemporalSqueeze.AVG_WITH_BIAS).build();
            case "maSameDiff":
                return new MultiDimensionalAttention.Builder().timesteps(T).dimensions("TS")
                        .implementation(NeuronImplementation.SAMEDIFF).build();
            default:
                return new MultiDimensionalAttention.Builder().timesteps(T).dimensions("TC").paperDefaults()
                        .channelReduction(2).build();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sma", "smaSameDiff", "smaFixed", "maCode", "maSameDiff", "maPaper"})
    void roundTrips(String which, @TempDir Path dir) throws Exception {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(3)
                .updater(new Adam(1e-3)).list().layer(layer(which))
                .setInputType(InputType.convolutional(4, 4, 4)).build();
        MultiLayerConfiguration fromJson = MultiLayerConfiguration.fromJson(conf.toJson());
        assertEquals(conf, fromJson);
        assertEquals(conf.getConf(0).getLayer(), fromJson.getConf(0).getLayer());

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        INDArray x = AttentionTestNets.input(5, T * 2, 4, 4, 4);
        net.feedForward(x, true);                     // moves the BN running statistics of SMA
        INDArray expected = net.output(x);
        File file = dir.resolve("model.zip").toFile();
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.params(), restored.params());
        assertEquals(net.getLayer(0).getClass(), restored.getLayer(0).getClass(), "implementation choice kept");
        assertEquals(expected, restored.output(x));
    }
}
