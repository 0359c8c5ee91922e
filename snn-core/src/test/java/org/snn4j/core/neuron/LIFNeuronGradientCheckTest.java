package org.snn4j.core.neuron;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.time.MeanOverTime;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient check (double precision, smooth surrogate) of the LIF layer inside an
 * ordinary DL4J conv network: FoldTime -> Conv -> BN -> LIF -> MaxPool -> Dense -> LIF -> Dense
 * -> MeanOverTime -> softmax cross-entropy. Only undetached resets are checked here: a detached reset
 * deliberately drops a gradient path, so finite differences disagree with it by design (the detached
 * variants are checked against SpikingJelly's reference vectors instead). BN running statistics are
 * not trained by gradient and are excluded.
 */
class LIFNeuronGradientCheckTest {
    private static DataType saved;

    @BeforeAll
    static void toDouble() {
        saved = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    @AfterAll
    static void restore() {
        Nd4j.setDefaultDataTypes(saved, saved);
    }

    @ParameterizedTest(name = "vReset={0} detach={1} decayInput={2}")
    @CsvSource({"0.0,false,true", "0.2,false,false", "soft,false,true", "soft,false,false"})
    void lifInConvNetworkPassesGradientCheck(String vReset, boolean detach, boolean decayInput) {
        int t = 3;
        int n = 2;
        ATan smooth = new ATan(2.0);
        smooth.setSpiking(false);
        LIFNeuron.Builder lif = new LIFNeuron.Builder().timesteps(t).tau(2.0).vThreshold(0.5)
                .detachReset(detach).decayInput(decayInput).surrogate(smooth);
        if (vReset.equals("soft")) {
            lif.softReset();
        } else {
            lif.vReset(Double.parseDouble(vReset));
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(42).updater(new NoOp())
                .list()
                .layer(new FoldTime(t))
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).padding(1, 1).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(lif.build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(5).activation(Activation.IDENTITY).build())
                .layer(lif.build())
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(t))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(4, 4, 2 * t))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, 2 * t, 4, 4).muli(2);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, n, 3);
        y.putScalar(0, 1, 1.0);
        y.putScalar(1, 2, 1.0);
        boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)
                .excludeParams(java.util.Set.of("2_mean", "2_var", "2_log10stdev"))
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY));
        assertTrue(ok, "gradient check failed");
    }
}
