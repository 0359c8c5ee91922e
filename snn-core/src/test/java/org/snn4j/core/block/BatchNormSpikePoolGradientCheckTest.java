package org.snn4j.core.block;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.DoublePrecision;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.time.MeanOverTime;
import org.snn4j.core.GradientChecks;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finite-difference gradient check of {@link BatchNormSpikePool} in double precision with a smooth ATan
 * surrogate (the "spike" is the surrogate's primitive, so the output is differentiable): FoldTime -> Conv ->
 * fused block -> Dense -> MeanOverTime -> softmax cross-entropy; covers the conv weights below the block
 * (the input gradient), gamma and beta, for even and odd (floored) sizes and hard/soft reset.
 */
@ExtendWith(DoublePrecision.class)
class BatchNormSpikePoolGradientCheckTest {

    @ParameterizedTest(name = "{0}x{1} soft reset {2}")
    @CsvSource({"5,3,false", "4,4,true"})
    void passesGradientCheck(int h, int w, boolean softReset) {
        int t = 3;
        LIFNeuron.Builder lif = new LIFNeuron.Builder().tau(2.0).timesteps(t).surrogate(new ATan(2.0).smooth());
        if (softReset) {
            lif.softReset();
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(42).updater(new NoOp()).list()
                .layer(new FoldTime(t))
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(3).padding(1, 1).activation(Activation.IDENTITY).build())
                .layer(new BatchNormSpikePool.Builder(lif.build()).build())
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(t))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(h, w, 2L * t))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        // gamma and beta off their initial values so the check is not at a special point
        net.getLayer(2).getParam("gamma").assign(Nd4j.create(new double[][]{{1.3, 0.7, 1.1}}));
        net.getLayer(2).getParam("beta").assign(Nd4j.create(new double[][]{{0.4, -0.2, 0.9}}));
        Nd4j.getRandom().setSeed(7);
        int n = 2;
        INDArray x = Nd4j.rand(DataType.DOUBLE, n, 2 * t, h, w).muli(2);
        boolean ok = GradientCheckUtil.checkGradients(GradientChecks.config(net, x,
                Set.of("2_mean", "2_var", "2_log10stdev")));
        assertTrue(ok, "gradient check failed");
    }
}
