package org.snn4j.models.optim;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.optimize.api.BaseTrainingListener;

/**
 * PyTorch's {@code ReduceLROnPlateau(mode='min', factor, patience, threshold=1e-4 relative)} on the mean
 * training loss of each epoch, as the MA-SNN event-data recipes use it (MA-SNN event-data configs). Attach as a
 * listener; the network's learning rate must be a constant (no ISchedule).
 */
public class ReduceLrOnPlateau extends BaseTrainingListener {
    private static final double THRESHOLD = 1e-4;
    private final double factor;
    private final int patience;
    private double lr;
    private double best = Double.POSITIVE_INFINITY;
    private int badEpochs;
    private double sum;
    private long count;

    public ReduceLrOnPlateau(double initialLr, double factor, int patience) {
        if (!(factor > 0 && factor < 1) || patience < 0) {
            throw new IllegalArgumentException("plateau factor must be in (0,1) and patience >= 0, got " + factor + ", " + patience);
        }
        this.lr = initialLr;
        this.factor = factor;
        this.patience = patience;
    }

    @Override
    public void iterationDone(Model model, int iteration, int epoch) {
        sum += model.score();
        count++;
    }

    @Override
    public void onEpochEnd(Model model) {
        if (count == 0) {
            return;
        }
        double mean = sum / count;
        sum = 0;
        count = 0;
        if (mean < best * (1 - THRESHOLD)) {
            best = mean;
            badEpochs = 0;
        } else if (++badEpochs > patience) {
            lr *= factor;
            badEpochs = 0;
            if (model instanceof MultiLayerNetwork) {
                ((MultiLayerNetwork) model).setLearningRate(lr);
            } else if (model instanceof ComputationGraph) {
                ((ComputationGraph) model).setLearningRate(lr);
            }
        }
    }

    /** The current learning rate. */
    public double learningRate() {
        return lr;
    }
}
