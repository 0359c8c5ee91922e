package org.snn4j.core.neuron;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.DoublePrecision;
import org.snn4j.core.GradientChecks;
import org.snn4j.core.surrogate.Surrogate;
import org.snn4j.core.time.MeanOverTime;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A neuron model defined by overriding one method, {@link SpikingNeuron#charge}: a quadratic integrate-and-fire
 * neuron h = v + x + K v^2. It runs through the SameDiff implementation, matches an independent loop, and its
 * BPTT gradient passes finite differences.
 */
@ExtendWith(DoublePrecision.class)
class CustomChargeTest {
    static final double K = 0.25;

    /** The whole user code of a new neuron model. */
    public static class QuadraticIF extends IFNeuron {
        public QuadraticIF() {
        }

        QuadraticIF(IFNeuron.Builder b) {
            super(b);
        }

        @Override
        public SDVariable charge(SameDiff sd, SDVariable v, SDVariable x, SDVariable[] constants) {
            return v.add(x).add(v.mul(v).mul(K));
        }

        @Override
        public boolean linearCharge() {
            return false;
        }
    }

    private static QuadraticIF qif(int t, Surrogate s) {
        IFNeuron.Builder b = new IFNeuron.Builder();
        b.timesteps(t);
        if (s != null) {
            b.surrogate(s);
        }
        return new QuadraticIF(b);
    }

    @Test
    void forwardMatchesAnIndependentLoopThroughSameDiff() {
        int t = 5;
        int m = 7;
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).list()
                .layer(qif(t, null))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(m)).build());
        net.init();
        assertInstanceOf(SameDiffLayer.class, net.getLayer(0), "a non-linear charge runs the SameDiff implementation");
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, t, m).muli(0.8);
        double[] spikes = net.feedForward(x, false).get(1).data().asDouble();
        double[] xs = x.data().asDouble();
        int fired = 0;
        for (int j = 0; j < m; j++) {
            double v = 0;
            for (int s = 0; s < t; s++) {
                double h = v + xs[s * m + j] + K * v * v;
                double spike = h >= 1.0 ? 1 : 0;
                assertEquals(spike, spikes[s * m + j], 0.0, "step " + s + " neuron " + j);
                fired += (int) spike;
                v = spike > 0 ? 0.0 : h;
            }
        }
        assertTrue(fired > 0 && fired < t * m, "the input should make some but not all neurons fire: " + fired);
        assertThrows(IllegalStateException.class, () -> qif(t, null).kernel(), "no fused kernel for a non-linear charge");
    }

    @Test
    void gradientPassesFiniteDifferences() {
        int t = 3;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(42)
                .updater(new NoOp()).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(5).activation(Activation.IDENTITY).build())
                .layer(qif(t, NeuronConfigs.smoothATan()))
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(t))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(4)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.DOUBLE, t * 2, 4).muli(2);
        assertTrue(GradientCheckUtil.checkGradients(GradientChecks.config(net, x, Set.of())), "gradient check failed");
    }
}
