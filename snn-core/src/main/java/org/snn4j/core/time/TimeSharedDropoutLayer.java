package org.snn4j.core.time;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.layer.SnnNoParamLayerImpl;

/**
 * Implementation of {@link TimeSharedDropout}. The mask of the last training forward pass is kept
 * (outside any workspace) for the backward pass.
 */
public class TimeSharedDropoutLayer extends SnnNoParamLayerImpl<TimeSharedDropout> {
    /** [1, N*rest] scaled keep-mask of the last training forward pass, or null. */
    private INDArray mask;

    public TimeSharedDropoutLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        TimeSharedDropout cfg = layerConf();
        double p = cfg.getDropProbability();
        if (!training || p == 0) {
            mask = null;
            return inWorkspace(mgr, ArrayType.ACTIVATIONS, input);
        }
        int t = cfg.getTimesteps();
        TimeFolding.checkDivisible(input, t, layerId());
        long perStep = input.length() / t;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray uniform = Nd4j.rand(input.dataType(), 1, perStep);
            mask = uniform.gte(p).castTo(input.dataType()).divi(1 - p);
        }
        return inWorkspace(mgr, ArrayType.ACTIVATIONS, perStepRows(input, t).mulRowVector(mask).reshape(input.shape()));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        if (mask == null) {
            return new Pair<>(new DefaultGradient(), inWorkspace(mgr, ArrayType.ACTIVATION_GRAD, epsilon));
        }
        int t = layerConf().getTimesteps();
        INDArray grad = perStepRows(epsilon, t).mulRowVector(mask).reshape(epsilon.shape());
        return new Pair<>(new DefaultGradient(), inWorkspace(mgr, ArrayType.ACTIVATION_GRAD, grad));
    }

    /** The folded array as [T, N*rest]: row t holds every sample's step t. */
    private static INDArray perStepRows(INDArray folded, int t) {
        return folded.dup('c').reshape('c', t, folded.length() / t);
    }

    /** The mask used by the last training forward pass ([1, N*rest], scaled), for tests; null at inference. */
    public INDArray lastMask() {
        return mask;
    }
}
