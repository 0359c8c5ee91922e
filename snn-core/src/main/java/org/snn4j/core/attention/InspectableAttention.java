package org.snn4j.core.attention;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * An attention layer implementation whose named intermediate values (attention weights, AZO masks, per-scale
 * outputs) can be read for tests and pictures, whichever implementation (SameDiff or hand-written) runs it.
 * The names are the constants of the configuration class, e.g. {@link SpikingMultiscaleAttention#ATTENTION_TIME}.
 */
public interface InspectableAttention {

    /**
     * Runs the layer on {@code input} (training or inference semantics, without touching running statistics)
     * and returns detached copies of the named values.
     */
    Map<String, INDArray> inspect(INDArray input, boolean training, String... names);
}
