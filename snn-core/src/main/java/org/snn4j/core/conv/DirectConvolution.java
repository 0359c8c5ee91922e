package org.snn4j.core.conv;

/**
 * snn4j's own convolution, for convolutions with few input channels that a fused layer computes one output
 * channel at a time (the 2-channel first conv of the event networks inside {@code ConvBatchNormSpikePool},
 * the 2 -> 1 map conv of MA-SNN's spatial attention): k x k, stride 1, zero padding k/2 (output size = input
 * size), no bias, cross-correlation as DL4J's and PyTorch's conv. Layouts are flat row-major: input
 * {@code [rows, cIn, h, w]}, weights {@code [cOut, cIn, k, k]}, one output channel {@code [rows, h, w]}.
 *
 * <p>The input is first copied once into a zero-padded buffer ({@link #pad}), so the kernels have no border
 * cases. Each output row is then accumulated in registers over all cIn*k*k taps and stored once (an earlier
 * form added every tap into the whole output plane: k*k*cIn passes over a plane that does not fit in cache).
 * The weight gradient sums, per output row, the products of that gradient row with the k*k*cIn shifted input
 * rows (all in L1), in double. The input gradient is the same correlation on the padded output gradient with
 * the kernel flipped. float32 runs on the Vector API where {@code jdk.incubator.vector} is present, otherwise
 * (and for float64) on plain loops of the same order.
 */
public final class DirectConvolution {
    private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
            && !"scalar".equals(System.getProperty("snn4j.neuron.kernel"));

    private final int rows;
    private final int cIn;
    private final int h;
    private final int w;
    private final int k;
    private final int ph;
    private final int pw;
    private final boolean vector;

    public DirectConvolution(int rows, int cIn, int h, int w, int k) {
        this(rows, cIn, h, w, k, VECTOR);
    }

    /** With {@code vector} false the plain-loop float kernels (the path without the Vector API; tests compare). */
    public DirectConvolution(int rows, int cIn, int h, int w, int k, boolean vector) {
        if (k < 1 || k % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd and >= 1, got " + k);
        }
        this.rows = rows;
        this.cIn = cIn;
        this.h = h;
        this.w = w;
        this.k = k;
        this.ph = h + k - 1;
        this.pw = w + k - 1;
        this.vector = vector;
        if ((long) rows * cIn * ph * pw > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("convolution input of " + rows + " x " + cIn + " x " + h + " x " + w
                    + " is over the 2^31 elements a Java array holds");
        }
    }

    /** Elements of one output channel: rows * h * w. */
    public int channelSize() {
        return rows * h * w;
    }

    // ---- float32 ----------------------------------------------------------------------------------------------

    /** The input {@code [rows, cIn, h, w]} copied into the zero-padded layout the kernels read. */
    public float[] pad(float[] x) {
        return pad(x, cIn);
    }

