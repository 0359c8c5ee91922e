package org.snn4j.core.attention;

import org.snn4j.core.DoublePrecision;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.neuron.LIFNeuron;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * MA-SNN attention against a plain-Java reference of the equations (MA-SNN paper), both placements, IAP,
 * and the parameter counts of the released 5-layer net and the paper's Table 5.
 */
@ExtendWith(DoublePrecision.class)
class MultiDimensionalAttentionTest {
    private static final int T = 3;
    private static final int N = 2;
    private static final int C = 4;
    private static final int H = 5;
    private static final int W = 4;

    private static MultiDimensionalAttention.Builder base() {
        return new MultiDimensionalAttention.Builder().timesteps(T).temporalReduction(1.5).channelReduction(2);
    }

    @Test
    void codeDefaultTcsaMatchesReference() {
        MultiLayerNetwork net = AttentionTestNets.single(base().build(), C, H, W);
        INDArray x = AttentionTestNets.input(21, T * N, C, H, W);
        double[][][][][] ref = MaReference.of(x, T, N);
        MaReference.temporal(ref, net.getLayer(0).getParam("taW0"), net.getLayer(0).getParam("taW1"));
        MaReference.channel(ref, net.getLayer(0).getParam("caW0"), net.getLayer(0).getParam("caW1"), true);
        MaReference.spatial(ref, net.getLayer(0).getParam("saW"), 3, true);
        MaReference.relu(ref);
        INDArray out = net.output(x);
        assertArrayEquals(x.shape(), out.shape());
        assertEquals(0.0, out.sub(MaReference.toArray(ref)).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void paperPerStepPoolingOtherOrderMatchesReference() {
        MultiLayerNetwork net = AttentionTestNets.single(base().dimensions("SC").pooling(AttentionPooling.PER_STEP)
                .spatialKernel(5).trailingRelu(false).build(), C, H, W);
        INDArray x = AttentionTestNets.input(22, T * N, C, H, W);
        double[][][][][] ref = MaReference.of(x, T, N);
        MaReference.spatial(ref, net.getLayer(0).getParam("saW"), 5, false);
        MaReference.channel(ref, net.getLayer(0).getParam("caW0"), net.getLayer(0).getParam("caW1"), false);
        assertEquals(0.0, net.output(x).sub(MaReference.toArray(ref)).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void membranePlacementRefinesThePotentialInsideTheLoop() {
        LIFNeuron neuron = MultiDimensionalAttention.paperNeuron(T);
        MultiLayerNetwork net = AttentionTestNets.single(base().dimensions("TC").placement(AttentionPlacement.MEMBRANE_POTENTIAL)
                .pooling(AttentionPooling.PER_STEP).neuron(neuron).build(), C, H, W);
        INDArray x = AttentionTestNets.input(23, T * N, C, H, W);
        double[][][][][] xt = MaReference.of(x, T, N);
        MaReference.temporal(xt, net.getLayer(0).getParam("taW0"), net.getLayer(0).getParam("taW1"));
        INDArray w0 = net.getLayer(0).getParam("caW0");
        INDArray w1 = net.getLayer(0).getParam("caW1");
        // U^t = H^{t-1} + X^t; U^t <- CA(U^t); S = U >= 0.3; H = 0.3 U (1 - S)
        double[][][][][] spikes = new double[T][N][C][H][W];
        double[][][][] hState = new double[N][C][H][W];
        for (int t = 0; t < T; t++) {
            double[][][][][] u = new double[1][N][C][H][W];
            for (int n = 0; n < N; n++) {
                for (int c = 0; c < C; c++) {
                    for (int i = 0; i < H; i++) {
                        for (int j = 0; j < W; j++) {
                            u[0][n][c][i][j] = hState[n][c][i][j]
                                    + xt[t][n][c][i][j];
                        }
                    }
                }
            }
            MaReference.channel(u, w0, w1, false);
            for (int n = 0; n < N; n++) {
                for (int c = 0; c < C; c++) {
                    for (int i = 0; i < H; i++) {
                        for (int j = 0; j < W; j++) {
                            double uu = u[0][n][c][i][j];
                            double s = uu - 0.3 >= 0 ? 1 : 0;
                            spikes[t][n][c][i][j] = s;
                            hState[n][c][i][j] = 0.3 * uu * (1 - s);
                        }
                    }
                }
            }
        }
        INDArray out = net.output(x);
        INDArray expected = MaReference.toArray(spikes);
        assertTrue(expected.sumNumber().doubleValue() > 0 && expected.sumNumber().doubleValue() < expected.length(),
                "the test input must make some but not all neurons fire");
        assertEquals(0.0, out.sub(expected).amaxNumber().doubleValue(), 0.0);
    }

    @Test
    void inferenceThresholdGivesBinaryFrameWeights() {
        MultiLayerNetwork net = AttentionTestNets.single(base().dimensions("T").trailingRelu(false)
                .temporalSqueeze(TemporalSqueeze.AVG_WITH_BIAS).inferenceThreshold(0.5).build(), C, H, W);
        INDArray x = AttentionTestNets.input(24, T * N, C, H, W);
        InspectableAttention impl = AttentionTestNets.impl(net, 0);
        INDArray soft = impl.inspect(x, true, MultiDimensionalAttention.ATTENTION_TIME).get(MultiDimensionalAttention.ATTENTION_TIME);
        INDArray hard = impl.inspect(x, false, MultiDimensionalAttention.ATTENTION_TIME).get(MultiDimensionalAttention.ATTENTION_TIME);
        assertEquals(soft.gte(0.5).castTo(DataType.DOUBLE), hard);
        INDArray out = net.output(x);
        for (int t = 0; t < T; t++) {
            for (int n = 0; n < N; n++) {
                INDArray row = x.get(org.nd4j.linalg.indexing.NDArrayIndex.point((long) t * N + n));
                assertEquals(row.mul(hard.getDouble(n, t)),
                        out.get(org.nd4j.linalg.indexing.NDArrayIndex.point((long) t * N + n)));
            }
        }
    }

    @Test
    void invalidCompositionsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> base().dimensions("TT"));
        assertThrows(IllegalArgumentException.class, () -> base().dimensions("TXS"));
        assertThrows(IllegalArgumentException.class,
                () -> base().dimensions("CT").placement(AttentionPlacement.MEMBRANE_POTENTIAL).build());
        assertThrows(IllegalArgumentException.class, () -> base().dimensions("CS").inferenceThreshold(0.5).build());
    }

    /** Released 5-layer Gait net: TCSA (r_t 2, r_c 8, T 8) adds 87,834 (MA-SNN code's Gait net): 5 conv blocks + TA on 2 FCs. */
    @Test
    void parameterCountsMatchReleasedCodeAndPaper() {
        long total = 0;
        for (long c : new long[]{32, 64, 128, 256, 512}) {
            MultiDimensionalAttention a = new MultiDimensionalAttention.Builder().timesteps(8).build();
            a.setNIn(InputType.convolutional(8, 8, c), true);
            total += a.numTrainableParams();
        }
        long taOnFc = 2 * (8 * 4 + 4 * 8);
        assertEquals(87_834, total + taOnFc);
        long paperCa = 0;
        for (long c : new long[]{64, 128, 128}) {
            MultiDimensionalAttention a = new MultiDimensionalAttention.Builder().timesteps(60).dimensions("C")
                    .paperDefaults().build();
            a.setNIn(InputType.convolutional(8, 8, c), true);
            paperCa += a.numTrainableParams();
        }
        assertEquals(4_608, paperCa, "paper Table 5: CBAM-CA adds 4,608 with r_c = 16");
    }

    @Test
    void temporalAttentionRunsOnFullyConnectedInput() {
        MultiDimensionalAttention ta = base().dimensions("T").build();
        MultiLayerNetwork net = new MultiLayerNetwork(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(4).list().layer(ta).setInputType(InputType.feedForward(10)).build());
        net.init();
        INDArray x = AttentionTestNets.input(26, T * N, 10);
        double[][][][][] ref = MaReference.of(x.reshape(T * N, 10, 1, 1), T, N);
        MaReference.temporal(ref, net.getLayer(0).getParam("taW0"), net.getLayer(0).getParam("taW1"));
        MaReference.relu(ref);
        INDArray out = net.output(x);
        assertArrayEquals(x.shape(), out.shape());
        assertEquals(0.0, out.sub(MaReference.toArray(ref).reshape(T * N, 10)).amaxNumber().doubleValue(), 1e-12);
        assertThrows(IllegalArgumentException.class,
                () -> base().dimensions("TC").build().getOutputType(0, InputType.feedForward(10)));
    }

    @Test
    void attentionWeightsAreExposed() {
        MultiLayerNetwork net = AttentionTestNets.single(base().build(), C, H, W);
        INDArray x = AttentionTestNets.input(25, T * N, C, H, W);
        Map<String, INDArray> v = AttentionTestNets.impl(net, 0).inspect(x, false, MultiDimensionalAttention.ATTENTION_TIME,
                MultiDimensionalAttention.ATTENTION_CHANNEL, MultiDimensionalAttention.ATTENTION_SPATIAL);
        assertArrayEquals(new long[]{N, T}, v.get(MultiDimensionalAttention.ATTENTION_TIME).shape());
        assertArrayEquals(new long[]{N, C}, v.get(MultiDimensionalAttention.ATTENTION_CHANNEL).shape());
        assertArrayEquals(new long[]{N, 1, H, W}, v.get(MultiDimensionalAttention.ATTENTION_SPATIAL).shape());
    }
}
