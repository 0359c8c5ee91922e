package org.snn4j.core.time;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Dropout whose mask is drawn once per sample and shared by all T time steps, as SpikingJelly's
 * multi-step {@code layer.Dropout(p)} (SpikingJelly): on the folded layout {@code [T*N, ...]} the
 * same mask multiplies rows {@code t*N + n} for every t. Inverted scaling by {@code 1/(1-p)} in
 * training, identity at inference. A per-element DL4J dropout would draw a fresh mask per step, which
 * is not what the papers' networks use.
 */
public class TimeSharedDropout extends TimeStepLayer {
    private double dropProbability;

    public TimeSharedDropout() {
    }

    /** @param dropProbability probability of zeroing an element (PyTorch's p), in [0, 1) */
    public TimeSharedDropout(int timesteps, double dropProbability) {
        if (timesteps <= 0) {
            throw new IllegalArgumentException("TimeSharedDropout needs T > 0, got " + timesteps);
        }
        if (!(dropProbability >= 0 && dropProbability < 1)) {
            throw new IllegalArgumentException("dropout probability must be in [0, 1), got " + dropProbability);
        }
        setTimesteps(timesteps);
        this.dropProbability = dropProbability;
    }

    @Override
    protected Layer createImpl(NeuralNetConfiguration conf, DataType dataType) {
        return new TimeSharedDropoutLayer(conf, dataType);
    }

    public double getDropProbability() {
        return dropProbability;
    }

    public void setDropProbability(double dropProbability) {
        this.dropProbability = dropProbability;
    }
}
