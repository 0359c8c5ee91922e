package org.snn4j.core;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Set;

/**
 * The finite-difference check every snn4j layer test runs (shared with snn-data/snn-models through the test-jar):
 * two samples labelled classes 1 and 2 of 3, DL4J's {@link GradientCheckUtil} at eps 1e-6, max relative error
 * 1e-5 and min absolute error 1e-9 (double precision), failures printed.
 */
public final class GradientChecks {
    private GradientChecks() {
    }

    /** Configuration for {@code net} on input {@code x} (2 samples), {@code excluded} parameters skipped. */
    public static GradientCheckUtil.MLNConfig config(MultiLayerNetwork net, INDArray x, Set<String> excluded) {
        INDArray y = Nd4j.zeros(DataType.DOUBLE, 2, 3);
        y.putScalar(0, 1, 1.0);
        y.putScalar(1, 2, 1.0);
        return new GradientCheckUtil.MLNConfig().net(net).input(x).labels(y)
                .epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9).excludeParams(excluded)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY);
    }
}
