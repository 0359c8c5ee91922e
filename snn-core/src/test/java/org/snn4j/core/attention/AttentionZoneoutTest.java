package org.snn4j.core.attention;

import org.snn4j.core.DoublePrecision;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.neuron.NeuronImplementation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** AZO inside SMA: inference unchanged, training replaces exactly the selected entries by their t-1 value. */
@ExtendWith(DoublePrecision.class)
class AttentionZoneoutTest {
    private static final int T = 6;
    private static final int N = 3;
    private static final int C = 8;
    private static final int H = 4;
    private static final int W = 4;
    private static final int SCALES = 2;

    private static SpikingMultiscaleAttention.Builder base() {
        return new SpikingMultiscaleAttention.Builder().timesteps(T).kernels(1, 3).activation(ScaleActivation.RELU)
                .channelReduction(2).timeReduction(2);
    }

    @ParameterizedTest
    @EnumSource(NeuronImplementation.class)
    void inferenceOutputIsIdenticalWithZoneoutOnOrOff(NeuronImplementation implementation) {
        MultiLayerNetwork on = AttentionTestNets.single(base().implementation(implementation).zoneout(2, 4).build(), C, H, W);
        MultiLayerNetwork off = AttentionTestNets.single(base().implementation(implementation).build(), C, H, W);
        off.setParams(on.params().dup());
        INDArray x = AttentionTestNets.input(11, T * N, C, H, W);
        assertEquals(off.output(x), on.output(x));
        INDArray trainOn = on.feedForward(x, true).get(1);
        INDArray trainOff = off.feedForward(x, true).get(1);
        assertNotEquals(trainOff, trainOn, "AZO must change the training output");
    }

    @ParameterizedTest
    @EnumSource(NeuronImplementation.class)
    void trainingReplacesOnlySelectedEntriesByPreviousStep(NeuronImplementation implementation) {
        int rtr = 2;
        int rcr = 4;
        MultiLayerNetwork net = AttentionTestNets.single(base().implementation(implementation).zoneout(rtr, rcr).build(), C, H, W);
        INDArray x = AttentionTestNets.input(12, T * N, C, H, W);
        InspectableAttention impl = AttentionTestNets.impl(net, 0);
        Map<String, INDArray> v = impl.inspect(x, true, SpikingMultiscaleAttention.ATTENTION_TIME,
                SpikingMultiscaleAttention.ATTENTION_CHANNEL, SpikingMultiscaleAttention.AZO_MASK,
                "weighted_0", "weighted_1", "zoned_0", "zoned_1");
        INDArray mask = v.get(SpikingMultiscaleAttention.AZO_MASK);
        INDArray expectedMask = hostSelection(v.get(SpikingMultiscaleAttention.ATTENTION_TIME),
                v.get(SpikingMultiscaleAttention.ATTENTION_CHANNEL), T / rtr, C / rcr);
        assertEquals(expectedMask, mask, "graph selection equals an independent host top-k");
        assertTrue(mask.sumNumber().doubleValue() > 0, "this input must select something");
        INDArray sum = null;
        for (int i = 0; i < SCALES; i++) {
            INDArray y = v.get("weighted_" + i);                 // [T, N, C, H*W]
            INDArray z = v.get("zoned_" + i);
            for (int t = 0; t < T; t++) {
                for (int c = 0; c < C; c++) {
                    boolean selected = mask.getDouble(i, t, c) == 1.0;
                    INDArray got = z.get(idx(t), all(), idx(c), all());
                    INDArray want = y.get(idx(selected ? t - 1 : t), all(), idx(c), all());
                    assertEquals(want, got, "scale " + i + " t=" + t + " c=" + c + " selected=" + selected);
                    if (t == 0) {
                        assertEquals(0.0, mask.getDouble(i, t, c), "t = 0 is never replaced");
                    }
                }
            }
            sum = sum == null ? z.dup() : sum.addi(z);
        }
        INDArray out = net.feedForward(x, true).get(1);
        assertEquals(0.0, out.sub(sum.reshape(out.shape())).amaxNumber().doubleValue(), 1e-12,
                "layer output is the sum of the zoned scale maps");
    }

    @ParameterizedTest
    @EnumSource(NeuronImplementation.class)
    void fixedSelectionIsUsedAndValidated(NeuronImplementation implementation) {
        int[][] steps = {{0, 2}, {3}};
        int[][] chans = {{1}, {0, 5}};
        MultiLayerNetwork net = AttentionTestNets.single(base().implementation(implementation).fixedZoneout(steps, chans).build(),
                C, H, W);
        INDArray x = AttentionTestNets.input(13, T * N, C, H, W);
        INDArray mask = AttentionTestNets.impl(net, 0).inspect(x, true, SpikingMultiscaleAttention.AZO_MASK)
                .get(SpikingMultiscaleAttention.AZO_MASK);
        INDArray expected = Nd4j.zeros(DataType.DOUBLE, SCALES, T, C);
        expected.putScalar(0, 2, 1, 1.0);                      // step 0 dropped: it has no predecessor
        expected.putScalar(1, 3, 0, 1.0);
        expected.putScalar(1, 3, 5, 1.0);
        assertEquals(expected, mask);
        assertThrows(IllegalArgumentException.class,
                () -> AttentionZoneout.fixedMask(new int[][]{{T}, {1}}, chans, SCALES, T, C, DataType.DOUBLE));
    }

    /** Independent top-k: n_T weakest steps by sum_b A^T, then n_C weakest channels over those steps. */
    private static INDArray hostSelection(INDArray attT, INDArray attC, int nT, int nC) {
        INDArray mask = Nd4j.zeros(DataType.DOUBLE, SCALES, T, C);
        for (int i = 0; i < SCALES; i++) {
            final int scale = i;
            double[] s = new double[T];
            for (int t = 0; t < T; t++) {
                for (int b = 0; b < N; b++) {
                    s[t] += attT.getDouble(t * N + b, scale);
                }
            }
            List<Integer> steps = weakest(s, nT);
            double[] r = new double[C];
            for (int t : steps) {
                for (int b = 0; b < N; b++) {
                    for (int c = 0; c < C; c++) {
                        r[c] += attC.getDouble(t * N + b, scale, c);
                    }
                }
            }
            Set<Integer> chans = new HashSet<>(weakest(r, nC));
            for (int t : steps) {
                for (int c : chans) {
                    if (t > 0) {
                        mask.putScalar(scale, t, c, 1.0);
                    }
                }
            }
        }
        return mask;
    }

    private static List<Integer> weakest(double[] score, int k) {
        return new ArrayList<>(IntStream.range(0, score.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(j -> score[j]).thenComparingInt(j -> j))
                .limit(k).collect(Collectors.toList()));
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex idx(long i) {
        return org.nd4j.linalg.indexing.NDArrayIndex.point(i);
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }
}
