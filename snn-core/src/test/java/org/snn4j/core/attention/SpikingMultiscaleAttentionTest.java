package org.snn4j.core.attention;

import org.snn4j.core.DoublePrecision;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.neuron.NeuronImplementation;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SMA: parameter counts from the released code, shape and attention invariants, BN train/inference. */
@ExtendWith(DoublePrecision.class)
class SpikingMultiscaleAttentionTest {
    private static final int T = 4;
    private static final int N = 2;
    private static final int C = 4;
    private static final int H = 5;
    private static final int W = 5;

    @ParameterizedTest(name = "SMA(C={0}, T={1}) has {2} trainable parameters")
    @CsvSource({"128,16,1399204", "256,16,5591492", "512,16,22356484"})
    void parameterCountMatchesReleasedCode(long channels, int t, long expected) {
        SpikingMultiscaleAttention sma = new SpikingMultiscaleAttention.Builder().timesteps(t).build();
        sma.setNIn(InputType.convolutional(32, 32, channels), true);
        assertEquals(expected, sma.numTrainableParams());
        SDLayerParams all = new SDLayerParams();
        sma.defineParameters(all);
        long total = all.getParamShapes().values().stream().mapToLong(s -> s[0] * s[1] * (s.length > 2 ? s[2] * s[3] : 1)).sum();
        assertEquals(expected + 2 * 4 * channels, total, "plus 2 running statistics per BN channel");
    }

    @Test
    void networkParameterCountIsDefinitionCount() {
        SpikingMultiscaleAttention sma = new SpikingMultiscaleAttention.Builder().timesteps(T).kernels(1, 3, 5).build();
        MultiLayerNetwork net = AttentionTestNets.single(sma, C, H, W);
        SpikingMultiscaleAttention conf = (SpikingMultiscaleAttention) net.getLayerWiseConfigurations().getConf(0).getLayer();
        // conv 3*(C*C*k^2 + C) + BN 3*2C + C-MSE (C*1+1 + 1*3C+3C) + T-MSE (T*1+1 + 1*3T+3T), running stats 3*2C
        long convs = (long) C * C * (1 + 9 + 25) + 3 * C;
        long expected = convs + 6 * C + (C + 1) + (3 * C + 3 * C) + (T + 1) + (3 * T + 3 * T);
        assertEquals(expected, conf.numTrainableParams());
        assertEquals(expected + 6 * C, net.numParams());
        // and the parameter table holds exactly that many trainable values beside the 3 x 2C running statistics
        long stats = net.paramTable().entrySet().stream().filter(e -> e.getKey().endsWith("Mean") || e.getKey().endsWith("Var"))
                .mapToLong(e -> e.getValue().length()).sum();
        assertEquals(6L * C, stats, net.paramTable().keySet().toString());
    }

    private static MultiLayerNetwork smallSma(SpikingMultiscaleAttention.Builder b, NeuronImplementation impl) {
        return AttentionTestNets.single(b.implementation(impl).timesteps(T).kernels(1, 3, 5).channelReduction(2).timeReduction(2).build(),
                C, H, W);
    }

