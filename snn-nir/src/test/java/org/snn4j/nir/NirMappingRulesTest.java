package org.snn4j.nir;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.snn4j.core.neuron.IFNeuron;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.neuron.PLIFNeuron;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.time.MeanOverTime;
import org.snn4j.models.layer.Voting;
import org.snn4j.models.loss.LossKind;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each mapping rule of docs/nir.md, one at a time, on small networks and graphs with known numbers. */
class NirMappingRulesTest {
    static final double DT = 1e-4;

    static MultiLayerNetwork net(int t, InputType in, Layer... layers) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(1).list();
        b.layer(0, new FoldTime(t));
        for (int i = 0; i < layers.length; i++) {
            b.layer(i + 1, layers[i]);
        }
        b.layer(layers.length + 1, new MeanOverTime(t));
        b.layer(layers.length + 2, new LossLayer.Builder().lossFunction(new LossMSE()).activation(Activation.IDENTITY).build());
        MultiLayerNetwork n = new MultiLayerNetwork(b.setInputType(in).build());
        n.init();
        return n;
    }

    static DenseLayer dense(int in, int out, boolean bias) {
        return new DenseLayer.Builder().nIn(in).nOut(out).hasBias(bias).activation(Activation.IDENTITY).build();
    }

    static List<NirNode> nodes(NirGraph g) {
        List<NirNode> out = new ArrayList<>();
        for (String n : g.chain()) {
            out.add(g.nodes().get(n));
        }
        return out;
    }

    static void assertFull(NirArray a, long[] shape, double v) {
        assertArrayEquals(shape, a.shape());
        for (double x : a.values()) {
            assertEquals(v, x, 0.0);
        }
    }

    @Test
    void lifMapsLikeSpikingJellysExporter() {
        MultiLayerNetwork n = net(2, InputType.convolutional(1, 1, 3 * 2), dense(3, 2, true),
                new LIFNeuron.Builder().timesteps(2).tau(3).decayInput(true).vThreshold(0.7).vReset(0.1).build());
        NirNode lif = nodes(NirExporter.toNir(n, new long[] {3}, DT)).get(2);
        assertEquals("LIF", lif.type());
        assertFull(lif.array("tau"), new long[] {2}, 3 * DT);
        assertFull(lif.array("r"), new long[] {2}, 1.0);
        assertFull(lif.array("v_leak"), new long[] {2}, 0.1);
        assertFull(lif.array("v_reset"), new long[] {2}, 0.1);
        assertFull(lif.array("v_threshold"), new long[] {2}, 0.7);
        assertEquals(NirExporter.FIRES_AT_EQUAL, lif.metaString(NirExporter.META_FIRING));

        MultiLayerNetwork m = net(2, InputType.convolutional(1, 1, 3 * 2), dense(3, 2, true),
                new LIFNeuron.Builder().timesteps(2).tau(3).decayInput(false).strictThreshold(true).build());
        NirNode lif2 = nodes(NirExporter.toNir(m, new long[] {3}, DT)).get(2);
        assertFull(lif2.array("r"), new long[] {2}, 3.0);
        assertEquals(null, lif2.metaString(NirExporter.META_FIRING));
    }

    @Test
    void ifMapsToRadiusOneOverDt() {
        MultiLayerNetwork n = net(2, InputType.convolutional(1, 1, 3 * 2), dense(3, 4, false),
                new IFNeuron.Builder().timesteps(2).vThreshold(0.5).vReset(-0.2).build());
        List<NirNode> g = nodes(NirExporter.toNir(n, new long[] {3}, DT));
        assertEquals("Linear", g.get(1).type());
        assertEquals("IF", g.get(2).type());
        assertFull(g.get(2).array("r"), new long[] {4}, 1 / DT);
        assertFull(g.get(2).array("v_reset"), new long[] {4}, -0.2);
        // NIR's (out, in) is DL4J's W transposed
        INDArray w = n.getLayer(1).getParam("W");
        assertArrayEquals(new long[] {4, 3}, g.get(1).array("weight").shape());
        assertEquals(w.getDouble(2, 1), g.get(1).array("weight").values()[1 * 3 + 2], 0.0);
    }

    @Test
    void batchNormIsFoldedIntoTheConvBeforeIt() {
        int t = 1;
        MultiLayerNetwork n = net(t, InputType.convolutional(3, 3, 2),
                new ConvolutionLayer.Builder(1, 1).nOut(2).hasBias(true).convolutionMode(ConvolutionMode.Truncate)
                        .activation(Activation.IDENTITY).build(),
                new BatchNormalization.Builder().useLogStd(false).eps(1e-5).build(),
                new IFNeuron.Builder().timesteps(t).build());
        INDArray w = n.getLayer(1).getParam("W");
        w.assign(Nd4j.createFromArray(new double[] {1, 2, 3, 4}).reshape(2, 2, 1, 1));
        n.getLayer(1).getParam("b").assign(Nd4j.createFromArray(new double[] {0.5, -1}).reshape(1, 2));
        n.getLayer(2).getParam("gamma").assign(Nd4j.createFromArray(new double[] {2, 3}).reshape(1, 2));
        n.getLayer(2).getParam("beta").assign(Nd4j.createFromArray(new double[] {0.25, 0}).reshape(1, 2));
        n.getLayer(2).getParam("mean").assign(Nd4j.createFromArray(new double[] {1, -2}).reshape(1, 2));
        n.getLayer(2).getParam("var").assign(Nd4j.createFromArray(new double[] {4 - 1e-5, 0.25 - 1e-5}).reshape(1, 2));
        List<NirNode> g = nodes(NirExporter.toNir(n, new long[] {2, 3, 3}, DT));
        assertEquals(List.of("Input", "Conv2d", "IF", "Output"), g.stream().map(NirNode::type).toList());
        // channel 0: s = 2/2 = 1; channel 1: s = 3/0.5 = 6
        assertArrayEquals(new double[] {1, 2, 18, 24}, g.get(1).array("weight").values(), 1e-9);
        assertArrayEquals(new double[] {(0.5 - 1) * 1 + 0.25, (-1 + 2) * 6 + 0}, g.get(1).array("bias").values(), 1e-9);
        assertArrayEquals(new long[] {3, 3}, g.get(1).array("input_shape").asLongs());
        assertFull(g.get(2).array("r"), new long[] {2, 3, 3}, 1 / DT);
    }

    @Test
    void maxPoolOfSpikesIsSumPoolThenThresholdAndOfAnythingElseRefused() {
        int t = 1;
        Layer conv = new ConvolutionLayer.Builder(3, 3).nOut(2).padding(1, 1).convolutionMode(ConvolutionMode.Truncate)
                .activation(Activation.IDENTITY).build();
        Layer pool = new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                .convolutionMode(ConvolutionMode.Truncate).build();
        MultiLayerNetwork n = net(t, InputType.convolutional(4, 4, 1), conv, new LIFNeuron.Builder().timesteps(t).build(), pool);
        List<NirNode> g = nodes(NirExporter.toNir(n, new long[] {1, 4, 4}, DT));
        assertEquals(List.of("Input", "Conv2d", "LIF", "SumPool2d", "Threshold", "Output"), g.stream().map(NirNode::type).toList());
        assertFull(g.get(4).array("threshold"), new long[] {2, 2, 2}, 0.5);
        assertArrayEquals(new long[] {2, 2, 2}, g.get(5).array("shape").asLongs());

        MultiLayerNetwork bad = net(t, InputType.convolutional(4, 4, 1), conv.clone(), pool.clone());
        UnsupportedNirException e = assertThrows(UnsupportedNirException.class,
                () -> NirExporter.toNir(bad, new long[] {1, 4, 4}, DT));
        assertTrue(e.getMessage().contains("layer 2 (SubsamplingLayer") && e.getMessage().contains("max pooling"), e.getMessage());
    }

    @Test
    void votingIsAFixedLinearOfGroupMeans() {
        MultiLayerNetwork n = net(1, InputType.convolutional(1, 1, 4), dense(4, 6, true),
                new LIFNeuron.Builder().timesteps(1).build(), new Voting(3));
        List<NirNode> g = nodes(NirExporter.toNir(n, new long[] {4}, DT));
        NirNode v = g.get(3);
        assertEquals("Linear", v.type());
        assertArrayEquals(new long[] {2, 6}, v.array("weight").shape());
        double third = 1.0 / 3;
        assertArrayEquals(new double[] {third, third, third, 0, 0, 0, 0, 0, 0, third, third, third}, v.array("weight").values(), 0.0);
    }

    @Test
    void refusesByNameWhatNirCannotExpress() {
        InputType in = InputType.convolutional(1, 1, 3);
        assertRefused("soft reset", net(1, in, dense(3, 2, true), new LIFNeuron.Builder().timesteps(1).softReset().build()));
        assertRefused("PLIF", net(1, in, dense(3, 2, true), new PLIFNeuron.Builder().initTau(2).timesteps(1).build()));
        assertRefused("activation", net(1, in, new DenseLayer.Builder().nIn(3).nOut(2).activation(Activation.RELU).build()));
        NeuralNetConfiguration.ListBuilder withOutputLayer = new NeuralNetConfiguration.Builder().list()
                .layer(0, new FoldTime(1)).layer(1, dense(3, 2, true)).layer(2, new MeanOverTime(1))
                .layer(3, new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(2).nOut(2).build());
        MultiLayerNetwork ol = new MultiLayerNetwork(withOutputLayer.setInputType(in).build());
        ol.init();
        UnsupportedNirException after = assertThrows(UnsupportedNirException.class, () -> NirExporter.toNir(ol, new long[] {3}, DT));
        assertTrue(after.getMessage().contains("layer 3 (OutputLayer) follows the time readout"), after.getMessage());
        assertRefused("SMA (spiking", (MultiLayerNetwork) ModelZoo.build("small-sma-snn", small("small-sma-snn")).init());
        assertRefused("SMA with AZO", (MultiLayerNetwork) ModelZoo.build("small-sma-azo-snn", small("small-sma-azo-snn")).init());
        ModelOptions ma = ModelZoo.get("ma-snn-3layer").defaults().timesteps(2).widthMultiplier(1.0 / 16)
                .variant("attention", "TCSA").neuron(t -> new LIFNeuron.Builder().timesteps(t).build());
        MultiLayerNetwork maNet = (MultiLayerNetwork) ModelZoo.build("ma-snn-3layer", ma).init();
        long[] maIn = {ma.channels(), ma.height(), ma.width()};
        UnsupportedNirException e = assertThrows(UnsupportedNirException.class, () -> NirExporter.toNir(maNet, maIn, DT));
        assertTrue(e.getMessage().contains("MA (multi-dimensional attention)"), e.getMessage());
        Object resnet = ModelZoo.build("ms-resnet-18", ModelZoo.get("ms-resnet-18").defaults().widthMultiplier(1.0 / 16)).init();
        e = assertThrows(UnsupportedNirException.class, () -> NirExporter.toNir((org.deeplearning4j.nn.api.Model) resnet, new long[] {2, 32, 32}, DT));
        assertTrue(e.getMessage().contains("ComputationGraph"), e.getMessage());
    }

    private static ModelOptions small(String name) {
        return ModelZoo.get(name).defaults().timesteps(4);
    }

    private static void assertRefused(String what, MultiLayerNetwork n) {
        long[] in = n.getLayerWiseConfigurations().getConf(1).getLayer() instanceof DenseLayer ? new long[] {3} : new long[] {2, 32, 32};
        UnsupportedNirException e = assertThrows(UnsupportedNirException.class, () -> NirExporter.toNir(n, in, DT));
        assertTrue(e.getMessage().contains(what) && e.getMessage().startsWith("layer "), e.getMessage());
    }

    // ---- import ----

    /** Input(1) -> Linear(1x1, weight w) -> neuron -> Output. */
    static NirGraph single(double w, NirNode neuron) {
        NirGraph g = new NirGraph();
        g.add("in", new NirNode("Input").put("shape", NirArray.ints(1)));
        g.add("w", new NirNode("Linear").put("weight", new NirArray(new double[] {w}, new long[] {1, 1}, NirArray.Kind.FLOAT64)));
        g.add("n", neuron);
        g.add("out", new NirNode("Output").put("shape", NirArray.ints(1)));
        return g.edge("in", "w").edge("w", "n").edge("n", "out");
    }

    static NirArray one(double v) {
        return new NirArray(new double[] {v}, new long[] {1}, NirArray.Kind.FLOAT64);
    }

    static NirNode lif(double tau, double r, double vLeak, double vth, double vReset) {
        return new NirNode("LIF").put("tau", one(tau)).put("r", one(r)).put("v_leak", one(vLeak))
                .put("v_threshold", one(vth)).put("v_reset", one(vReset));
    }

    /** Spikes of the imported single neuron for the input sequence x (one value per step, N = 1). */
    static double[] spikes(NirGraph g, double dt, double[] x) {
        MultiLayerNetwork n = NirImporter.fromNir(g, dt, x.length, LossKind.MSE);
        INDArray in = Nd4j.createFromArray(x).reshape(1, x.length, 1, 1).castTo(n.params().dataType());
        List<INDArray> acts = n.feedForward(in, false);
        for (int i = 0; i < n.getnLayers(); i++) {
            if (n.getLayerWiseConfigurations().getConf(i).getLayer() instanceof SpikingNeuron) {
                return acts.get(i + 1).castTo(DataType.DOUBLE).data().asDouble();
            }
        }
        throw new AssertionError("no neuron");
    }

    /** NIR's LIF/IF equations stepped with forward Euler at dt (the discretisation SpikingJelly's mapping implies). */
    static double[] euler(boolean leaky, double tau, double r, double vLeak, double vth, double vReset, double w, double dt, double[] x) {
        double v = vReset;
        double[] s = new double[x.length];
        for (int t = 0; t < x.length; t++) {
            double in = w * x[t];
            v = leaky ? v + dt / tau * ((vLeak - v) + r * in) : v + dt * r * in;
            if (v > vth) {
                s[t] = 1;
                v = vReset;
            }
        }
        return s;
    }

    static final double[] X = {0.9, 1.7, 0.2, 2.5, 2.4, 0.1, 3.0, 1.1, 0.7, 2.2, 1.9, 0.4};

    @Test
    void importedLifStepsNirsEquationWithEuler() {
        double dt = 1e-3;
        // r = 1 (decay_input), r = tau/dt (no decay_input), and a gain r folded into the weight
        for (double r : new double[] {1, 3, 1.5}) {
            NirGraph g = single(1.2, lif(3e-3, r, 0.05, 1.0, 0.05));
            double[] want = euler(true, 3e-3, r, 0.05, 1.0, 0.05, 1.2, dt, X);
            double[] got = spikes(g, dt, X);
            assertArrayEquals(want, got, "r = " + r);
            assertTrue(java.util.Arrays.stream(want).sum() >= 3 && java.util.Arrays.stream(want).sum() <= 9, "r = " + r);
        }
    }

    @Test
    void importedIfStepsNirsEquationWithEuler() {
        double dt = 1e-3;
        for (double r : new double[] {1 / dt, 0.5 / dt}) {
            NirGraph g = single(0.8, new NirNode("IF").put("r", one(r)).put("v_threshold", one(1.5)).put("v_reset", one(0)));
            double[] want = euler(false, 0, r, 0, 1.5, 0, 0.8, dt, X);
            assertArrayEquals(want, spikes(g, dt, X), "r = " + r);
            assertTrue(java.util.Arrays.stream(want).sum() >= 2);
        }
    }

    @Test
    void importedNeuronsFireStrictlyAboveThresholdAsNirSays() {
        // input exactly at threshold: NIR (v > v_thr) does not fire; a file marked by snn4j (v >= v_thr) does
        double dt = 1e-3;
        NirNode n = new NirNode("IF").put("r", one(1 / dt)).put("v_threshold", one(1)).put("v_reset", one(0));
        assertArrayEquals(new double[] {0, 1}, spikes(single(1, n), dt, new double[] {1, 1}));
        n.meta(NirExporter.META_FIRING, NirExporter.FIRES_AT_EQUAL);
        assertArrayEquals(new double[] {1, 1}, spikes(single(1, n), dt, new double[] {1, 1}));
    }

    @Test
    void importRefusesByNameWhatSnn4jCannotExpress() {
        double dt = 1e-3;
        assertImportRefused("v_leak 0.3 differs from v_reset", single(1, lif(3e-3, 1, 0.3, 1, 0)), dt);
        assertImportRefused("tau/dt = 1.0", single(1, lif(1e-3, 1, 0, 1, 0)), dt);
        NirNode mixed = new NirNode("IF").put("r", new NirArray(new double[] {1000, 2000}, new long[] {2}, NirArray.Kind.FLOAT64))
                .put("v_threshold", one(1)).put("v_reset", one(0));
        assertImportRefused("r differs between neurons", single(1, mixed), dt);
        NirNode cuba = new NirNode("CubaLIF");
        assertImportRefused("node 'n' (CubaLIF): current-based", single(1, cuba), dt);
        assertImportRefused("node 'n' (Threshold)", single(1, new NirNode("Threshold").put("threshold", one(0.5))), dt);
        NirGraph branch = single(1, lif(3e-3, 1, 0, 1, 0));
        branch.add("extra", new NirNode("Linear").put("weight", new NirArray(new double[] {1}, new long[] {1, 1}, NirArray.Kind.FLOAT64)));
        branch.edge("in", "extra");
        assertImportRefused("feeds more than one node", branch, dt);
    }

    private static void assertImportRefused(String what, NirGraph g, double dt) {
        UnsupportedNirException e = assertThrows(UnsupportedNirException.class, () -> NirImporter.fromNir(g, dt, 2, LossKind.MSE));
        assertTrue(e.getMessage().contains(what), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }
}
