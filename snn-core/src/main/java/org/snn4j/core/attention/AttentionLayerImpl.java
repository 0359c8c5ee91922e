package org.snn4j.core.attention;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Implementation of every {@link AttentionSameDiffLayer}: DL4J's SameDiff layer plus the training flag,
 * the host-side update of BN running statistics, and {@link #inspect} to read named intermediate
 * values (attention weights, AZO masks) for tests and visualisation.
 */
public class AttentionLayerImpl extends SameDiffLayer implements InspectableAttention {
    private final Map<String, INDArray> captured = new HashMap<>();
    private boolean listening;

    public AttentionLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private AttentionSameDiffLayer attentionConf() {
        return (AttentionSameDiffLayer) layerConf();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        prepare(training);
        captured.clear();
        INDArray out = super.activate(training, mgr);
        if (training) {
            updateRunningStatistics(input.size(0));
        }
        captured.clear();
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        prepare(true);
        return super.backpropGradient(epsilon, mgr);
    }

    /**
     * Runs the layer's graph on {@code input} (training or inference semantics, without touching the running
     * statistics) and returns copies of the named graph variables, e.g.
     * {@link SpikingMultiscaleAttention#ATTENTION_TIME}.
     */
    @Override
    public Map<String, INDArray> inspect(INDArray input, boolean training, String... names) {
        if (sameDiff == null) {
            setInput(input, LayerWorkspaceMgr.noWorkspaces());     // doInit reads the input's shape
        }
        prepare(training);
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            // A fresh session with the default memory manager: DL4J's one points at workspaces not open here.
            sameDiff.getSessions().remove(Thread.currentThread().getId());
            Map<String, INDArray> ph = new HashMap<>();
            ph.put(INPUT_KEY, input);
            ph.put(MASK_KEY, layerConf().onesMaskForInput(input));
            Map<String, INDArray> out = sameDiff.output(ph, names);
            Map<String, INDArray> copies = new LinkedHashMap<>();
            for (String n : names) {
                copies.put(n, out.get(n).dup());
            }
            sameDiff.getSessions().remove(Thread.currentThread().getId());
            sameDiff.clearPlaceholders(true);
            sameDiff.clearOpInputs();
            return copies;
        }
    }

    private void prepare(boolean training) {
        if (sameDiff == null) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                doInit();
            }
        }
        if (!listening) {
            sameDiff.addListeners(new StatisticsCapture());
            listening = true;
        }
        setFlag(sameDiff, training);
        if (sameDiff.hasGradientFunction()) {
            setFlag(sameDiff.getFunction("grad"), training);
        }
    }

    /** Writes 1 (training) or 0 into the graph's {@link AttentionSameDiffLayer#TRAINING_FLAG}, if it has one. */
    static void setFlag(SameDiff sd, boolean training) {
        if (sd.hasVariable(AttentionSameDiffLayer.TRAINING_FLAG)) {
            sd.getArrForVarName(AttentionSameDiffLayer.TRAINING_FLAG).assign(training ? 1.0 : 0.0);
        }
    }

    private void updateRunningStatistics(long rows) {
        AttentionSameDiffLayer c = attentionConf();
        for (String bn : c.batchNormNames()) {
            INDArray mean = captured.get(bn + AttentionSameDiffLayer.BATCH_MEAN);
            INDArray var = captured.get(bn + AttentionSameDiffLayer.BATCH_VAR);
            if (mean == null || var == null) {
                throw new IllegalStateException(layerId() + ": batch statistics of " + bn + " were not captured");
            }
            c.updateRunningStatistics(paramTable, bn, mean, var, rows);
        }
    }

    /** Copies the batch statistics out of the forward pass as they are computed. */
    private final class StatisticsCapture extends BaseListener {
        @Override
        public boolean isActive(Operation operation) {
            return true;
        }

        @Override
        public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext opContext,
                                INDArray[] outputs) {
            List<String> names = op.getOutputsOfOp();
            for (int i = 0; i < names.size() && i < outputs.length; i++) {
                String n = names.get(i);
                if (n.endsWith(AttentionSameDiffLayer.BATCH_MEAN) || n.endsWith(AttentionSameDiffLayer.BATCH_VAR)) {
                    try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                        captured.put(n, outputs[i].dup());
                    }
                }
            }
        }
    }
}
