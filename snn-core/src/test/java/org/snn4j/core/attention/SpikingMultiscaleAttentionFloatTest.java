package org.snn4j.core.attention;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.snn4j.core.neuron.NeuronImplementation;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused SMA in float32, the training precision: the float Vector-API neuron kernel and oneDNN convolutions
 * against the SameDiff oracle (same parameters), output and every gradient to float rounding.
 */
class SpikingMultiscaleAttentionFloatTest {
    private static final int T = 4;
    private static final int N = 2;
    private static final int C = 8;
    private static final int HW = 6;

    private static MultiLayerNetwork net(ScaleActivation activation, NeuronImplementation impl) {
        SpikingMultiscaleAttention sma = new SpikingMultiscaleAttention.Builder().timesteps(T).kernels(1, 3, 5)
                .channelReduction(2).timeReduction(2).activation(activation).zoneout(2, 4).implementation(impl).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(5)
                .updater(new NoOp()).list().layer(sma).setInputType(InputType.convolutional(HW, HW, C)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        return net;
    }

    @ParameterizedTest(name = "activation={0}")
    @CsvSource({"SPIKING", "RELU"})
    void fusedMatchesSameDiffInFloat(ScaleActivation activation) {
        MultiLayerNetwork fused = net(activation, NeuronImplementation.FUSED);
        MultiLayerNetwork oracle = net(activation, NeuronImplementation.SAMEDIFF);
        oracle.setParams(fused.params().dup());
        Nd4j.getRandom().setSeed(31);
        INDArray x = Nd4j.rand(DataType.FLOAT, T * N, C, HW, HW).muli(4).subi(1);
        INDArray eps = Nd4j.rand(DataType.FLOAT, T * N, C, HW, HW).subi(0.5);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        Layer lf = fused.getLayer(0);
        Layer lo = oracle.getLayer(0);
        lf.setInput(x, mgr);
        lo.setInput(x, mgr);
        close(lo.activate(true, mgr), lf.activate(true, mgr), "training output");
        Pair<Gradient, INDArray> go = lo.backpropGradient(eps, mgr);
        Pair<Gradient, INDArray> gf = lf.backpropGradient(eps, mgr);
        close(go.getSecond(), gf.getSecond(), "input gradient");
        for (Map.Entry<String, INDArray> e : go.getFirst().gradientForVariable().entrySet()) {
            close(e.getValue(), gf.getFirst().getGradientFor(e.getKey()), "gradient of " + e.getKey());
        }
        close(oracle.output(x), fused.output(x), "inference output");
    }

    private static void close(INDArray want, INDArray got, String what) {
        double d = AttentionTestNets.relativeDifference(got.reshape(want.shape()), want);
        assertTrue(d < 1e-4, what + ": relative difference " + d);
    }
}
