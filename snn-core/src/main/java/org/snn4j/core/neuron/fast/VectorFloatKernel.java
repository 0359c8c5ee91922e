package org.snn4j.core.neuron.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.snn4j.core.neuron.LinearNeuronKernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Vector API float kernel ({@code jdk.incubator.vector}): the block's inner loop runs over SIMD lanes, the
 * spike is a compare mask and blend (no branch), and the surrogate gradient is evaluated lane-wise
 * ({@link VectorSurrogates}). Elements past the last full vector go through {@link ScalarFloatKernel}.
 * Only loaded when the module is present (see {@link FloatNeuronKernel#get()}).
 */
final class VectorFloatKernel extends FloatNeuronKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private final ScalarFloatKernel tail = new ScalarFloatKernel();

    @Override
    public String name() {
        return "vector(" + S.length() + " lanes)";
    }

    @Override
    protected void forwardBlock(LinearNeuronKernel k, ByteBuffer x, ByteBuffer out, int steps, int m, int lo, int hi) {
        int len = S.loopBound(hi - lo);
        float vth = (float) k.getVThreshold();
        float a = (float) k.getA();
        float b = (float) k.getB();
        float c = (float) k.getC();
        float[] v = membrane(k, len);
        FloatVector av = FloatVector.broadcast(S, a);
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        for (int t = 0; t < steps; t++) {
            int base = t * m + lo;
            for (int j = 0; j < len; j += S.length()) {
                FloatVector xv = FloatVector.fromByteBuffer(S, x, (base + j) << 2, ORDER);
                FloatVector h = FloatVector.fromArray(S, v, j).fma(av, xv.fma(b, c));
                VectorMask<Float> fired = fires(k, h, vth);
                FloatVector o = k.isMembraneOutput() ? h.max(zero) : zero.blend(one, fired);
                o.intoByteBuffer(out, (base + j) << 2, ORDER);
                reset(k, h, fired).intoArray(v, j);
            }
        }
        if (lo + len < hi) {
            tail.forwardBlock(k, x, out, steps, m, lo + len, hi);
        }
    }

    @Override
    protected void backwardBlock(LinearNeuronKernel k, ByteBuffer x, ByteBuffer eps, ByteBuffer dx, int steps, int m,
                                 int lo, int hi, double[] acc, boolean withChargeGradients) {
        int len = S.loopBound(hi - lo);
        float vth = (float) k.getVThreshold();
        float a = (float) k.getA();
        float b = (float) k.getB();
        float c = (float) k.getC();
        float[] hist = history(steps);
        float[] v = membrane(k, len);
        FloatVector av = FloatVector.broadcast(S, a);
        // forward again, keeping the block's h[t] in the per-thread history (forward stored nothing)
        for (int t = 0; t < steps; t++) {
            int base = t * m + lo;
            for (int j = 0; j < len; j += S.length()) {
                FloatVector h = FloatVector.fromArray(S, v, j).fma(av, FloatVector.fromByteBuffer(S, x, (base + j) << 2, ORDER).fma(b, c));
                h.intoArray(hist, t * BLOCK + j);
                reset(k, h, fires(k, h, vth)).intoArray(v, j);
            }
        }
        float[] vPrev = v; // reuse: the membrane is no longer needed
        float[] ds = SURROGATE.get();
        float[] gradH = GRAD_H.get();
        float[] gradV = GRAD_V.get();
        java.util.Arrays.fill(gradV, 0, len, 0f);
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        // Branch-free dv/dh = (cH * h + c0) * ds + (1 - hard * s) and dOut/dh = (1 - mo) * ds + mo * [h > 0]:
        // JDK 17's C2 handles straight-line vector arithmetic best, so the hot loop has no vector-valued branch.
        boolean soft = k.isSoftReset();
        boolean detach = k.isDetachReset();
        float hard = soft ? 0f : 1f;
        float cH = detach || soft ? 0f : -1f;
        float c0 = detach ? 0f : (soft ? -vth : (float) k.getVReset());
        float mo = k.isMembraneOutput() ? 1f : 0f;
        FloatVector sumA = zero;
        FloatVector sumB = zero;
        FloatVector sumC = zero;
        for (int t = steps - 1; t >= 0; t--) {
            int base = t * m + lo;
            int row = t * BLOCK;
            VectorSurrogates.gradients(k.getSurrogate(), hist, row, vth, ds, len);
            for (int j = 0; j < len; j += S.length()) {
                int at = (base + j) << 2;
                FloatVector h = FloatVector.fromArray(S, hist, row + j);
                FloatVector spike = zero.blend(one, fires(k, h, vth));
                FloatVector dsv = FloatVector.fromArray(S, ds, j);
                FloatVector dvdh = h.fma(cH, c0).fma(dsv, spike.mul(-hard).add(one));
                FloatVector dOut = dsv.mul(1f - mo).add(zero.blend(mo, h.compare(VectorOperators.GT, 0f)));
                FloatVector gh = FloatVector.fromByteBuffer(S, eps, at, ORDER)
                        .fma(dOut, FloatVector.fromArray(S, gradV, j).mul(dvdh));
                gh.mul(b).intoByteBuffer(dx, at, ORDER);
                gh.mul(a).intoArray(gradV, j);
                gh.intoArray(gradH, j);
            }
            if (withChargeGradients) {
                // dL/da, dL/db, dL/dc summed: gradH times v[t-1], x[t] and 1
                previousMembrane(k, hist, t, vth, vPrev, len);
                for (int j = 0; j < len; j += S.length()) {
                    FloatVector gh = FloatVector.fromArray(S, gradH, j);
                    sumA = gh.fma(FloatVector.fromArray(S, vPrev, j), sumA);
                    sumB = gh.fma(FloatVector.fromByteBuffer(S, x, (base + j) << 2, ORDER), sumB);
                    sumC = sumC.add(gh);
                }
            }
        }
        acc[0] += sumA.reduceLanes(VectorOperators.ADD);
        acc[1] += sumB.reduceLanes(VectorOperators.ADD);
        acc[2] += sumC.reduceLanes(VectorOperators.ADD);
        if (lo + len < hi) {
            tail.backwardBlock(k, x, eps, dx, steps, m, lo + len, hi, acc, withChargeGradients);
        }
    }

    /** v[t-1] for the block: the initial membrane at t = 0, else the reset of h[t-1]. */
    private static void previousMembrane(LinearNeuronKernel k, float[] hist, int t, float vth, float[] out, int len) {
        if (t == 0) {
            java.util.Arrays.fill(out, 0, len, (float) k.getVInit());
            return;
        }
        for (int j = 0; j < len; j += S.length()) {
            FloatVector hp = FloatVector.fromArray(S, hist, (t - 1) * BLOCK + j);
            reset(k, hp, fires(k, hp, vth)).intoArray(out, j);
        }
    }

    private static final ThreadLocal<float[]> SURROGATE = ThreadLocal.withInitial(() -> new float[BLOCK]);
    private static final ThreadLocal<float[]> GRAD_H = ThreadLocal.withInitial(() -> new float[BLOCK]);
    private static final ThreadLocal<float[]> GRAD_V = ThreadLocal.withInitial(() -> new float[BLOCK]);
    private static final ThreadLocal<float[]> MEMBRANE = ThreadLocal.withInitial(() -> new float[BLOCK]);

    private static float[] membrane(LinearNeuronKernel k, int len) {
        float[] v = MEMBRANE.get();
        java.util.Arrays.fill(v, 0, len, (float) k.getVInit());
        return v;
    }

    private static VectorMask<Float> fires(LinearNeuronKernel k, FloatVector h, float vth) {
        return h.compare(k.isStrictThreshold() ? VectorOperators.GT : VectorOperators.GE, vth);
    }

    private static FloatVector reset(LinearNeuronKernel k, FloatVector h, VectorMask<Float> fired) {
        if (k.isSoftReset()) {
            return h.sub((float) k.getVThreshold(), fired);
        }
        return h.blend((float) k.getVReset(), fired);
    }

}
