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
                                 int lo, int hi, double[] acc) {
        int len = S.loopBound(hi - lo);
        float vth = (float) k.getVThreshold();
        float a = (float) k.getA();
        float b = (float) k.getB();
        float c = (float) k.getC();
        float[] hist = history(steps);
        float[] v = membrane(k, len);
        FloatVector av = FloatVector.broadcast(S, a);
        // forward again, keeping the block's h in the per-thread history (nothing was stored by forward)
        for (int t = 0; t < steps; t++) {
            int base = t * m + lo;
            for (int j = 0; j < len; j += S.length()) {
                FloatVector xv = FloatVector.fromByteBuffer(S, x, (base + j) << 2, ORDER);
                FloatVector h = FloatVector.fromArray(S, v, j).fma(av, xv.fma(b, c));
                h.intoArray(hist, t * BLOCK + j);
                reset(k, h, fires(k, h, vth)).intoArray(v, j);
            }
        }
        VectorSurrogates.Gradient grad = VectorSurrogates.of(k.getSurrogate());
        FloatVector zero = FloatVector.zero(S);
        FloatVector one = FloatVector.broadcast(S, 1f);
        FloatVector vInit = FloatVector.broadcast(S, (float) k.getVInit());
        FloatVector accA = zero;
        FloatVector accB = zero;
        FloatVector accC = zero;
        float[] gradV = v; // reuse: the membrane is no longer needed
        java.util.Arrays.fill(gradV, 0, len, 0f);
        for (int t = steps - 1; t >= 0; t--) {
            int base = t * m + lo;
            for (int j = 0; j < len; j += S.length()) {
                int at = (base + j) << 2;
                FloatVector h = FloatVector.fromArray(S, hist, t * BLOCK + j);
                FloatVector z = h.sub(vth);
                VectorMask<Float> fired = fires(k, h, vth);
                FloatVector ds = grad.apply(z);
                FloatVector dvdh = resetSlope(k, h, fired, ds, one, zero);
                FloatVector dOut = k.isMembraneOutput() ? zero.blend(one, h.compare(VectorOperators.GT, 0f)) : ds;
                FloatVector gv = FloatVector.fromArray(S, gradV, j);
                FloatVector gradH = FloatVector.fromByteBuffer(S, eps, at, ORDER).fma(dOut, gv.mul(dvdh));
                gradH.mul(b).intoByteBuffer(dx, at, ORDER);
                FloatVector vPrev;
                if (t == 0) {
                    vPrev = vInit;
                } else {
                    FloatVector hp = FloatVector.fromArray(S, hist, (t - 1) * BLOCK + j);
                    vPrev = reset(k, hp, fires(k, hp, vth));
                }
                accA = gradH.fma(vPrev, accA);
                accB = gradH.fma(FloatVector.fromByteBuffer(S, x, at, ORDER), accB);
                accC = accC.add(gradH);
                gradH.mul(a).intoArray(gradV, j);
            }
        }
        acc[0] += accA.reduceLanes(VectorOperators.ADD);
        acc[1] += accB.reduceLanes(VectorOperators.ADD);
        acc[2] += accC.reduceLanes(VectorOperators.ADD);
        if (lo + len < hi) {
            tail.backwardBlock(k, x, eps, dx, steps, m, lo + len, hi, acc);
        }
    }

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

    private static FloatVector resetSlope(LinearNeuronKernel k, FloatVector h, VectorMask<Float> fired, FloatVector ds,
                                          FloatVector one, FloatVector zero) {
        if (k.isSoftReset()) {
            return k.isDetachReset() ? one : ds.mul((float) -k.getVThreshold()).add(1f);
        }
        FloatVector notFired = one.blend(zero, fired);
        if (k.isDetachReset()) {
            return notFired;
        }
        return h.neg().add((float) k.getVReset()).fma(ds, notFired);
    }
}
