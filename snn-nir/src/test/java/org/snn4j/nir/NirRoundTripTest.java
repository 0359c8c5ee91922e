package org.snn4j.nir;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.models.loss.LossKind;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Zoo networks exported to a NIR file and imported back compute what the original computes on a fixed
 * input: the same spikes at every neuron layer and the same outputs (batch norm folded into the convs, max
 * pooling through SumPool2d + Threshold, the voting layer as a fixed Linear).
 */
class NirRoundTripTest {
    static final double DT = 1e-3;

    @TempDir
    Path dir;

    /** Random BN statistics and affine parameters, so folding them is visible in the outputs. */
    static void randomizeBatchNorm(MultiLayerNetwork net, long seed) {
        Nd4j.getRandom().setSeed(seed);
        for (Layer l : net.getLayers()) {
            if (l.paramTable().containsKey(BatchNormalizationParamInitializer.GLOBAL_MEAN)) {
                INDArray mean = l.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN);
                mean.assign(Nd4j.rand(mean.dataType(), mean.shape()).subi(0.5).muli(0.2));
                INDArray ls = l.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD);
                ls.assign(Nd4j.rand(ls.dataType(), ls.shape()).subi(0.5).muli(0.6));
                INDArray g = l.getParam(BatchNormalizationParamInitializer.GAMMA);
                g.assign(Nd4j.rand(g.dataType(), g.shape()).muli(2).addi(0.5));
                INDArray b = l.getParam(BatchNormalizationParamInitializer.BETA);
                b.assign(Nd4j.rand(b.dataType(), b.shape()).muli(2).subi(0.5));
            } else if (l instanceof org.deeplearning4j.nn.layers.feedforward.dense.DenseLayer) {
                // sparse spike inputs through PyTorch-initialised weights rarely reach the threshold
                l.getParam("W").muli(6);
                l.getParam("b").addi(0.5);
            }
        }
    }

    /** Event-like input [N, C*T, H, W]: spikes with probability p. */
    static INDArray events(DataType t, long seed, double p, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(t, shape).lt(p).castTo(t);
    }

    static List<INDArray> neuronOutputs(MultiLayerNetwork net, INDArray x) {
        List<INDArray> acts = net.feedForward(x, false);
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof SpikingNeuron) {
                out.add(acts.get(i + 1));
            }
        }
        return out;
    }

    @Test
    void smallSnnRoundTripsWithTheSameSpikesAndOutputs() throws Exception {
        ModelOptions o = ModelZoo.get("small-snn").defaults().timesteps(4).dataType(DataType.DOUBLE).seed(7);
        MultiLayerNetwork net = (MultiLayerNetwork) ModelZoo.build("small-snn", o).init();
        randomizeBatchNorm(net, 11);
        Path f = dir.resolve("small-snn.nir");
        NirExporter.export(net, new long[] {2, 32, 32}, DT, f);
        MultiLayerNetwork back = NirImporter.importFile(f, DT, 0, LossKind.CE);

        INDArray x = events(DataType.DOUBLE, 3, 0.3, 3, 2 * 4, 32, 32);
        List<INDArray> a = neuronOutputs(net, x);
        List<INDArray> b = neuronOutputs(back, x);
        assertEquals(2, a.size());
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            double spikes = a.get(i).sumNumber().doubleValue();
            assertTrue(spikes > 0.05 * a.get(i).length() && spikes < 0.95 * a.get(i).length(),
                    "neuron layer " + i + " spikes at a rate that tests something: " + spikes / a.get(i).length());
            assertEquals(a.get(i), b.get(i), "spikes of neuron layer " + i);
        }
        INDArray ya = net.output(x);
        INDArray yb = back.output(x);
        assertTrue(ya.equalsWithEps(yb, 1e-10), "outputs\n" + ya + "\n" + yb);
    }

    @Test
    void dvsGestureNetFusedFloatRoundTripsWithTheSameOutputs() throws Exception {
        // the default (fused) blocks: ConvBatchNormSpikePool, IdentityConvolution + BatchNormSpikePool; float32
        ModelOptions o = ModelZoo.get("dvs-gesture-net").defaults().input(2, 32, 32).timesteps(2)
                .widthMultiplier(1.0 / 16).seed(5);
        MultiLayerNetwork net = (MultiLayerNetwork) ModelZoo.build("dvs-gesture-net", o).init();
        randomizeBatchNorm(net, 13);
        Path f = dir.resolve("dvs.nir");
        NirExporter.export(net, new long[] {2, 32, 32}, DT, f);
        NirGraph g = NirFile.read(f);
        assertEquals(NirArray.Kind.FLOAT32, g.nodes().values().stream().filter(n -> n.type().equals("Conv2d"))
                .findFirst().orElseThrow().array("weight").kind());
        MultiLayerNetwork back = NirImporter.importFile(f, DT, 0, LossKind.MSE);
        INDArray x = events(DataType.FLOAT, 4, 0.3, 4, 2 * 2, 32, 32);
        INDArray ya = net.output(x);
        INDArray yb = back.output(x);
        // outputs are mean votes of 0/1 spikes (multiples of 1/20): a single flipped spike moves one by 0.05
        assertTrue(ya.sumNumber().doubleValue() > 0, "the last layer spikes");
        assertTrue(ya.equalsWithEps(yb, 1e-6), "outputs\n" + ya + "\n" + yb);
    }

    @Test
    void dvsGestureNetUnfusedDoubleHasTheSameSpikesEverywhere() throws Exception {
        ModelOptions o = ModelZoo.get("dvs-gesture-net").defaults().input(2, 32, 32).timesteps(2)
                .widthMultiplier(1.0 / 16).seed(5).dataType(DataType.DOUBLE).variant("fused", "false");
        MultiLayerNetwork net = (MultiLayerNetwork) ModelZoo.build("dvs-gesture-net", o).init();
        randomizeBatchNorm(net, 17);
        MultiLayerNetwork back = NirImporter.fromNir(NirExporter.toNir(net, new long[] {2, 32, 32}, DT), DT, 0, LossKind.MSE);
        INDArray x = events(DataType.DOUBLE, 6, 0.3, 2, 2 * 2, 32, 32);
        List<INDArray> a = neuronOutputs(net, x);
        List<INDArray> b = neuronOutputs(back, x);
        assertEquals(7, a.size());
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i), b.get(i), "spikes of neuron layer " + i);
        }
        assertTrue(net.output(x).equalsWithEps(back.output(x), 1e-12));
    }
}
