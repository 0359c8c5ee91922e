package org.snn4j.core.neuron;

import org.snn4j.core.DoublePrecision;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.time.MeanOverTime;
import org.snn4j.core.GradientChecks;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient check (double precision, smooth ATan surrogate) of neuron layers inside an
 * ordinary DL4J conv network: FoldTime -> Conv -> BN -> neuron -> MaxPool -> Dense -> neuron -> Dense
 * -> MeanOverTime -> softmax cross-entropy. Covers IF, LIF (hard/soft reset, decay_input on/off), PLIF
 * including its tau parameter w, and the MA-SNN dynamics (both resets, LIAF output); the SameDiff
 * implementation is held equal to the fused one in {@link FusedVsSameDiffTest}. Only undetached resets: a detached reset deliberately drops a gradient path, so finite
 * differences disagree with it by design (the detached variants are checked against SpikingJelly's
 * reference vectors and against the SameDiff implementation instead). BN running statistics are not
 * trained by gradient and are excluded.
 */
@ExtendWith(DoublePrecision.class)
class NeuronGradientCheckTest {

    @ParameterizedTest(name = "{0} {1} conv={2}")
    @CsvSource({"lif-hard,FUSED,true", "if,FUSED,false", "lif-hard,FUSED,false", "lif-soft,FUSED,false",
            "lif-nodecay,FUSED,false", "plif,FUSED,false", "plif-soft-nodecay,FUSED,false", "masnn-code,FUSED,false",
            "masnn-paper,FUSED,false", "masnn-liaf,FUSED,false"})
    void neuronInNetworkPassesGradientCheck(String name, NeuronImplementation impl, boolean conv) {
        int t = 3;
        int n = 2;
        MultiLayerConfiguration conf = conv ? convNet(name, impl, t) : denseNet(name, impl, t);
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        if (name.startsWith("plif")) {
            // move w off its initial value so the check is not at a special point
            net.getLayer(1).getParam(PLIFNeuron.W).assign(0.3);
            net.getLayer(3).getParam(PLIFNeuron.W).assign(-0.4);
        }
        Nd4j.getRandom().setSeed(7);
        INDArray x = conv ? Nd4j.rand(DataType.DOUBLE, n, 2 * t, 4, 4).muli(2) : Nd4j.rand(DataType.DOUBLE, t * n, 4).muli(2);
        boolean ok = GradientCheckUtil.checkGradients(GradientChecks.config(net, x,
                Set.of("2_mean", "2_var", "2_log10stdev")));
        assertTrue(ok, "gradient check failed for " + name + " " + impl);
    }

    /** The lead's original check: a time-folded conv network with batch norm. */
    private static MultiLayerConfiguration convNet(String name, NeuronImplementation impl, int t) {
        return new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(42).updater(new NoOp())
                .list()
                .layer(new FoldTime(t))
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).padding(1, 1).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(NeuronConfigs.named(name, t, NeuronConfigs.smoothATan(), impl))
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build())
                .layer(NeuronConfigs.named(name, t, NeuronConfigs.smoothATan(), impl))
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(t))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(4, 4, 2 * t))
                .build();
    }

    /** A small time-folded dense network [T*N, 4] -> Dense -> neuron -> Dense -> neuron -> Dense -> mean over T. */
    private static MultiLayerConfiguration denseNet(String name, NeuronImplementation impl, int t) {
        return new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(42).updater(new NoOp())
                .list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.IDENTITY).build())
                .layer(NeuronConfigs.named(name, t, NeuronConfigs.smoothATan(), impl))
                .layer(new DenseLayer.Builder().nOut(4).activation(Activation.IDENTITY).build())
                .layer(NeuronConfigs.named(name, t, NeuronConfigs.smoothATan(), impl))
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(t))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4))
                .build();
    }
}
