package org.snn4j.core.time;

import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Arrays;

/** Checks shared by the layers that work on the time-folded layout {@code [T*N, ...]}. */
public final class TimeFolding {
    private TimeFolding() {
    }

    /** Fails with a clear message when the leading axis is not a multiple of T. */
    public static void checkDivisible(INDArray folded, int timesteps, String layer) {
        if (timesteps <= 0 || folded.size(0) % timesteps != 0) {
            throw new IllegalArgumentException(layer + ": input of shape " + Arrays.toString(folded.shape())
                    + " is not time-folded with T=" + timesteps + " (leading axis must be T*N)");
        }
    }
}
