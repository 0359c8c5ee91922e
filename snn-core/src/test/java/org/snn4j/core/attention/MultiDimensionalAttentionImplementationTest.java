package org.snn4j.core.attention;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;
import org.snn4j.core.DoublePrecision;
import org.snn4j.core.neuron.NeuronImplementation;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused MA-SNN attention against its SameDiff oracle on the same parameters (double precision): outputs
 * in training and inference, the inspected attention weights, the input gradient and every parameter
 * gradient, for each dimension order, both poolings, both temporal squeezes, with and without the trailing
 * ReLU, TA-SNN's inference threshold, a neuron after the attention and feed-forward input.
 */
@ExtendWith(DoublePrecision.class)
class MultiDimensionalAttentionImplementationTest {
    private static final int T = 4;
    private static final int N = 3;
    private static final int C = 6;
    private static final int H = 5;
    private static final int W = 4;
    private static final double TOL = 1e-10;

    private static MultiDimensionalAttention layer(String dims, AttentionPooling pooling, TemporalSqueeze squeeze,
                                                   boolean relu, String extra, NeuronImplementation impl) {
        MultiDimensionalAttention.Builder b = new MultiDimensionalAttention.Builder().timesteps(T).dimensions(dims)
                .pooling(pooling).temporalSqueeze(squeeze).temporalReduction(1.5).channelReduction(2)
                .spatialKernel(extra.equals("k5") ? 5 : 3).trailingRelu(relu).implementation(impl);
        if (extra.equals("iap")) {
            b.inferenceThreshold(0.5);
        } else if (extra.equals("neuron")) {
            b.neuron(MultiDimensionalAttention.paperNeuron(T));
        }
        return b.build();
    }

    @ParameterizedTest(name = "dims={0} pooling={1} squeeze={2} relu={3} extra={4}")
    @CsvSource({
            "TCS,JOINT,AVG_MAX,true,none",
            "TCS,PER_STEP,AVG_MAX,false,none",
            "SCT,JOINT,AVG_WITH_BIAS,false,k5",
            "CS,PER_STEP,AVG_MAX,true,none",
            "T,JOINT,AVG_MAX,true,iap",
            "TC,JOINT,AVG_WITH_BIAS,true,iap",
            "S,JOINT,AVG_MAX,false,none",
            "TCS,JOINT,AVG_MAX,true,neuron",
            "T,JOINT,AVG_MAX,true,feedforward"})
    void fusedMatchesSameDiffOracle(String dims, AttentionPooling pooling, TemporalSqueeze squeeze, boolean relu,
                                    String extra) {
        boolean ff = extra.equals("feedforward");
        MultiLayerNetwork fused = net(layer(dims, pooling, squeeze, relu, extra, NeuronImplementation.FUSED), ff);
        MultiLayerNetwork oracle = net(layer(dims, pooling, squeeze, relu, extra, NeuronImplementation.SAMEDIFF), ff);
        assertInstanceOf(MultiDimensionalAttentionLayer.class, fused.getLayer(0));
        assertInstanceOf(AttentionLayerImpl.class, oracle.getLayer(0));
        oracle.setParams(fused.params().dup());
        long[] shape = ff ? new long[]{T * N, C} : new long[]{T * N, C, H, W};
        INDArray x = AttentionTestNets.input(31, shape);
        INDArray eps = AttentionTestNets.input(32, shape);

        List<String> names = new ArrayList<>();
        if (dims.contains("T")) {
            names.add(MultiDimensionalAttention.ATTENTION_TIME);
        }
        if (dims.contains("C")) {
            names.add(MultiDimensionalAttention.ATTENTION_CHANNEL);
        }
        if (dims.contains("S")) {
            names.add(MultiDimensionalAttention.ATTENTION_SPATIAL);
        }
        for (boolean training : new boolean[]{true, false}) {
            Map<String, INDArray> want = AttentionTestNets.impl(oracle, 0).inspect(x, training, names.toArray(new String[0]));
            Map<String, INDArray> got = AttentionTestNets.impl(fused, 0).inspect(x, training, names.toArray(new String[0]));
            for (String n : names) {
                close(want.get(n), got.get(n), n + " training=" + training);
            }
        }
        if (extra.equals("iap")) {
            INDArray hard = AttentionTestNets.impl(fused, 0).inspect(x, false, MultiDimensionalAttention.ATTENTION_TIME)
                    .get(MultiDimensionalAttention.ATTENTION_TIME);
            double kept = hard.sumNumber().doubleValue();
            assertTrue(kept > 0 && kept < hard.length(), "the threshold must keep some steps and drop others: " + hard);
        }
        close(oracle.output(x), fused.output(x), "inference output");

        fused.initGradientsView();
        oracle.initGradientsView();
        Layer lf = fused.getLayer(0);
        Layer lo = oracle.getLayer(0);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        lo.setInput(x, mgr);
        lf.setInput(x, mgr);
        INDArray out = lf.activate(true, mgr);
        close(lo.activate(true, mgr), out, "training output");
        if (extra.equals("neuron")) {
            double rate = out.meanNumber().doubleValue();
            assertTrue(rate > 0.05 && rate < 0.95, "the neuron must fire on some inputs only, rate " + rate);
        }
        Pair<Gradient, INDArray> go = lo.backpropGradient(eps, mgr);
        Pair<Gradient, INDArray> gf = lf.backpropGradient(eps, mgr);
        close(go.getSecond(), gf.getSecond(), "input gradient");
        assertTrue(gf.getSecond().amaxNumber().doubleValue() > 0, "input gradient is not all zero");
        assertEquals(go.getFirst().gradientForVariable().keySet(), gf.getFirst().gradientForVariable().keySet());
        for (Map.Entry<String, INDArray> e : go.getFirst().gradientForVariable().entrySet()) {
            INDArray g = gf.getFirst().getGradientFor(e.getKey());
            close(e.getValue(), g, "gradient of " + e.getKey());
            assertTrue(g.amaxNumber().doubleValue() > 0, "gradient of " + e.getKey() + " is all zero");
        }
    }

