package org.snn4j.models.loss;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;
import org.nd4j.linalg.lossfunctions.impl.LossMCXENT;

/**
 * Cross-entropy with label smoothing, as PyTorch's {@code CrossEntropyLoss(label_smoothing=eps)}: the
 * target is {@code (1 - eps) * y + eps / K}. Use with a softmax activation. eps = 0 is plain
 * cross-entropy. MS-ResNet's ImageNet recipe uses eps = 0.1 (SMA-AZO and MA-SNN ImageNet scripts).
 */
public class SmoothedCrossEntropy implements ILossFunction {
    private double smoothing;

    public SmoothedCrossEntropy() {
    }

    public SmoothedCrossEntropy(double smoothing) {
        if (!(smoothing >= 0 && smoothing < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + smoothing);
        }
        this.smoothing = smoothing;
    }

    /** The smoothed targets for one-hot (or soft) labels [M, K]. */
    public INDArray smooth(INDArray labels) {
        if (smoothing == 0) {
            return labels;
        }
        return labels.mul(1 - smoothing).addi(smoothing / labels.size(1));
    }

    private static ILossFunction crossEntropy() {
        return new LossMCXENT();
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        return crossEntropy().computeScore(smooth(labels), preOutput, activationFn, mask, average);
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return crossEntropy().computeScoreArray(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return crossEntropy().computeGradient(smooth(labels), preOutput, activationFn, mask);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "SmoothedCrossEntropy(" + smoothing + ")";
    }

    public double getSmoothing() {
        return smoothing;
    }

    public void setSmoothing(double smoothing) {
        this.smoothing = smoothing;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SmoothedCrossEntropy && ((SmoothedCrossEntropy) o).smoothing == smoothing;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(smoothing);
    }

    @Override
    public String toString() {
        return name();
    }
}
