package org.snn4j.core.time;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Averages per-step outputs over time, {@code [T*N, ...] -> [N, ...]}, so per-sample labels meet
 * per-step outputs: put it before the loss (mean-over-T logits, or firing rates for an MSE loss,
 * as SpikingJelly's examples do).
 */
public class MeanOverTime extends TimeStepLayer {

    public MeanOverTime() {
    }

    public MeanOverTime(int timesteps) {
        super(timesteps);
    }

    @Override
    protected Layer createImpl(NeuralNetConfiguration conf, DataType dataType) {
        return new MeanOverTimeLayer(conf, dataType);
    }
}
