package org.snn4j.models.loss;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * TET loss (Deng et al. 2022, as the SMA-AZO N-Caltech101 recipe uses it, SMA-AZO):
 * {@code (1/T) sum_t CE(logits_t, y)} with no MSE regulariser. It sits in a softmax {@code LossLayer} that
 * receives the per-step logits {@code [T*N, K]} (no MeanOverTime before it) while the labels stay
 * {@code [N, K]}; the labels are repeated over t here.
 *
 * <p>Scaling: DL4J divides the output layer's score by its own minibatch (T*N) but the parameter
 * gradients by the network's input minibatch (N). The score is therefore the sum of the T*N per-step
 * cross-entropies and the gradient is scaled by 1/T, so both describe the same TET value; the gradient
 * check in the tests verifies this. Optional label smoothing as {@link SmoothedCrossEntropy}.
 */
public class LossTET implements ILossFunction {
    private int timesteps;
    private double smoothing;

    public LossTET() {
    }

    public LossTET(int timesteps, double smoothing) {
        if (timesteps <= 0) {
            throw new IllegalArgumentException("TET needs T > 0, got " + timesteps);
        }
        this.timesteps = timesteps;
        this.smoothing = smoothing;
    }

    private SmoothedCrossEntropy perStep() {
        return new SmoothedCrossEntropy(smoothing);
    }

    /** Labels [N, K] repeated to [T*N, K] (T-major, matching the folded outputs). */
    private INDArray perStepLabels(INDArray labels, INDArray preOutput) {
        if (labels.size(0) * timesteps != preOutput.size(0)) {
            throw new IllegalArgumentException("TET(T=" + timesteps + "): labels have " + labels.size(0)
                    + " rows but outputs have " + preOutput.size(0) + " (expected T*N per-step outputs; "
                    + "do not put MeanOverTime before a TET loss)");
        }
        return Nd4j.tile(labels, timesteps, 1);
    }

    @Override
    public double computeScore(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        double sum = perStep().computeScore(perStepLabels(labels, preOutput), preOutput, activationFn, mask, false);
        return average ? sum / preOutput.size(0) : sum;
    }

    /** Per-sample TET values, [N, 1]. */
    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray rows = perStep().computeScoreArray(perStepLabels(labels, preOutput), preOutput, activationFn, mask);
        return rows.reshape(timesteps, labels.size(0)).mean(0).reshape(labels.size(0), 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        return perStep().computeGradient(perStepLabels(labels, preOutput), preOutput, activationFn, mask).divi(timesteps);
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(INDArray labels, INDArray preOutput, IActivation activationFn,
                                                          INDArray mask, boolean average) {
        return new Pair<>(computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return "TET(T=" + timesteps + ", smoothing=" + smoothing + ")";
    }

    public int getTimesteps() {
        return timesteps;
    }

    public void setTimesteps(int timesteps) {
        this.timesteps = timesteps;
    }

    public double getSmoothing() {
        return smoothing;
    }

    public void setSmoothing(double smoothing) {
        this.smoothing = smoothing;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LossTET && ((LossTET) o).timesteps == timesteps && ((LossTET) o).smoothing == smoothing;
    }

    @Override
    public int hashCode() {
        return 31 * timesteps + Double.hashCode(smoothing);
    }

    @Override
    public String toString() {
        return name();
    }
}
