package org.snn4j.core.conv;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API row kernels of {@link DirectConvolution} (loaded only when {@code jdk.incubator.vector} is present;
 * the plain loops run otherwise). Kept to straight-line bodies inside simple counted loops: JDK 17's C2 leaves
 * vectors boxed (the slow Java fallback) when they are merged across nested loops or branches.
 */
final class VectorRows {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private VectorRows() {
    }

    /**
     * out[o + j] (+)= sum over ch < nc, dh, dw < k of wt[wOff + ch*k*k + tap] * src[s + ch*plane + dh*pw + j + dw]
     * for j < n, with tap = dh*k + dw (or k*k - 1 - that, flipped). The output row stays in L1 while every tap
     * is added; for 3 x 3 the nine taps of a channel are one expression per vector of outputs.
     */
    static void correlate(float[] src, int s, int nc, int k, int plane, int pw, float[] wt, int wOff, boolean flip,
                          float[] out, int o, int n, boolean accumulate) {
        int kk = k * k;
        if (!accumulate) {
            java.util.Arrays.fill(out, o, o + n, 0f);
        }
        for (int ch = 0; ch < nc; ch++) {
            int base = s + ch * plane;
            if (k == 3) {
                int wb = wOff + ch * 9;
                correlate3(src, base, pw, wt[wb + tap(0, flip)], wt[wb + tap(1, flip)], wt[wb + tap(2, flip)],
                        wt[wb + tap(3, flip)], wt[wb + tap(4, flip)], wt[wb + tap(5, flip)], wt[wb + tap(6, flip)],
                        wt[wb + tap(7, flip)], wt[wb + tap(8, flip)], out, o, n);
                continue;
            }
            for (int dh = 0; dh < k; dh++) {
                for (int dw = 0; dw < k; dw++) {
                    int t = dh * k + dw;
                    axpy(wt[wOff + ch * kk + (flip ? kk - 1 - t : t)], src, base + dh * pw + dw, out, o, n);
                }
            }
        }
    }

    private static int tap(int t, boolean flip) {
        return flip ? 8 - t : t;
    }

    /** out[o + j] += the 3 x 3 correlation of src rows s, s + pw, s + 2 pw at column j. */
    private static void correlate3(float[] src, int s, int pw, float a0, float a1, float a2, float a3, float a4,
                                   float a5, float a6, float a7, float a8, float[] out, int o, int n) {
        FloatVector w0 = FloatVector.broadcast(F, a0);
        FloatVector w1 = FloatVector.broadcast(F, a1);
        FloatVector w2 = FloatVector.broadcast(F, a2);
        FloatVector w3 = FloatVector.broadcast(F, a3);
        FloatVector w4 = FloatVector.broadcast(F, a4);
        FloatVector w5 = FloatVector.broadcast(F, a5);
        FloatVector w6 = FloatVector.broadcast(F, a6);
        FloatVector w7 = FloatVector.broadcast(F, a7);
        FloatVector w8 = FloatVector.broadcast(F, a8);
        int r1 = s + pw;
        int r2 = s + 2 * pw;
        int j = 0;
        for (int end = F.loopBound(n); j < end; j += F.length()) {
            FloatVector v = FloatVector.fromArray(F, out, o + j);
            v = FloatVector.fromArray(F, src, s + j).fma(w0, v);
            v = FloatVector.fromArray(F, src, s + j + 1).fma(w1, v);
            v = FloatVector.fromArray(F, src, s + j + 2).fma(w2, v);
            v = FloatVector.fromArray(F, src, r1 + j).fma(w3, v);
            v = FloatVector.fromArray(F, src, r1 + j + 1).fma(w4, v);
            v = FloatVector.fromArray(F, src, r1 + j + 2).fma(w5, v);
            v = FloatVector.fromArray(F, src, r2 + j).fma(w6, v);
            v = FloatVector.fromArray(F, src, r2 + j + 1).fma(w7, v);
            v = FloatVector.fromArray(F, src, r2 + j + 2).fma(w8, v);
            v.intoArray(out, o + j);
        }
        for (; j < n; j++) {
            out[o + j] += a0 * src[s + j] + a1 * src[s + j + 1] + a2 * src[s + j + 2]
                    + a3 * src[r1 + j] + a4 * src[r1 + j + 1] + a5 * src[r1 + j + 2]
                    + a6 * src[r2 + j] + a7 * src[r2 + j + 1] + a8 * src[r2 + j + 2];
        }
    }

