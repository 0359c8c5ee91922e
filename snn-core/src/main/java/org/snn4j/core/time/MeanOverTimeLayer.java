package org.snn4j.core.time;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.layer.SnnNoParamLayerImpl;

/** Implementation of {@link MeanOverTime}. */
public class MeanOverTimeLayer extends SnnNoParamLayerImpl<MeanOverTime> {

    public MeanOverTimeLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        int t = layerConf().getTimesteps();
        TimeFolding.checkDivisible(input, t, layerId());
        long[] outShape = input.shape().clone();
        outShape[0] = input.size(0) / t;
        INDArray mean = input.reshape('c', t, input.length() / t).mean(0);
        return inWorkspace(mgr, ArrayType.ACTIVATIONS, mean.reshape('c', outShape));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        int t = layerConf().getTimesteps();
        INDArray perStep = epsilon.reshape('c', 1, epsilon.length()).repeat(0, t).divi(t);
        return new Pair<>(new DefaultGradient(),
                inWorkspace(mgr, ArrayType.ACTIVATION_GRAD, perStep.reshape('c', input.shape())));
    }
}
