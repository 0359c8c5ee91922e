package org.snn4j.models.layer;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.layer.SnnNoParamLayerImpl;

/** Implementation of {@link Voting}: a mean over consecutive groups of g features. */
public class VotingLayer extends SnnNoParamLayerImpl<Voting> {

    public VotingLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        int g = layerConf().getGroupSize();
        long m = input.size(0);
        long k = input.size(1) / g;
        return inWorkspace(mgr, ArrayType.ACTIVATIONS, input.dup('c').reshape('c', m, k, g).mean(2));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        int g = layerConf().getGroupSize();
        long m = epsilon.size(0);
        long k = epsilon.size(1);
        INDArray spread = epsilon.dup('c').reshape('c', m, k, 1).broadcast(m, k, g).div(g).reshape('c', m, k * g);
        return new Pair<>(new DefaultGradient(), inWorkspace(mgr, ArrayType.ACTIVATION_GRAD, spread));
    }
}