    private static void axpy(float a, float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector va = FloatVector.broadcast(F, a);
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            FloatVector.fromArray(F, x, xOff + i).fma(va, FloatVector.fromArray(F, y, yOff + i)).intoArray(y, yOff + i);
        }
        for (; i < n; i++) {
            y[yOff + i] += a * x[xOff + i];
        }
    }

    /**
     * The nine 3 x 3 weight-gradient terms of one output row: sum[t] += sum over j of dz[z + j] *
     * src[s + dh*pw + dw + j], t = dh*3 + dw; the gradient row is loaded once for all nine.
     */
    static void weightRow3(float[] src, int s, int pw, float[] dz, int z, int n, double[] sum, int t0) {
        FloatVector c0 = FloatVector.zero(F);
        FloatVector c1 = FloatVector.zero(F);
        FloatVector c2 = FloatVector.zero(F);
        FloatVector c3 = FloatVector.zero(F);
        FloatVector c4 = FloatVector.zero(F);
        FloatVector c5 = FloatVector.zero(F);
        FloatVector c6 = FloatVector.zero(F);
        FloatVector c7 = FloatVector.zero(F);
        FloatVector c8 = FloatVector.zero(F);
        int r1 = s + pw;
        int r2 = s + 2 * pw;
        int j = 0;
        for (int end = F.loopBound(n); j < end; j += F.length()) {
            FloatVector g = FloatVector.fromArray(F, dz, z + j);
            c0 = FloatVector.fromArray(F, src, s + j).fma(g, c0);
            c1 = FloatVector.fromArray(F, src, s + j + 1).fma(g, c1);
            c2 = FloatVector.fromArray(F, src, s + j + 2).fma(g, c2);
            c3 = FloatVector.fromArray(F, src, r1 + j).fma(g, c3);
            c4 = FloatVector.fromArray(F, src, r1 + j + 1).fma(g, c4);
            c5 = FloatVector.fromArray(F, src, r1 + j + 2).fma(g, c5);
            c6 = FloatVector.fromArray(F, src, r2 + j).fma(g, c6);
            c7 = FloatVector.fromArray(F, src, r2 + j + 1).fma(g, c7);
            c8 = FloatVector.fromArray(F, src, r2 + j + 2).fma(g, c8);
        }
        double[] tail = new double[9];
        for (; j < n; j++) {
            double g = dz[z + j];
            for (int dh = 0; dh < 3; dh++) {
                for (int dw = 0; dw < 3; dw++) {
                    tail[dh * 3 + dw] += g * src[s + dh * pw + dw + j];
                }
            }
        }
        sum[t0] += c0.reduceLanes(VectorOperators.ADD) + tail[0];
        sum[t0 + 1] += c1.reduceLanes(VectorOperators.ADD) + tail[1];
        sum[t0 + 2] += c2.reduceLanes(VectorOperators.ADD) + tail[2];
        sum[t0 + 3] += c3.reduceLanes(VectorOperators.ADD) + tail[3];
        sum[t0 + 4] += c4.reduceLanes(VectorOperators.ADD) + tail[4];
        sum[t0 + 5] += c5.reduceLanes(VectorOperators.ADD) + tail[5];
        sum[t0 + 6] += c6.reduceLanes(VectorOperators.ADD) + tail[6];
        sum[t0 + 7] += c7.reduceLanes(VectorOperators.ADD) + tail[7];
        sum[t0 + 8] += c8.reduceLanes(VectorOperators.ADD) + tail[8];
    }

    static double dot(float[] x, int xOff, float[] y, int yOff, int n) {
        int i = 0;
        FloatVector acc = FloatVector.zero(F);
        for (int end = F.loopBound(n); i < end; i += F.length()) {
            acc = FloatVector.fromArray(F, x, xOff + i).fma(FloatVector.fromArray(F, y, yOff + i), acc);
        }
        double s = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            s += x[xOff + i] * y[yOff + i];
        }
        return s;
    }
}
