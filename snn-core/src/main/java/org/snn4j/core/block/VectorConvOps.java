package org.snn4j.core.block;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of {@link ConvBatchNormSpikePoolLayer}'s row kernels (loaded only when
 * {@code jdk.incubator.vector} is present; the layer falls back to plain loops otherwise).
 */
final class VectorConvOps {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private VectorConvOps() {
    }

    static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int i0, int i1) {
        int i = i0;
        FloatVector va = FloatVector.broadcast(F, a);
        for (int end = i0 + F.loopBound(i1 - i0); i < end; i += F.length()) {
            FloatVector.fromArray(F, x, xOff + i).fma(va, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < i1; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    static double dot(float[] x, int xOff, float[] y, int yOff, int i0, int i1) {
        int i = i0;
        FloatVector acc = FloatVector.zero(F);
        for (int end = i0 + F.loopBound(i1 - i0); i < end; i += F.length()) {
            acc = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < i1; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }
}
