package org.snn4j.core.time;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.snn4j.core.layer.SnnNoParamLayer;

/**
 * Configuration base of a parameter-free layer on the time-folded layout that needs to know T
 * (FoldTime, MeanOverTime, and layers in other modules such as time-shared dropout). By default the
 * per-step output type equals the input type.
 */
public abstract class TimeStepLayer extends SnnNoParamLayer {
    private int timesteps;

    protected TimeStepLayer() {
    }

    protected TimeStepLayer(int timesteps) {
        this.timesteps = timesteps;
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        return in;
    }

    public int getTimesteps() {
        return timesteps;
    }

    public void setTimesteps(int timesteps) {
        this.timesteps = timesteps;
    }
}
