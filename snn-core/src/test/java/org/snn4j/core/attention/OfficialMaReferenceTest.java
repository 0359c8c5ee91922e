package org.snn4j.core.attention;

import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.snn4j.core.DoublePrecision;
import org.snn4j.core.TestData;
import org.snn4j.core.torch.TorchLayout;
import org.snn4j.core.torch.TorchName;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MA-SNN's TCSA against the released code ({@code BICLab/Attention-SNN}, {@code MA_SNN/module/Attention.py},
 * reference/official/ma_tcsa.json): TA -> CA -> SA in series with joint pooling and the trailing ReLU, as the
 * layer's defaults (input-current placement); output, input gradient and every weight gradient to 1e-6 in
 * double. The released code is batch-first [B, T, C, H, W]; ours is T-major [T*B, C, H, W].
 */
@ExtendWith(DoublePrecision.class)
class OfficialMaReferenceTest {
    private static final String F = "reference/official/ma_tcsa.json";

    @Test
    void tcsaMatchesOfficialCode() {
        JsonNode ref = TestData.json(F);
        JsonNode s = ref.get("settings");
        int t = s.get("timeWindows").asInt();
        long c = s.get("channels").asLong();
        long th = t / s.get("t_ratio").asLong();
        long ch = c / s.get("c_ratio").asLong();
        int k = s.get("spatial_kernel").asInt();
        long[] in = new long[5];
        for (int i = 0; i < 5; i++) {
            in[i] = ref.get("input_shape").get(i).asLong();
        }
        MultiDimensionalAttention ma = new MultiDimensionalAttention.Builder().timesteps(t).dimensions("TCS")
                .temporalReduction(s.get("t_ratio").asDouble()).channelReduction(s.get("c_ratio").asDouble())
                .spatialKernel(k).build();
        MultiLayerNetwork net = AttentionTestNets.single(ma, c, in[3], in[4]);
        List<TorchName> rows = List.of(
                new TorchName("ta.sharedMLP.0.weight", new long[]{th, t, 1, 1, 1}, "0_taW0", TorchLayout.TRANSPOSED, 0),
                new TorchName("ta.sharedMLP.2.weight", new long[]{t, th, 1, 1, 1}, "0_taW1", TorchLayout.TRANSPOSED, 0),
                new TorchName("ca.sharedMLP.0.weight", new long[]{ch, c, 1, 1, 1}, "0_caW0", TorchLayout.TRANSPOSED, 0),
                new TorchName("ca.sharedMLP.2.weight", new long[]{c, ch, 1, 1, 1}, "0_caW1", TorchLayout.TRANSPOSED, 0),
                new TorchName("sa.conv.weight", new long[]{1, 2, k, k}, "0_saW", TorchLayout.CONV_YXIO, 0));
        JsonNode before = ref.get("state_before");
        assertEquals(rows.size(), before.size(), "every official tensor mapped");
        for (TorchName r : rows) {
            r.layout().write(Nd4j.create(TestData.doubles(before.get(r.torch()), "values", F), r.shape(), 'c'),
                    net.getParam(r.param()), r.part());
        }
        assertEquals(net.numParams(), rows.stream().mapToLong(r -> java.util.Arrays.stream(r.shape()).reduce(1, (a, b) -> a * b)).sum(),
                "no parameter of ours is left unset");
        INDArray x = tMajor(TestData.doubles(ref, "input", F), in);
        INDArray w = tMajor(TestData.doubles(ref, "w_loss", F), in);
        net.initGradientsView();
        net.setInput(x);
        List<INDArray> acts = net.feedForward(true, false);
        close(tMajor(TestData.doubles(ref, "output", F), in), acts.get(acts.size() - 1), "output");
        Pair<Gradient, INDArray> back = net.backpropGradient(w, LayerWorkspaceMgr.noWorkspaces());
        close(tMajor(TestData.doubles(ref, "grad_input", F), in), back.getSecond(), "input gradient");
        for (TorchName r : rows) {
            INDArray want = Nd4j.create(TestData.doubles(ref.get("grads"), r.torch(), F), r.shape(), 'c');
            close(want, r.layout().read(back.getFirst().getGradientFor(r.param()), r.shape(), r.part()), "gradient of " + r.torch());
        }
    }

    /** [B, T, C, H, W] (flat, batch first) -> [T*B, C, H, W]. */
    private static INDArray tMajor(double[] v, long[] s) {
        return Nd4j.create(v, s, 'c').permute(1, 0, 2, 3, 4).dup('c').reshape(s[0] * s[1], s[2], s[3], s[4]);
    }

    private static void close(INDArray want, INDArray got, String what) {
        assertEquals(java.util.Arrays.toString(want.shape()), java.util.Arrays.toString(got.shape()), what);
        double d = AttentionTestNets.relativeDifference(got, want);
        assertTrue(d < 1e-6, what + ": relative difference " + d);
    }
}
