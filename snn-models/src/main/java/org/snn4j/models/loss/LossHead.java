package org.snn4j.models.loss;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;
import org.nd4j.linalg.lossfunctions.impl.LossMSE;
import org.snn4j.core.time.MeanOverTime;

import java.util.List;

/** The layers that end a zoo network for a given loss: what follows the last per-step layer. */
public final class LossHead {
    private LossHead() {
    }

    /**
     * MSE: MeanOverTime then identity MSE (output = time-averaged output, e.g. firing rates).
     * CE: MeanOverTime then softmax cross-entropy (label-smoothed when eps > 0); output = class probabilities.
     * TET: softmax {@link LossTET} on the per-step logits; output = per-step probabilities [T*N, K].
     */
    public static List<Layer> layers(LossKind kind, int timesteps, double labelSmoothing) {
        switch (kind) {
            case MSE:
                if (labelSmoothing != 0) {
                    throw new IllegalArgumentException("label smoothing applies to CE and TET losses, not MSE");
                }
                return List.of(new MeanOverTime(timesteps), lossLayer(new LossMSE(), Activation.IDENTITY));
            case CE:
                ILossFunction ce = labelSmoothing == 0 ? new LossMCXENT() : new SmoothedCrossEntropy(labelSmoothing);
                return List.of(new MeanOverTime(timesteps), lossLayer(ce, Activation.SOFTMAX));
            case TET:
                return List.of(lossLayer(new LossTET(timesteps, labelSmoothing), Activation.SOFTMAX));
            default:
                throw new IllegalArgumentException("unsupported loss " + kind);
        }
    }

    private static Layer lossLayer(ILossFunction fn, Activation activation) {
        return new LossLayer.Builder().lossFunction(fn).activation(activation).build();
    }
}
