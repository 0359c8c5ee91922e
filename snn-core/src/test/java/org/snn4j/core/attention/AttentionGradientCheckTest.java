package org.snn4j.core.attention;

import org.snn4j.core.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.neuron.NeuronImplementation;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.time.MeanOverTime;
import org.snn4j.core.GradientChecks;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient checks (double, smooth ATan surrogate, undetached reset) of every attention
 * block inside FoldTime -> block -> Dense -> MeanOverTime -> softmax cross-entropy. These also guard the
 * {@link HalveGradient} fix: without it every check fails. BN running statistics are excluded (no gradient).
 */
@ExtendWith(DoublePrecision.class)
class AttentionGradientCheckTest {
    static final int T = 3;
    static final int N = 2;
    static final int C = 2;
    static final int HW = 3;
    /** Entries checked per parameter array: keeps the default run short (SameDiff has ~ms overhead per op). */
    static final int MAX_PER_PARAM = 2;

    static LIFNeuron smoothLif(double tau, boolean decayInput, double vth) {
        ATan smooth = new ATan(2.0);
        smooth.setSpiking(false);
        return new LIFNeuron.Builder().timesteps(T).tau(tau).decayInput(decayInput).vThreshold(vth).vReset(0.0)
                .detachReset(false).surrogate(smooth).build();
    }

    @ParameterizedTest(name = "SMA activation={0} zoneout={1} implementation={2}")
    @CsvSource({"SPIKING,off,FUSED", "RELU,fixed,FUSED", "SPIKING,off,SAMEDIFF", "RELU,fixed,SAMEDIFF"})
    void smaPassesGradientCheck(ScaleActivation activation, String zoneout, NeuronImplementation impl) {
        smaCheck(activation, zoneout, impl);
    }

    /** The remaining combinations; slow under SameDiff's per-op overhead, so opt-in. */
    @Tag("regression")
    @ParameterizedTest(name = "SMA activation={0} zoneout={1} implementation={2}")
    @CsvSource({"RELU,off,FUSED", "SPIKING,fixed,FUSED", "RELU,off,SAMEDIFF", "SPIKING,fixed,SAMEDIFF"})
    void smaPassesGradientCheckAllCombinations(ScaleActivation activation, String zoneout, NeuronImplementation impl) {
        smaCheck(activation, zoneout, impl);
    }

    @ParameterizedTest(name = "MA dims={0} placement={1} pooling={2} squeeze={3} neuron={4} implementation={5}")
    @CsvSource({
            "TCS,INPUT_CURRENT,JOINT,AVG_MAX,true,FUSED",
            "CST,INPUT_CURRENT,PER_STEP,AVG_WITH_BIAS,false,FUSED",
            "TCS,INPUT_CURRENT,JOINT,AVG_MAX,false,SAMEDIFF",
            "TCS,MEMBRANE_POTENTIAL,PER_STEP,AVG_MAX,true,SAMEDIFF"})
    void maPassesGradientCheck(String dims, AttentionPlacement placement, AttentionPooling pooling,
                               TemporalSqueeze squeeze, boolean withNeuron, NeuronImplementation impl) {
        MultiDimensionalAttention.Builder b = new MultiDimensionalAttention.Builder().timesteps(T).dimensions(dims)
                .placement(placement).pooling(pooling).temporalSqueeze(squeeze).temporalReduction(1.5)
                .channelReduction(1).spatialKernel(3).trailingRelu(false).implementation(impl);
        if (withNeuron) {
            b.neuron(smoothLif(1.0 / 0.7, false, 0.3));
        }
        assertTrue(check(b.build(), java.util.Collections.emptyList()), "MA-SNN gradient check failed");
    }

    private static void smaCheck(ScaleActivation activation, String zoneout, NeuronImplementation impl) {
        SpikingMultiscaleAttention.Builder b = new SpikingMultiscaleAttention.Builder().implementation(impl)
                .timesteps(T).kernels(1, 3)
                .channelReduction(1).timeReduction(1.5).activation(activation).neuron(smoothLif(2.0, true, 0.5));
        if (zoneout.equals("fixed")) {
            b.fixedZoneout(new int[][]{{1, 2}, {2}}, new int[][]{{0}, {1}});
        }
        SpikingMultiscaleAttention sma = b.build();
        assertTrue(check(sma, sma.batchNormNames()), "SMA gradient check failed");
    }

    /** Runs GradientCheckUtil on FoldTime -> block -> Dense(3) -> MeanOverTime -> MCXENT. */
    static boolean check(Layer block, Iterable<String> batchNorms) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(42).updater(new NoOp())
                .list()
                .layer(new FoldTime(T))
                .layer(block)
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(T))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(HW, HW, (long) C * T))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, N, C * T, HW, HW).muli(2);
        Set<String> exclude = new HashSet<>();
        for (String bn : batchNorms) {
            exclude.add("1_" + bn + "Mean");
            exclude.add("1_" + bn + "Var");
        }
        return GradientCheckUtil.checkGradients(GradientChecks.config(net, x, exclude)
                .subset(true).maxPerParam(MAX_PER_PARAM));
    }
}
