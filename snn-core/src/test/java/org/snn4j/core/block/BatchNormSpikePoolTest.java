package org.snn4j.core.block;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.neuron.PLIFNeuron;
import org.snn4j.core.neuron.SpikingNeuron;

import java.io.File;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused batch norm -> LIF -> max pool layer against the unfused DL4J chain (BatchNormalization,
 * snn4j LIF, SubsamplingLayer max k x k, truncate): outputs, input gradient, gamma/beta gradients, running
 * statistics after training steps and inference afterwards, in float32 with the spiking kernel, for even
 * and odd spatial sizes (odd ones are floored like the chain); configuration and saved-model round trips.
 */
class BatchNormSpikePoolTest {
    static final int T = 3;
    static final int N = 2;
    static final int C = 3;

    static LIFNeuron lif(int t) {
        return new LIFNeuron.Builder().tau(2.0).timesteps(t).build();
    }

    private static MultiLayerConfiguration net(boolean fused, int h, int w, int pool, Sgd updater) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(3)
                .updater(updater).list();
        List<Layer> layers = fused
                ? List.of(new BatchNormSpikePool.Builder(lif(T)).poolSize(pool).decay(0.9).eps(1e-5).build())
                : List.of(new BatchNormalization.Builder().decay(0.9).eps(1e-5).build(), lif(T),
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(pool, pool).stride(pool, pool)
                        .convolutionMode(ConvolutionMode.Truncate).build());
        for (Layer l : layers) {
            b.layer(l);
        }
        return b.layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(h, w, C)).build();
    }

    /** Random gamma/beta (the same in both networks) so the affine part is exercised. */
    private static void randomAffine(MultiLayerNetwork fused, MultiLayerNetwork chain) {
        INDArray gamma = Nd4j.rand(DataType.FLOAT, 1, C).muli(1.5).addi(0.5);
        INDArray beta = Nd4j.rand(DataType.FLOAT, 1, C).subi(0.3);
        for (MultiLayerNetwork n : List.of(fused, chain)) {
            n.getLayer(0).setParam("gamma", gamma.dup());
            n.getLayer(0).setParam("beta", beta.dup());
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double scale = Math.max(1e-3, expected.norm2Number().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).norm2Number().doubleValue();
        assertTrue(diff <= tol * scale, what + ": |a-b| = " + diff + ", |a| = " + scale);
    }

    @ParameterizedTest(name = "{0}x{1} pool {2}")
    @CsvSource({"8,8,2", "7,5,2", "9,9,3"})
    void matchesTheUnfusedChainInTrainingAndInference(int h, int w, int pool) {
        MultiLayerNetwork fused = new MultiLayerNetwork(net(true, h, w, pool, new Sgd(0.5)));
        MultiLayerNetwork chain = new MultiLayerNetwork(net(false, h, w, pool, new Sgd(0.5)));
        fused.init();
        chain.init();
        assertEquals(chain.numParams(), fused.numParams(), "same parameters as BatchNormalization");
        randomAffine(fused, chain);
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, T * N, C, h, w).muli(2).addi(0.7);
        INDArray y = Nd4j.rand(DataType.FLOAT, T * N, C, h / pool, w / pool);

        assertClose(chain.output(x, true), fused.output(x, true), 1e-6, "training output");
        Pair<Gradient, INDArray> gf = fused.calculateGradients(x, y, null, null);
        Pair<Gradient, INDArray> gc = chain.calculateGradients(x, y, null, null);
        assertClose(gc.getSecond(), gf.getSecond(), 1e-4, "input gradient");
        for (String p : List.of("0_gamma", "0_beta")) {
            assertClose(gc.getFirst().getGradientFor(p), gf.getFirst().getGradientFor(p), 1e-4, p + " gradient");
        }
        assertTrue(gc.getSecond().norm2Number().doubleValue() > 0, "the check needs a non-zero gradient");

        for (int i = 0; i < 3; i++) {
            fused.fit(x, y);
            chain.fit(x, y);
        }
        Map<String, INDArray> pf = fused.paramTable();
        for (Map.Entry<String, INDArray> e : chain.paramTable().entrySet()) {
            assertClose(e.getValue(), pf.get(e.getKey()), 1e-4, "after 3 steps: " + e.getKey());
        }
        assertTrue(Math.abs(pf.get("0_mean").getDouble(0)) > 1e-3, "running mean has moved");
        assertClose(chain.output(x, false), fused.output(x, false), 1e-6, "inference output");
    }

    @Test
    void jsonAndModelSerializerRoundTrip(@TempDir File dir) throws Exception {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(5)
                .updater(new Adam(1e-2)).list()
                .layer(new BatchNormSpikePool.Builder(lif(T)).decay(0.8).eps(1e-4).build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(6, 6, C)).build();
        String json = conf.toJson();
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(json);
        assertEquals(conf, back);
        assertEquals(json, back.toJson());
        BatchNormSpikePool layer = (BatchNormSpikePool) back.getConf(0).getLayer();
        assertEquals(0.8, layer.getDecay());
        assertEquals(lif(T), layer.getNeuron());

        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.randn(DataType.FLOAT, T * N, C, 6, 6).muli(2);
        INDArray y = Nd4j.rand(DataType.FLOAT, T * N, C, 3, 3);
        for (int i = 0; i < 3; i++) {
            net.fit(x, y);
        }
        File file = new File(dir, "net.zip");
        ModelSerializer.writeModel(net, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(net.getLayerWiseConfigurations(), restored.getLayerWiseConfigurations());
        assertEquals(net.params(), restored.params());
        assertEquals(net.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        assertEquals(net.output(x), restored.output(x));
    }

    @Test
    void rejectsWhatItDoesNotImplement() {
        SpikingNeuron plif = new PLIFNeuron.Builder().timesteps(T).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new BatchNormSpikePool.Builder(plif).build());
        assertTrue(e.getMessage().contains("parameter-free"), e.getMessage());
        MultiLayerNetwork net = new MultiLayerNetwork(net(true, 4, 4, 2, new Sgd(0.1)));
        net.init();
        e = assertThrows(IllegalArgumentException.class, () -> net.output(Nd4j.rand(DataType.FLOAT, T * N, C, 1, 4)));
        assertTrue(e.getMessage().contains("smaller than the 2x2 pool"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> net.output(Nd4j.rand(DataType.FLOAT, T * N + 1, C, 4, 4)));
        assertTrue(e.getMessage().contains("T=3"), e.getMessage());
    }
}
