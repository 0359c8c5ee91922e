package org.snn4j.core.conv;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The padded, register-accumulating convolution against the tap-row form it replaced in the fused conv block
 * (every tap added along clipped output rows, written out here in double): forward, weight gradient and input
 * gradient agree at 1e-10 in float64, and the float32 Vector API and plain-loop kernels agree with it to float
 * rounding. Sizes include widths that are not a multiple of any vector length (the tails) and k = 1, 3, 5, 7.
 */
class DirectConvolutionTest {

    @ParameterizedTest(name = "rows {0} cIn {1} cOut {2} {3}x{4} k {5}")
    @CsvSource({"3,2,4,5,37,3", "2,2,3,8,8,3", "2,3,2,7,19,5", "1,2,1,9,6,7", "2,4,3,6,33,1", "4,1,2,3,17,3"})
    void matchesTheTapRowConvolution(int rows, int cIn, int cOut, int h, int w, int k) {
        Random rnd = new Random(rows * 1000 + k * 10 + w);
        double[] x = gaussian(rnd, rows * cIn * h * w);
        double[] wt = gaussian(rnd, cOut * cIn * k * k);
        double[] dz = gaussian(rnd, rows * h * w);
        DirectConvolution conv = new DirectConvolution(rows, cIn, h, w, k);
        double[] xp = conv.pad(x);
        double[] dW = new double[wt.length];
        double[] dx = new double[x.length];
        double[] dWRef = new double[wt.length];
        double[] dxRef = new double[x.length];
        for (int c = 0; c < cOut; c++) {
            double[] z = new double[rows * h * w];
            conv.forward(xp, wt, c, z);
            double[] zRef = new double[z.length];
            TapRows ref = new TapRows(rows, cIn, h, w, k);
            ref.conv(x, wt, c, zRef);
            assertClose(zRef, z, 1e-10, "forward, channel " + c);
            conv.weightGradient(xp, dz, c, dW);
            ref.weightGradient(x, dz, c, dWRef);
            conv.inputGradient(wt, dz, c, dx);
            ref.inputGradient(wt, dz, c, dxRef);
        }
        assertClose(dWRef, dW, 1e-10, "weight gradient");
        assertClose(dxRef, dx, 1e-10, "input gradient");

        // one value by hand: output (0, 0) of channel 0 sees only the taps dh, dw >= k/2
        double[] z = new double[rows * h * w];
        conv.forward(xp, wt, 0, z);
        double z00 = 0;
        int pad = k / 2;
        for (int ci = 0; ci < cIn; ci++) {
            for (int dh = pad; dh < k; dh++) {
                for (int dw = pad; dw < k; dw++) {
                    if (dh - pad < h && dw - pad < w) {
                        z00 += wt[(ci * k + dh) * k + dw] * x[(ci * h + dh - pad) * w + dw - pad];
                    }
                }
            }
        }
        assertEquals(z00, z[0], 1e-12);

        for (boolean vector : new boolean[]{true, false}) {
            DirectConvolution f = new DirectConvolution(rows, cIn, h, w, k, vector);
            float[] xf = floats(x);
            float[] wf = floats(wt);
            float[] dzf = floats(dz);
            float[] xpf = f.pad(xf);
            float[] dWf = new float[wt.length];
            float[] dxf = new float[x.length];
            for (int c = 0; c < cOut; c++) {
                float[] zf = new float[rows * h * w];
                f.forward(xpf, wf, c, zf);
                double[] zRef = new double[zf.length];
                new TapRows(rows, cIn, h, w, k).conv(x, wt, c, zRef);
                assertClose(zRef, doubles(zf), 1e-5, "float forward, vector " + vector);
                f.weightGradient(xpf, dzf, c, dWf);
                f.inputGradient(wf, dzf, c, dxf);
            }
            assertClose(dWRef, doubles(dWf), 1e-5, "float weight gradient, vector " + vector);
            assertClose(dxRef, doubles(dxf), 1e-5, "float input gradient, vector " + vector);
        }
    }

    /** The earlier kernel: each weight tap applied along the output rows it reaches, borders clipped. */
    private static final class TapRows {
        final int rows;
        final int cIn;
        final int h;
        final int w;
        final int k;
        final int pad;

        TapRows(int rows, int cIn, int h, int w, int k) {
            this.rows = rows;
            this.cIn = cIn;
            this.h = h;
            this.w = w;
            this.k = k;
            this.pad = k / 2;
        }

        void conv(double[] x, double[] wt, int c, double[] z) {
            java.util.Arrays.fill(z, 0);
            forEachTapRow(wt, c, (v, xRow, zRow, w0, w1) -> {
                for (int i = w0; i < w1; i++) {
                    z[zRow + i] += v * x[xRow + i];
                }
            });
        }

        void inputGradient(double[] wt, double[] dz, int c, double[] dx) {
            forEachTapRow(wt, c, (v, xRow, zRow, w0, w1) -> {
                for (int i = w0; i < w1; i++) {
                    dx[xRow + i] += v * dz[zRow + i];
                }
            });
        }

        void weightGradient(double[] x, double[] dz, int c, double[] dW) {
            int hw = h * w;
            for (int ci = 0; ci < cIn; ci++) {
                for (int dh = 0; dh < k; dh++) {
                    for (int dw = 0; dw < k; dw++) {
                        double sum = 0;
                        for (int r = 0; r < rows; r++) {
                            int base = (r * cIn + ci) * hw;
                            for (int oh = Math.max(0, pad - dh); oh < Math.min(h, h + pad - dh); oh++) {
                                for (int ow = Math.max(0, pad - dw); ow < Math.min(w, w + pad - dw); ow++) {
                                    sum += x[base + (oh + dh - pad) * w + ow + dw - pad] * dz[r * hw + oh * w + ow];
                                }
                            }
                        }
                        dW[((c * cIn + ci) * k + dh) * k + dw] = sum;
                    }
                }
            }
        }

        interface TapRow {
            void apply(double v, int xRow, int zRow, int w0, int w1);
        }

        private void forEachTapRow(double[] wt, int c, TapRow body) {
            int hw = h * w;
            for (int r = 0; r < rows; r++) {
                for (int ci = 0; ci < cIn; ci++) {
                    int base = (r * cIn + ci) * hw;
                    for (int dh = 0; dh < k; dh++) {
                        for (int dw = 0; dw < k; dw++) {
                            double v = wt[((c * cIn + ci) * k + dh) * k + dw];
                            int w0 = Math.max(0, pad - dw);
                            int w1 = Math.min(w, w + pad - dw);
                            for (int oh = Math.max(0, pad - dh); oh < Math.min(h, h + pad - dh); oh++) {
                                body.apply(v, base + (oh + dh - pad) * w + dw - pad, r * hw + oh * w, w0, w1);
                            }
                        }
                    }
                }
            }
        }
    }

    private static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        double scale = 1;
        double max = 0;
        for (int i = 0; i < want.length; i++) {
            scale = Math.max(scale, Math.abs(want[i]));
            max = Math.max(max, Math.abs(want[i] - got[i]));
        }
        assertTrue(max <= tol * scale, what + ": max difference " + max + " (scale " + scale + ")");
    }

    private static double[] gaussian(Random rnd, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = rnd.nextGaussian();
        }
        return a;
    }

    private static float[] floats(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) {
            f[i] = (float) a[i];
        }
        return f;
    }

    private static double[] doubles(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            d[i] = a[i];
        }
        return d;
    }
}