    /** Backward without a training forward before it (the layer recomputes its forward values). */
    @Test
    void backwardWithoutCachedForward() {
        MultiLayerNetwork fused = net(layer("TCS", AttentionPooling.JOINT, TemporalSqueeze.AVG_MAX, true, "none",
                NeuronImplementation.FUSED), false);
        MultiLayerNetwork oracle = net(layer("TCS", AttentionPooling.JOINT, TemporalSqueeze.AVG_MAX, true, "none",
                NeuronImplementation.SAMEDIFF), false);
        oracle.setParams(fused.params().dup());
        fused.initGradientsView();
        oracle.initGradientsView();
        INDArray x = AttentionTestNets.input(33, T * N, C, H, W);
        INDArray eps = AttentionTestNets.input(34, T * N, C, H, W);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Layer lf = fused.getLayer(0);
        Layer lo = oracle.getLayer(0);
        lf.setInput(x, mgr);
        lo.setInput(x, mgr);
        lo.activate(true, mgr);
        close(lo.backpropGradient(eps, mgr).getSecond(), lf.backpropGradient(eps, mgr).getSecond(), "input gradient");
    }

    /** The membrane placement has no fused form: it runs the SameDiff graph whatever the builder asked. */
    @Test
    void membranePlacementRunsSameDiff() {
        MultiDimensionalAttention m = new MultiDimensionalAttention.Builder().timesteps(T).dimensions("TC")
                .paperDefaults().channelReduction(2).build();
        assertInstanceOf(AttentionLayerImpl.class, AttentionTestNets.single(m, C, H, W).getLayer(0));
    }

    private static MultiLayerNetwork net(MultiDimensionalAttention layer, boolean feedForward) {
        if (!feedForward) {
            return AttentionTestNets.single(layer, C, H, W);
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(12345)
                .updater(new NoOp()).list().layer(layer).setInputType(InputType.feedForward(C)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static void close(INDArray want, INDArray got, String what) {
        assertEquals(want.dataType(), got.dataType(), what);
        assertEquals(Arrays.toString(want.shape()), Arrays.toString(got.shape()), what);
        double d = AttentionTestNets.relativeDifference(got, want);
        assertTrue(d < TOL, what + ": relative difference " + d);
    }
}
