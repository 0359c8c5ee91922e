package org.snn4j.core.conv;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.layer.LayerWiring;

import java.util.Collection;

/**
 * DL4J's {@link ConvolutionLayer} for a convolution with identity activation (a conv followed by batch norm
 * and a spiking neuron): same configuration, parameters and results, but its backward does not recompute
 * the forward (see {@link IdentityConvolutionLayer}). With any other activation it instantiates DL4J's layer.
 */
public class IdentityConvolution extends ConvolutionLayer {

    /** For JSON. */
    public IdentityConvolution() {
    }

    protected IdentityConvolution(Builder b) {
        super(b);
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        if (!(getActivationFn() instanceof ActivationIdentity)) {
            return super.instantiate(conf, listeners, index, paramsView, initializeParams, dataType);
        }
        return LayerWiring.wire(new IdentityConvolutionLayer(conf, dataType), conf, listeners, index, paramsView,
                initializer().init(conf, paramsView, initializeParams));
    }

    /** DL4J's convolution builder (same options and validation), building an {@link IdentityConvolution}. */
    public static class Builder extends ConvolutionLayer.Builder {
        public Builder(int... kernelSize) {
            super(kernelSize);
        }

        @Override
        @SuppressWarnings("unchecked")
        public IdentityConvolution build() {
            super.build(); // DL4J's checks of kernel, stride, padding and mode
            return new IdentityConvolution(this);
        }
    }
}
