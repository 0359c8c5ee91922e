package org.snn4j.core.layer;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.layers.AbstractLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Implementation base for parameter-free snn4j layers: the boilerplate DL4J asks of every layer. */
public abstract class SnnNoParamLayerImpl<C extends SnnNoParamLayer> extends AbstractLayer<C> {

    protected SnnNoParamLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    /** Copies {@code values} into a fresh array of the given workspace type (activations or gradients). */
    protected static INDArray inWorkspace(LayerWorkspaceMgr mgr, ArrayType type, INDArray values) {
        INDArray out = mgr.createUninitialized(type, values.dataType(), values.shape(), 'c');
        return out.assign(values);
    }
}
