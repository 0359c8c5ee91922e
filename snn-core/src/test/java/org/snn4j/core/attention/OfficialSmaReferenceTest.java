package org.snn4j.core.attention;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.snn4j.core.DoublePrecision;
import org.snn4j.core.TestData;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.neuron.NeuronImplementation;
import org.snn4j.core.torch.TorchLayout;
import org.snn4j.core.torch.TorchName;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SMA against the released SMA-AZO code (reference/official, see its README): the official state dict is
 * imported through {@link SmaTorchNames}, then one training-mode forward and backward (AZO on, as
 * {@code train_flag = 1}) must give the official output, input gradient, every parameter gradient and the
 * BN running statistics after the step, to 1e-6 in double, for the fused and the SameDiff implementation.
 * The AZO cases' selections include t = 0 (which the code never replaces); the AZO mask is checked against
 * the steps and channels the official code selected.
 */
@ExtendWith(DoublePrecision.class)
class OfficialSmaReferenceTest {
    private static final double TOL = 1e-6;

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"sma_plain.json,FUSED", "sma_plain.json,SAMEDIFF", "sma_azo_rtr4_rcr2.json,FUSED",
            "sma_azo_rtr4_rcr2.json,SAMEDIFF", "sma_azo_rtr2_rcr4.json,FUSED", "sma_azo_rtr2_rcr4.json,SAMEDIFF"})
    void smaMatchesOfficialCode(String file, NeuronImplementation impl) {
        checkSma(file, impl);
    }

    private static void checkSma(String file, NeuronImplementation impl) {
        String f = "reference/official/" + file;
        JsonNode ref = TestData.json(f);
        SpikingMultiscaleAttention sma = sma(ref.get("settings"), impl);
        long[] in = shape(ref.get("input_shape"));
        MultiLayerNetwork net = AttentionTestNets.single(sma, in[2], in[3], in[4]);
        List<TorchName> rows = prefixed(SmaTorchNames.of((SpikingMultiscaleAttention) net.getLayerWiseConfigurations()
                .getConf(0).getLayer()), "", "0_");
        check(ref, f, net, rows);
        if (ref.has("azo_selection")) {
            INDArray mask = AttentionTestNets.impl(net, 0).inspect(input(ref, f), true, SpikingMultiscaleAttention.AZO_MASK)
                    .get(SpikingMultiscaleAttention.AZO_MASK);
            JsonNode sel = ref.get("azo_selection");
            for (int s = 0; s < mask.size(0); s++) {
                for (int t = 0; t < mask.size(1); t++) {
                    for (int c = 0; c < mask.size(2); c++) {
                        boolean want = t != 0 && contains(sel.get("steps").get(s), t) && contains(sel.get("channels").get(s), c);
                        assertEquals(want ? 1.0 : 0.0, mask.getDouble(s, t, c), "AZO mask scale " + s + " t " + t + " c " + c);
                    }
                }
            }
        }
    }

    /** The released block2 layout (conv, SMA with AZO, BN, LIF, max pool) at small widths. */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"FUSED", "SAMEDIFF"})
    void smaVggBlockMatchesOfficialCode(NeuronImplementation impl) {
        String f = "reference/official/sma_vgg_block.json";
        JsonNode ref = TestData.json(f);
        JsonNode s = ref.get("settings");
        int t = s.get("time").asInt();
        long[] in = shape(ref.get("input_shape"));
        int c = s.get("channel").asInt();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(1)
                .updater(new NoOp()).list()
                .layer(new ConvolutionLayer.Builder(3, 3).stride(1, 1).padding(1, 1).nOut(c).hasBias(true)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build())
                .layer(sma(s, impl))
                .layer(new BatchNormalization.Builder().decay(0.9).eps(1e-5).build())
                .layer(new LIFNeuron.Builder().timesteps(t).tau(2.0).vThreshold(1.0).vReset(0.0).detachReset(true)
                        .implementation(impl).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2)
                        .convolutionMode(ConvolutionMode.Truncate).build())
                .setInputType(InputType.convolutional(in[3], in[4], in[2])).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        List<TorchName> rows = new ArrayList<>();
        rows.add(new TorchName("0.0.weight", new long[]{c, in[2], 3, 3}, "0_W", TorchLayout.SAME, 0));
        rows.add(new TorchName("0.0.bias", new long[]{c}, "0_b", TorchLayout.SAME, 0));
        rows.addAll(prefixed(SmaTorchNames.of((SpikingMultiscaleAttention) conf.getConf(1).getLayer()), "1.", "1_"));
        rows.add(new TorchName("2.0.weight", new long[]{c}, "2_gamma", TorchLayout.SAME, 0));
        rows.add(new TorchName("2.0.bias", new long[]{c}, "2_beta", TorchLayout.SAME, 0));
        rows.add(new TorchName("2.0.running_mean", new long[]{c}, "2_mean", TorchLayout.SAME, 0));
        rows.add(new TorchName("2.0.running_var", new long[]{c}, "2_log10stdev", TorchLayout.LOG10_STD, 0));
        check(ref, f, net, rows);
    }

    private static SpikingMultiscaleAttention sma(JsonNode s, NeuronImplementation impl) {
        SpikingMultiscaleAttention.Builder b = new SpikingMultiscaleAttention.Builder().timesteps(s.get("time").asInt())
                .kernels(ints(s.get("kernels"), new int[]{1, 3, 5, 7})).channelReduction(s.get("C_reduction").asDouble())
                .timeReduction(s.get("T_reduction").asDouble()).implementation(impl);
        if (s.get("AZO").asBoolean()) {
            b.zoneout(s.get("RTR").asDouble(), s.get("RCR").asDouble());
        }
        return b.build();
    }

    /** Imports state_before, runs forward + backward in training, compares output and gradients (PyTorch layout). */
    private static void check(JsonNode ref, String f, MultiLayerNetwork net, List<TorchName> rows) {
        JsonNode before = ref.get("state_before");
        Set<String> seen = new HashSet<>();
        for (TorchName r : rows) {
            if (r.param() == null) {
                continue;
            }
            JsonNode e = before.get(r.torch());
            assertTrue(e != null, f + ": no state entry " + r.torch());
            assertEquals(Arrays.toString(r.shape()), Arrays.toString(shape(e.get("shape"))), r.torch());
            r.layout().write(Nd4j.create(TestData.doubles(e, "values", f), r.shape(), 'c'), net.getParam(r.param()), r.part());
            seen.add(r.torch());
        }
        before.fieldNames().forEachRemaining(k -> assertTrue(seen.contains(k), f + ": official entry " + k + " not mapped"));

        INDArray x = input(ref, f);
        INDArray w = Nd4j.create(TestData.doubles(ref, "w_loss", f), folded(shape(ref.get("output_shape"))), 'c');
        net.initGradientsView();
        net.setInput(x);
        List<INDArray> acts = net.feedForward(true, false);
        INDArray out = acts.get(acts.size() - 1);
        close(TestData.doubles(ref, "output", f), out, "output");
        Pair<Gradient, INDArray> back = net.backpropGradient(w, LayerWorkspaceMgr.noWorkspaces());
        Gradient g = back.getFirst();
        INDArray dx = back.getSecond();
        close(TestData.doubles(ref, "grad_input", f), dx, "input gradient");
        JsonNode grads = ref.get("grads");
        int compared = 0;
        for (TorchName r : rows) {
            JsonNode want = grads.get(r.torch());
            if (want == null) {
                continue; // running statistics have no gradient
            }
            INDArray ours = g.getGradientFor(r.param());
            assertTrue(ours != null, "no gradient for " + r.param());
            close(TestData.doubles(grads, r.torch(), f), r.layout().read(ours, r.shape(), r.part()), "gradient of " + r.torch());
            compared++;
        }
        assertEquals(grads.size(), compared, "every official parameter gradient compared");
        // SMA updates its BN running statistics in forward (DL4J's own BN only through the updater in fit()).
        JsonNode after = ref.get("state_after");
        for (TorchName r : rows) {
            if (r.param() != null && r.param().matches("\\d+_bn\\d+(Mean|Var)")) {
                close(TestData.doubles(after.get(r.torch()), "values", f),
                        r.layout().read(net.getParam(r.param()), r.shape(), r.part()), "state after " + r.torch());
            }
        }
    }

    private static List<TorchName> prefixed(List<TorchName> rows, String torch, String param) {
        List<TorchName> out = new ArrayList<>();
        for (TorchName r : rows) {
            out.add(r.prefixed(torch, param));
        }
        return out;
    }

    private static INDArray input(JsonNode ref, String f) {
        return Nd4j.create(TestData.doubles(ref, "input", f), folded(shape(ref.get("input_shape"))), 'c');
    }

    /** [T, B, rest...] -> [T*B, rest...]: the same memory order. */
    private static long[] folded(long[] s) {
        long[] f = new long[s.length - 1];
        f[0] = s[0] * s[1];
        System.arraycopy(s, 2, f, 1, s.length - 2);
        return f;
    }

    private static long[] shape(JsonNode n) {
        long[] s = new long[n.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = n.get(i).asLong();
        }
        return s;
    }

    private static int[] ints(JsonNode n, int[] fallback) {
        if (n == null) {
            return fallback;
        }
        int[] s = new int[n.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = n.get(i).asInt();
        }
        return s;
    }

    private static boolean contains(JsonNode arr, int v) {
        for (JsonNode n : arr) {
            if (n.asInt() == v) {
                return true;
            }
        }
        return false;
    }

    private static void close(double[] want, INDArray got, String what) {
        double[] g = got.dup('c').data().asDouble();
        assertEquals(want.length, g.length, what + ": length");
        double worst = 0;
        int at = -1;
        for (int i = 0; i < want.length; i++) {
            double d = Math.abs(want[i] - g[i]) / (1 + Math.abs(want[i]));
            if (d > worst) {
                worst = d;
                at = i;
            }
        }
        assertTrue(worst <= TOL, what + ": worst relative difference " + worst + " at " + at + " (want " +
                (at < 0 ? "" : want[at] + ", got " + g[at]) + ")");
    }
}
