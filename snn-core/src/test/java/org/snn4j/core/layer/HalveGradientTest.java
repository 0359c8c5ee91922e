package org.snn4j.core.layer;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLambdaLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the DL4J M2.1 SameDiff gradient doubling (docs/design.md) against a reference computed without SameDiff.
 * If {@code rawSameDiffLayerDoublesTheGradient} starts failing after a DL4J upgrade, the bug is fixed:
 * remove {@link HalveGradient} from every layer.
 */
class HalveGradientTest {

    /** y = 3x, optionally with the halving fix. */
    public static class TimesThree extends SameDiffLambdaLayer {
        private boolean halve;

        public TimesThree() {
        }

        TimesThree(boolean halve) {
            this.halve = halve;
        }

        @Override
        public SDVariable defineLayer(SameDiff sd, SDVariable x) {
            SDVariable y = x.mul(3.0);
            return halve ? HalveGradient.apply(sd, y) : y;
        }

        @Override
        public InputType getOutputType(int layerIndex, InputType inputType) {
            return inputType;
        }

        public boolean isHalve() {
            return halve;
        }

        public void setHalve(boolean halve) {
            this.halve = halve;
        }
    }

    private static INDArray inputGradient(boolean halve, INDArray x, INDArray y) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new TimesThree(halve))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(4)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net.calculateGradients(x, y, null, null).getSecond();
    }

    /** d/dx of MSE(3x, y) = 3 * 2 (3x - y) / (N * K), summed per DL4J's minibatch convention. */
    private static INDArray reference(INDArray x, INDArray y) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE)
                .updater(new NoOp()).list()
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(4)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net.calculateGradients(x.mul(3.0), y, null, null).getSecond().mul(3.0);
    }

    @Test
    void halvedSameDiffLayerMatchesReference() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 5, 4);
        INDArray ref = reference(x, y);
        assertEquals(0.0, inputGradient(true, x, y).sub(ref).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void rawSameDiffLayerDoublesTheGradient() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 5, 4);
        INDArray y = Nd4j.rand(DataType.DOUBLE, 5, 4);
        INDArray ref = reference(x, y);
        assertEquals(0.0, inputGradient(false, x, y).sub(ref.mul(2.0)).amaxNumber().doubleValue(), 1e-12,
                "DL4J M2.1 doubles SameDiff layer gradients; if this fails the bug is fixed, drop HalveGradient");
    }
}