    @ParameterizedTest(name = "activation {0}, {1}")
    @CsvSource({"SPIKING,FUSED", "RELU,FUSED", "SPIKING,SAMEDIFF", "RELU,SAMEDIFF"})
    void outputShapeAndAttentionWeightsSumToOne(ScaleActivation activation, NeuronImplementation implementation) {
        MultiLayerNetwork net = smallSma(new SpikingMultiscaleAttention.Builder().activation(activation), implementation);
        INDArray x = AttentionTestNets.input(1, T * N, C, H, W);
        INDArray out = net.output(x);
        assertArrayEquals(x.shape(), out.shape());
        Map<String, INDArray> att = AttentionTestNets.impl(net, 0).inspect(x, false,
                SpikingMultiscaleAttention.ATTENTION_TIME, SpikingMultiscaleAttention.ATTENTION_CHANNEL);
        INDArray attT = att.get(SpikingMultiscaleAttention.ATTENTION_TIME);
        INDArray attC = att.get(SpikingMultiscaleAttention.ATTENTION_CHANNEL);
        assertArrayEquals(new long[]{T * N, 3}, attT.shape());
        assertArrayEquals(new long[]{T * N, 3, C}, attC.shape());
        INDArray sumT = attT.sum(1);
        INDArray sumC = attC.sum(1);
        assertEquals(0.0, sumT.sub(1.0).amaxNumber().doubleValue(), 1e-12, "sum over scales of A^T per (t,b)");
        assertEquals(0.0, sumC.sub(1.0).amaxNumber().doubleValue(), 1e-12, "sum over scales of A^C per (t,b,c)");
        assertTrue(attT.minNumber().doubleValue() > 0 && attC.minNumber().doubleValue() > 0);
    }

    @ParameterizedTest
    @EnumSource(NeuronImplementation.class)
    void decoderIsAttentionWeightedSumOfScales(NeuronImplementation implementation) {
        MultiLayerNetwork net = smallSma(new SpikingMultiscaleAttention.Builder().activation(ScaleActivation.RELU), implementation);
        INDArray x = AttentionTestNets.input(2, T * N, C, H, W);
        InspectableAttention impl = AttentionTestNets.impl(net, 0);
        Map<String, INDArray> v = impl.inspect(x, false, "weighted_0", "weighted_1", "weighted_2");
        INDArray expected = v.get("weighted_0").add(v.get("weighted_1")).add(v.get("weighted_2")).reshape(x.shape());
        assertEquals(0.0, net.output(x).sub(expected).amaxNumber().doubleValue(), 1e-12);
    }

    @ParameterizedTest
    @EnumSource(NeuronImplementation.class)
    void trainingUsesBatchStatisticsAndUpdatesRunningEstimate(NeuronImplementation implementation) {
        MultiLayerNetwork net = smallSma(new SpikingMultiscaleAttention.Builder().activation(ScaleActivation.RELU), implementation);
        INDArray x = AttentionTestNets.input(3, T * N, C, H, W);
        INDArray evalBefore = net.output(x);
        INDArray w = net.getLayer(0).getParam("conv0W").dup();     // the 1x1 scale: z = W x + b per pixel
        INDArray b = net.getLayer(0).getParam("conv0b").dup();
        net.feedForward(x, true);
        INDArray pixels = x.permute(0, 2, 3, 1).reshape(T * N * H * W, C);            // [M, C]
        INDArray z = pixels.mmul(w.reshape(C, C)).addRowVector(b.reshape(C));
        INDArray batchMean = z.mean(0);
        INDArray unbiasedVar = z.var(true, 0);
        INDArray runMean = net.getLayer(0).getParam("bn0Mean").dup();
        INDArray runVar = net.getLayer(0).getParam("bn0Var").dup();
        assertEquals(0.0, runMean.reshape(C).sub(batchMean.mul(0.1)).amaxNumber().doubleValue(), 1e-12);
        assertEquals(0.0, runVar.reshape(C).sub(unbiasedVar.mul(0.1).add(0.9)).amaxNumber().doubleValue(), 1e-12);
        INDArray evalAfter = net.output(x);
        assertFalse(evalBefore.equalsWithEps(evalAfter, 1e-9), "inference must use the updated running stats");
        // Inference does not move the running statistics (runMean/runVar are copies taken before it).
        assertEquals(runMean, net.getLayer(0).getParam("bn0Mean"));
        assertEquals(runVar, net.getLayer(0).getParam("bn0Var"));
        INDArray trainOut = net.feedForward(x, true).get(1);
        assertFalse(trainOut.equalsWithEps(evalAfter, 1e-9), "training output uses batch statistics");
    }
}
