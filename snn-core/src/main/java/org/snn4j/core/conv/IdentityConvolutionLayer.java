package org.snn4j.core.conv;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's convolution layer without the forward recomputed in backward. DL4J's {@code backpropGradient}
 * recomputes the output z only to hand it to the activation's backprop, which for identity just returns
 * epsilon; for DVSGestureNet's first conv that is a 512 MiB temporary and a whole forward convolution per
 * training step. Here, while the layer helper (oneDNN) does the backward, z is stood in for by epsilon
 * (same shape). Without a helper DL4J's own path also needs the im2col buffer that preOutput fills, so
 * nothing is changed there.
 */
public class IdentityConvolutionLayer extends ConvolutionLayer {
    private INDArray backpropEpsilon;

    public IdentityConvolutionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        backpropEpsilon = helper != null && helperCountFail == 0 ? epsilon : null;
        try {
            return super.backpropGradient(epsilon, workspaceMgr);
        } finally {
            backpropEpsilon = null;
        }
    }

    @Override
    protected Pair<INDArray, INDArray> preOutput(boolean training, boolean forBackprop, LayerWorkspaceMgr workspaceMgr) {
        if (forBackprop && backpropEpsilon != null) {
            return new Pair<>(backpropEpsilon, null);
        }
        return super.preOutput(training, forBackprop, workspaceMgr);
    }
}
