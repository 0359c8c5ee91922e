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

import java.util.Arrays;

/** Implementation of {@link FoldTime}: a permute of [N, T, rest] to [T, N, rest] and back. */
public class FoldTimeLayer extends SnnNoParamLayerImpl<FoldTime> {

    public FoldTimeLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        int t = layerConf().getTimesteps();
        long n = input.size(0);
        long[] outShape = input.shape().clone();
        outShape[0] = n * t;
        outShape[1] = input.size(1) / t;
        INDArray folded = input.reshape('c', n, t, input.length() / (n * t)).permute(1, 0, 2);
        return inWorkspace(mgr, ArrayType.ACTIVATIONS, folded.dup('c').reshape('c', outShape));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        int t = layerConf().getTimesteps();
        long n = epsilon.size(0) / t;
        INDArray unfolded = epsilon.reshape('c', t, n, epsilon.length() / (n * t)).permute(1, 0, 2);
        long[] inShape = Arrays.copyOf(input.shape(), input.rank());
        return new Pair<>(new DefaultGradient(),
                inWorkspace(mgr, ArrayType.ACTIVATION_GRAD, unfolded.dup('c').reshape('c', inShape)));
    }
}
