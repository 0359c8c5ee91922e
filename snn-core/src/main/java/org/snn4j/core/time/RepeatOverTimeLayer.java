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

/** Implementation of {@link RepeatOverTime}. */
public class RepeatOverTimeLayer extends SnnNoParamLayerImpl<RepeatOverTime> {

    public RepeatOverTimeLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        int t = layerConf().getTimesteps();
        long[] shape = input.shape().clone();
        shape[0] *= t;
        INDArray rows = input.dup('c').reshape('c', 1, input.length()).repeat(0, t);
        return inWorkspace(mgr, ArrayType.ACTIVATIONS, rows.reshape('c', shape));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        int t = layerConf().getTimesteps();
        INDArray summed = epsilon.dup('c').reshape('c', t, epsilon.length() / t).sum(0).reshape('c', input.shape());
        return new Pair<>(new DefaultGradient(), inWorkspace(mgr, ArrayType.ACTIVATION_GRAD, summed));
    }
}
