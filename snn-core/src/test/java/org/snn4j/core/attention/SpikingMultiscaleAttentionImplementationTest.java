package org.snn4j.core.attention;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.NoOp;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.ndarray.INDArray;
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
 * The fused SMA against its SameDiff oracle on the same parameters: outputs in training and inference,
 * input and parameter gradients, BN running statistics and the inspected attention values, for ReLU and LIF
 * scales and AZO off, on (attention-driven selection) and fixed.
 */
@ExtendWith(DoublePrecision.class)
class SpikingMultiscaleAttentionImplementationTest {
    private static final int T = 4;
    private static final int N = 2;
    private static final int C = 4;
    private static final int H = 5;
    private static final int W = 5;
    private static final double TOL = 1e-10;

    private static MultiLayerNetwork net(ScaleActivation activation, String zoneout, NeuronImplementation impl) {
        SpikingMultiscaleAttention.Builder b = new SpikingMultiscaleAttention.Builder().timesteps(T).kernels(1, 3, 5)
                .channelReduction(2).timeReduction(2).activation(activation).implementation(impl);
        if (zoneout.equals("select")) {
            b.zoneout(2, 4);
        } else if (zoneout.equals("fixed")) {
            b.fixedZoneout(new int[][]{{1, 2}, {3}, {0, 2}}, new int[][]{{0}, {1, 2}, {3}});
        }
        return AttentionTestNets.single(b.build(), C, H, W);
    }

    @ParameterizedTest(name = "activation={0} zoneout={1}")
    @CsvSource({"RELU,off", "RELU,select", "RELU,fixed", "SPIKING,off", "SPIKING,select", "SPIKING,fixed"})
    void fusedMatchesSameDiffOracle(ScaleActivation activation, String zoneout) {
        MultiLayerNetwork fused = net(activation, zoneout, NeuronImplementation.FUSED);
        MultiLayerNetwork oracle = net(activation, zoneout, NeuronImplementation.SAMEDIFF);
        assertInstanceOf(SpikingMultiscaleAttentionLayer.class, fused.getLayer(0));
        assertInstanceOf(AttentionLayerImpl.class, oracle.getLayer(0));
        oracle.setParams(fused.params().dup());          // same layout: weights move between implementations
        INDArray x = AttentionTestNets.input(21, T * N, C, H, W);
        INDArray eps = AttentionTestNets.input(22, T * N, C, H, W);

        close(oracle.output(x), fused.output(x), "inference output before training");
        List<String> names = new ArrayList<>(List.of(SpikingMultiscaleAttention.ATTENTION_TIME,
                SpikingMultiscaleAttention.ATTENTION_CHANNEL, "weighted_0", "weighted_2"));
        if (!zoneout.equals("off")) {
            names.add(SpikingMultiscaleAttention.AZO_MASK);
            names.add("zoned_1");
        }
        for (boolean training : new boolean[]{true, false}) {
            Map<String, INDArray> want = AttentionTestNets.impl(oracle, 0).inspect(x, training, names.toArray(new String[0]));
            Map<String, INDArray> got = AttentionTestNets.impl(fused, 0).inspect(x, training, names.toArray(new String[0]));
            for (String n : names) {
                close(want.get(n), got.get(n), n + " training=" + training);
            }
        }
        if (zoneout.equals("select")) {
            INDArray mask = AttentionTestNets.impl(fused, 0).inspect(x, true, SpikingMultiscaleAttention.AZO_MASK)
                    .get(SpikingMultiscaleAttention.AZO_MASK);
            assertTrue(mask.sumNumber().doubleValue() > 0, "AZO must select something on this input");
        }

        fused.initGradientsView();
        oracle.initGradientsView();
        Layer lf = fused.getLayer(0);
        Layer lo = oracle.getLayer(0);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        lo.setInput(x, mgr);
        lf.setInput(x, mgr);
        close(lo.activate(true, mgr), lf.activate(true, mgr), "training output");
        Pair<Gradient, INDArray> go = lo.backpropGradient(eps, mgr);
        Pair<Gradient, INDArray> gf = lf.backpropGradient(eps, mgr);
        close(go.getSecond(), gf.getSecond(), "input gradient");
        assertEquals(go.getFirst().gradientForVariable().keySet(), gf.getFirst().gradientForVariable().keySet());
        for (Map.Entry<String, INDArray> e : go.getFirst().gradientForVariable().entrySet()) {
            close(e.getValue(), gf.getFirst().getGradientFor(e.getKey()), "gradient of " + e.getKey());
        }
        for (String p : fused.paramTable().keySet()) {
            close(oracle.getParam(p), fused.getParam(p), "parameter (running statistics) " + p);
        }
        assertTrue(fused.getParam("0_bn0Mean").amaxNumber().doubleValue() > 0, "running mean moved");
        close(oracle.output(x), fused.output(x), "inference output after a training step");
    }

    /** A layer configuration, so ComputationGraph takes it as a layer vertex (no SameDiffVertex form needed). */
    @Test
    void fusedLayerRunsInComputationGraph() {
        SpikingMultiscaleAttention sma = new SpikingMultiscaleAttention.Builder().timesteps(T).kernels(1, 3)
                .channelReduction(2).timeReduction(2).build();
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(1)
                .updater(new NoOp()).graphBuilder().addInputs("in").addLayer("sma", sma, "in").setOutputs("sma")
                .setInputTypes(InputType.convolutional(H, W, C)).build();
        ComputationGraph graph = new ComputationGraph(ComputationGraphConfiguration.fromJson(conf.toJson()));
        graph.init();
        assertInstanceOf(SpikingMultiscaleAttentionLayer.class, graph.getLayer("sma"));
        MultiLayerNetwork net = AttentionTestNets.single(sma.clone(), C, H, W);
        net.setParams(graph.params().dup());
        INDArray x = AttentionTestNets.input(23, T * N, C, H, W);
        close(net.output(x), graph.outputSingle(x), "graph output");
    }

    private static void close(INDArray want, INDArray got, String what) {
        assertEquals(want.dataType(), got.dataType(), what);
        assertEquals(Arrays.toString(want.shape()), Arrays.toString(got.shape()), what);
        double d = AttentionTestNets.relativeDifference(got.reshape(want.shape()), want);
        assertTrue(d < TOL, what + ": relative difference " + d);
    }
}
