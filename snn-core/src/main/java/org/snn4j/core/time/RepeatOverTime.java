package org.snn4j.core.time;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Direct (static-image) encoding: the same input at every time step, {@code [N, ...] -> [T*N, ...]}
 * T-major, as the MS-ResNet ImageNet code repeats the image T times (SMA-AZO ImageNet code). Backward sums the
 * T per-step gradients.
 */
public class RepeatOverTime extends TimeStepLayer {

    public RepeatOverTime() {
    }

    public RepeatOverTime(int timesteps) {
        if (timesteps <= 0) {
            throw new IllegalArgumentException("RepeatOverTime needs T > 0, got " + timesteps);
        }
        setTimesteps(timesteps);
    }

    @Override
    protected Layer createImpl(NeuralNetConfiguration conf, DataType dataType) {
        return new RepeatOverTimeLayer(conf, dataType);
    }
}
