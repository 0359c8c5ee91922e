package org.snn4j.core.backend;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.neuron.SpikingNeuronLayer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The fused Java kernels run only where arrays are host memory; elsewhere SameDiff, or a clear refusal. */
class JavaKernelsTest {
    @Test
    void onlyTheCpuBackendRunsTheJavaKernels() {
        assertTrue(JavaKernels.useFused("LIFNeuron", "CPU"));
        assertFalse(JavaKernels.useFused("LIFNeuron", "CUDA"));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> JavaKernels.require("ConvBatchNormSpikePool", "CUDA"));
        assertTrue(e.getMessage().contains("ConvBatchNormSpikePool") && e.getMessage().contains("CUDA"), e.getMessage());
        JavaKernels.require("ConvBatchNormSpikePool", "CPU");
        assertEquals("CPU", JavaKernels.backendName(), "the tests run on the CPU backend");
    }

    /** A neuron on a backend without host memory (the seam: fusedKernelsUsable) instantiates its SameDiff form. */
    @Test
    void aNeuronFallsBackToSameDiffAndComputesTheSameSpikes() {
        LIFNeuron.Builder offHostBuilder = new LIFNeuron.Builder() {
            @Override
            public LIFNeuron build() {
                return new LIFNeuron(this) {
                    @Override
                    protected boolean fusedKernelsUsable() {
                        return false;
                    }
                };
            }
        };
        offHostBuilder.timesteps(3).tau(2.0);
        LIFNeuron offHost = offHostBuilder.build();
        LIFNeuron onHost = new LIFNeuron.Builder().timesteps(3).tau(2.0).build();
        MultiLayerNetwork a = net(onHost);
        MultiLayerNetwork b = net(offHost);
        assertInstanceOf(SpikingNeuronLayer.class, a.getLayer(0));
        assertInstanceOf(SameDiffLayer.class, b.getLayer(0));
        b.setParams(a.params());
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.DOUBLE, 6, 5).muli(3);
        assertEquals(a.output(x), b.output(x));
    }

    private static MultiLayerNetwork net(LIFNeuron neuron) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(3)
                .dataType(org.nd4j.linalg.api.buffer.DataType.DOUBLE).list()
                .layer(neuron)
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                .setInputType(InputType.feedForward(5)).build());
        net.init();
        return net;
    }
}