    private float[] pad(float[] x, int channels) {
        float[] p = new float[rows * channels * ph * pw];
        int o = k / 2;
        for (int plane = 0; plane < rows * channels; plane++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(x, (plane * h + y) * w, p, (plane * ph + y + o) * pw + o, w);
            }
        }
        return p;
    }

    /** z = conv(x, W)[output channel c], z {@code [rows, h, w]}; {@code xp} from {@link #pad}. */
    public void forward(float[] xp, float[] wt, int c, float[] z) {
        int taps = cIn * k * k;
        for (int r = 0; r < rows; r++) {
            for (int oh = 0; oh < h; oh++) {
                rowCorrelate(xp, r * cIn * ph * pw + oh * pw, cIn, wt, c * taps, false, z, (r * h + oh) * w, false);
            }
        }
    }

    /** dW[c] = sum over rows and positions of dz * shifted x, for output channel c ({@code dW} [cOut, cIn, k, k]). */
    public void weightGradient(float[] xp, float[] dz, int c, float[] dW) {
        int taps = cIn * k * k;
        double[] sum = new double[taps];
        for (int r = 0; r < rows; r++) {
            for (int oh = 0; oh < h; oh++) {
                int zRow = (r * h + oh) * w;
                for (int ci = 0; ci < cIn; ci++) {
                    if (vector && k == 3) {
                        VectorRows.weightRow3(xp, ((r * cIn + ci) * ph + oh) * pw, pw, dz, zRow, w, sum, ci * 9);
                        continue;
                    }
                    for (int dh = 0; dh < k; dh++) {
                        int xRow = ((r * cIn + ci) * ph + oh + dh) * pw;
                        for (int dw = 0; dw < k; dw++) {
                            sum[(ci * k + dh) * k + dw] += dot(xp, xRow + dw, dz, zRow, w);
                        }
                    }
                }
            }
        }
        for (int t = 0; t < taps; t++) {
            dW[c * taps + t] = (float) sum[t];
        }
    }

    /** dx += W[c]^T * dz: output channel c's share of the input gradient, dx {@code [rows, cIn, h, w]}. */
    public void inputGradient(float[] wt, float[] dz, int c, float[] dx) {
        float[] dzp = pad(dz, 1);
        int taps = cIn * k * k;
        for (int r = 0; r < rows; r++) {
            for (int ci = 0; ci < cIn; ci++) {
                for (int oh = 0; oh < h; oh++) {
                    rowCorrelate(dzp, r * ph * pw + oh * pw, 1, wt, c * taps + ci * k * k, true, dx,
                            ((r * cIn + ci) * h + oh) * w, true);
                }
            }
        }
    }

    /**
     * One output row: out[o + j] (+)= sum over channels ch < nc and taps (dh, dw) of
     * wt[wOff + (ch*k + dh)*k + dw] * src[s + (ch*ph + dh)*pw + j + dw], the kernel read flipped if asked.
     */
    private void rowCorrelate(float[] src, int s, int nc, float[] wt, int wOff, boolean flip, float[] out, int o,
                              boolean accumulate) {
        if (vector) {
            VectorRows.correlate(src, s, nc, k, ph * pw, pw, wt, wOff, flip, out, o, w, accumulate);
            return;
        }
        int kk = k * k;
        for (int j = 0; j < w; j++) {
            float acc = accumulate ? out[o + j] : 0f;
            for (int ch = 0; ch < nc; ch++) {
                for (int dh = 0; dh < k; dh++) {
                    int row = s + ch * ph * pw + dh * pw + j;
                    for (int dw = 0; dw < k; dw++) {
                        int tap = dh * k + dw;
                        acc += wt[wOff + ch * kk + (flip ? kk - 1 - tap : tap)] * src[row + dw];
                    }
                }
            }
            out[o + j] = acc;
        }
    }

    private double dot(float[] a, int aOff, float[] b, int bOff, int n) {
        if (vector) {
            return VectorRows.dot(a, aOff, b, bOff, n);
        }
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        int i = 0;
        for (; i + 3 < n; i += 4) {
            s0 += a[aOff + i] * b[bOff + i];
            s1 += a[aOff + i + 1] * b[bOff + i + 1];
            s2 += a[aOff + i + 2] * b[bOff + i + 2];
            s3 += a[aOff + i + 3] * b[bOff + i + 3];
        }
        for (; i < n; i++) {
            s0 += a[aOff + i] * b[bOff + i];
        }
        return (double) s0 + s1 + s2 + s3;
    }

    // ---- float64 (same order, plain loops) --------------------------------------------------------------------

    public double[] pad(double[] x) {
        return pad(x, cIn);
    }

    private double[] pad(double[] x, int channels) {
        double[] p = new double[rows * channels * ph * pw];
        int o = k / 2;
        for (int plane = 0; plane < rows * channels; plane++) {
            for (int y = 0; y < h; y++) {
                System.arraycopy(x, (plane * h + y) * w, p, (plane * ph + y + o) * pw + o, w);
            }
        }
        return p;
    }

    public void forward(double[] xp, double[] wt, int c, double[] z) {
        int taps = cIn * k * k;
        for (int r = 0; r < rows; r++) {
            for (int oh = 0; oh < h; oh++) {
                rowCorrelate(xp, r * cIn * ph * pw + oh * pw, cIn, wt, c * taps, false, z, (r * h + oh) * w, false);
            }
        }
    }

    public void weightGradient(double[] xp, double[] dz, int c, double[] dW) {
        int taps = cIn * k * k;
        double[] sum = new double[taps];
        for (int r = 0; r < rows; r++) {
            for (int oh = 0; oh < h; oh++) {
                int zRow = (r * h + oh) * w;
                for (int ci = 0; ci < cIn; ci++) {
                    for (int dh = 0; dh < k; dh++) {
                        int xRow = ((r * cIn + ci) * ph + oh + dh) * pw;
                        for (int dw = 0; dw < k; dw++) {
                            double s = 0;
                            for (int j = 0; j < w; j++) {
                                s += xp[xRow + dw + j] * dz[zRow + j];
                            }
                            sum[(ci * k + dh) * k + dw] += s;
                        }
                    }
                }
            }
        }
        System.arraycopy(sum, 0, dW, c * taps, taps);
    }

    public void inputGradient(double[] wt, double[] dz, int c, double[] dx) {
        double[] dzp = pad(dz, 1);
        int taps = cIn * k * k;
        for (int r = 0; r < rows; r++) {
            for (int ci = 0; ci < cIn; ci++) {
                for (int oh = 0; oh < h; oh++) {
                    rowCorrelate(dzp, r * ph * pw + oh * pw, 1, wt, c * taps + ci * k * k, true, dx,
                            ((r * cIn + ci) * h + oh) * w, true);
                }
            }
        }
    }

    private void rowCorrelate(double[] src, int s, int nc, double[] wt, int wOff, boolean flip, double[] out, int o,
                              boolean accumulate) {
        int kk = k * k;
        for (int j = 0; j < w; j++) {
            double acc = accumulate ? out[o + j] : 0.0;
            for (int ch = 0; ch < nc; ch++) {
                for (int dh = 0; dh < k; dh++) {
                    int row = s + ch * ph * pw + dh * pw + j;
                    for (int dw = 0; dw < k; dw++) {
                        int tap = dh * k + dw;
                        acc += wt[wOff + ch * kk + (flip ? kk - 1 - tap : tap)] * src[row + dw];
                    }
                }
            }
            out[o + j] = acc;
        }
    }
}
