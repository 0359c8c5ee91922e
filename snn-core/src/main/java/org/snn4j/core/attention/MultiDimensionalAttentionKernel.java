package org.snn4j.core.attention;

import org.snn4j.core.conv.DirectConvolution;

import java.util.Arrays;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The hand-written forward and backward of {@link MultiDimensionalAttention} on the input current, on flat
 * double arrays in the time-folded layout {@code [T*N, C, H*W]} (element {@code ((t*N + n)*C + c)*P + p},
 * P = H*W). Used by {@link MultiDimensionalAttentionLayer}.
 *
 * <p>Every attention stage is x' = g[d(e)] * x[e], where d(e) names the descriptor an element belongs to:
 * <ul>
 *   <li>T: d = (n, t), pooled over (c, p);</li>
 *   <li>C: d = (r, c), pooled over (t, p) jointly or over p per step;</li>
 *   <li>S: d = (r, p), pooled over (t, c) jointly or over c per step,</li>
 * </ul>
 * with r = n (joint pooling) or r = t*N + n (per step). Forward keeps only the small per-stage values
 * ({@link Stage}); backward recomputes the stage inputs from the layer input by the same multiplications, so
 * nothing of the input's size lives between forward and backward. The max descriptor sends its gradient to
 * the first maximal element in the pooling order (libnd4j's reduce-max backward does the same).
 */
final class MultiDimensionalAttentionKernel {
    private final MultiDimensionalAttention cfg;
    private final int t;
    private final int n;
    private final int c;
    private final int p;
    private final int h;
    private final int w;
    private final Map<String, double[]> params;

    /** {@code params}: the layer's parameters flattened row-major (as their INDArray shapes). */
    MultiDimensionalAttentionKernel(MultiDimensionalAttention cfg, int rows, Map<String, double[]> params) {
        this.cfg = cfg;
        this.t = cfg.getTimesteps();
        this.n = rows / t;
        this.c = Math.toIntExact(cfg.getChannels());
        this.h = Math.toIntExact(cfg.getHeight());
        this.w = Math.toIntExact(cfg.getWidth());
        this.p = h * w;
        this.params = params;
    }

    /** One attention stage's forward values. */
    static final class Stage {
        final char dim;
        final double[] avg;
        final double[] max;
        final int[] argmax;       // flat element index of each descriptor's first maximum
        final double[] gate;      // g per descriptor (hard 0/1 for TA with IAP at inference)
        final double[] soft;      // sigmoid values (training gate)
        double[] preAvg;          // MLP pre-ReLU of the avg path, per row
        double[] preMax;          // MLP pre-ReLU of the max path

        Stage(char dim, int descriptors) {
            this.dim = dim;
            this.avg = new double[descriptors];
            this.max = new double[descriptors];
            this.argmax = new int[descriptors];
            this.gate = new double[descriptors];
            this.soft = new double[descriptors];
        }
    }

    private boolean joint() {
        return cfg.getPooling() == AttentionPooling.JOINT;
    }

    /** Rows r of the C / S descriptors. */
    private int descriptorRows() {
        return joint() ? n : t * n;
    }

    private int descriptors(char dim) {
        switch (dim) {
            case 'T':
                return n * t;
            case 'C':
                return descriptorRows() * c;
            default:
                return descriptorRows() * p;
        }
    }

    /** Elements pooled into one descriptor. */
    private int count(char dim) {
        switch (dim) {
            case 'T':
                return c * p;
            case 'C':
                return joint() ? t * p : p;
            default:
                return joint() ? t * c : c;
        }
    }

    // ---- forward ------------------------------------------------------------------------------------------

    /**
     * The stages in series on {@code x}, the result (with the trailing ReLU) into {@code out} ({@code out} may be
     * {@code x}: every stage multiplies in place, so one array of the input's size is all the forward needs).
     */
    Stage[] forward(double[] x, boolean training, double[] out) {
        String dims = cfg.getDimensions();
        Stage[] stages = new Stage[dims.length()];
        if (out != x) {
            System.arraycopy(x, 0, out, 0, x.length);
        }
        for (int i = 0; i < stages.length; i++) {
            stages[i] = stage(dims.charAt(i), out, training);
            apply(stages[i], out, out);
        }
        if (cfg.isTrailingRelu()) {
            for (int e = 0; e < out.length; e++) {
                out[e] = Math.max(out[e], 0.0);
            }
        }
        return stages;
    }

    /** Stage i's input (i = stages.length: the output before the ReLU) into {@code buf}, again from x. */
    private void stageInput(double[] x, Stage[] stages, int i, double[] buf) {
        System.arraycopy(x, 0, buf, 0, x.length);
        for (int j = 0; j < i; j++) {
            apply(stages[j], buf, buf);
        }
    }

    private Stage stage(char dim, double[] x, boolean training) {
        Stage s = new Stage(dim, descriptors(dim));
        pool(dim, x, null, s.avg, s.max, s.argmax);
        double cnt = count(dim);
        for (int d = 0; d < s.avg.length; d++) {
            s.avg[d] /= cnt;
        }
        double[] logits = dim == 'S' ? spatialLogits(s) : mlpLogits(s);
        for (int d = 0; d < logits.length; d++) {
            s.soft[d] = sigmoid(logits[d]);
            s.gate[d] = s.soft[d];
        }
        Double th = cfg.getInferenceThreshold();
        if (dim == 'T' && th != null && !training) {
            for (int d = 0; d < s.gate.length; d++) {
                s.gate[d] = s.soft[d] >= th ? 1.0 : 0.0;
            }
        }
        return s;
    }

    private static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }

    /** Shared MLP of T (over the T steps of each sample) or C (over the channels of each row). */
    private double[] mlpLogits(Stage s) {
        boolean temporal = s.dim == 'T';
        int dim = temporal ? t : c;
        int rows = s.avg.length / dim;
        int hidden = Math.toIntExact(temporal ? cfg.temporalHidden() : cfg.channelHidden());
        double[] w0 = params.get(temporal ? "taW0" : "caW0");
        double[] w1 = params.get(temporal ? "taW1" : "caW1");
        boolean bias = temporal && cfg.getTemporalSqueeze() == TemporalSqueeze.AVG_WITH_BIAS;
        double[] b0 = bias ? params.get("taB0") : null;
        double[] b1 = bias ? params.get("taB1") : null;
        s.preAvg = new double[rows * hidden];
        s.preMax = bias ? null : new double[rows * hidden];
        double[] logits = new double[s.avg.length];
        for (int r = 0; r < rows; r++) {
            int v = r * dim;
            int hb = r * hidden;
            matVec(s.avg, v, w0, dim, hidden, s.preAvg, hb);
            if (bias) {
                for (int j = 0; j < hidden; j++) {
                    s.preAvg[hb + j] += b0[j];
                }
            } else {
                matVec(s.max, v, w0, dim, hidden, s.preMax, hb);
            }
            for (int j = 0; j < hidden; j++) {
                double a = Math.max(s.preAvg[hb + j], 0.0);
                double m = bias ? 0.0 : Math.max(s.preMax[hb + j], 0.0);
                for (int k = 0; k < dim; k++) {
                    logits[v + k] += (a + m) * w1[j * dim + k];
                }
            }
            if (bias) {
                for (int k = 0; k < dim; k++) {
                    logits[v + k] += b1[k];
                }
            }
        }
        return logits;
    }

    /** out[o + j] = sum_i v[off + i] * m[i * cols + j] (row vector times a [rows, cols] matrix). */
    private static void matVec(double[] v, int off, double[] m, int rows, int cols, double[] out, int o) {
        for (int j = 0; j < cols; j++) {
            out[o + j] = 0;
        }
        for (int i = 0; i < rows; i++) {
            double a = v[off + i];
            for (int j = 0; j < cols; j++) {
                out[o + j] += a * m[i * cols + j];
            }
        }
    }

    /** k x k 'same' cross-correlation of the [avg; max] maps (weights [kH, kW, 2, 1]), no bias. */
    private double[] spatialLogits(Stage s) {
        int rows = s.avg.length / p;
        DirectConvolution conv = spatialConv(rows);
        double[] logits = new double[s.avg.length];
        conv.forward(conv.pad(stacked(s, rows)), spatialWeights(), 0, logits);
        return logits;
    }

    private DirectConvolution spatialConv(int rows) {
        return new DirectConvolution(rows, 2, h, w, cfg.getSpatialKernel());
    }

    /** The [rows, 2, H, W] conv input: channel 0 the mean map, channel 1 the max map. */
    private double[] stacked(Stage s, int rows) {
        double[] in = new double[2 * rows * p];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(s.avg, r * p, in, 2 * r * p, p);
            System.arraycopy(s.max, r * p, in, (2 * r + 1) * p, p);
        }
        return in;
    }

    /** The SA weights from the SameDiff layout [kH, kW, 2, 1] to the convolution's [1, 2, kH, kW]. */
    private double[] spatialWeights() {
        return permuteSpatial(params.get("saW"), false);
    }

    /** [kH, kW, 2, 1] -> [1, 2, kH, kW], or back. */
    private double[] permuteSpatial(double[] a, boolean back) {
        int kk = cfg.getSpatialKernel() * cfg.getSpatialKernel();
        double[] out = new double[a.length];
        for (int ci = 0; ci < 2; ci++) {
            for (int t = 0; t < kk; t++) {
                if (back) {
                    out[t * 2 + ci] = a[ci * kk + t];
                } else {
                    out[ci * kk + t] = a[t * 2 + ci];
                }
            }
        }
        return out;
    }

    /** out[e] = x[e] * gate[d(e)]. */
    private void apply(Stage s, double[] x, double[] out) {
        IntStream.range(0, t * n).parallel().forEach(m -> {
            int ti = m / n;
            int ni = m % n;
            for (int ci = 0; ci < c; ci++) {
                int base = (m * c + ci) * p;
                if (s.dim == 'S') {
                    int g = (joint() ? ni : m) * p;
                    for (int q = 0; q < p; q++) {
                        out[base + q] = x[base + q] * s.gate[g + q];
                    }
                } else {
                    double g = s.gate[rowDescriptor(s.dim, ti, ni, ci)];
                    for (int q = 0; q < p; q++) {
                        out[base + q] = x[base + q] * g;
                    }
                }
            }
        });
    }

    /** Descriptor of the row (t, n, c) for T and C (constant along p). */
    private int rowDescriptor(char dim, int ti, int ni, int ci) {
        if (dim == 'T') {
            return ni * t + ti;
        }
        return (joint() ? ni : ti * n + ni) * c + ci;
    }

    /**
     * Per descriptor: sum of a (b null) or of a*b, and with {@code max} non-null the maximum of a and its
     * first position. Tasks own disjoint descriptors, so no accumulation is shared between threads.
     */
    private void pool(char dim, double[] a, double[] b, double[] sum, double[] max, int[] argmax) {
        if (max != null) {
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            Arrays.fill(argmax, -1);
        }
        switch (dim) {
            case 'T':
                IntStream.range(0, t * n).parallel().forEach(m -> {
                    int d = (m % n) * t + m / n;
                    reduceRun(a, b, m * c * p, c * p, d, sum, max, argmax);
                });
                break;
            case 'C':
                IntStream.range(0, n * c).parallel().forEach(task -> {
                    int ni = task / c;
                    int ci = task % c;
                    for (int ti = 0; ti < t; ti++) {
                        int d = rowDescriptor('C', ti, ni, ci);
                        reduceRun(a, b, ((ti * n + ni) * c + ci) * p, p, d, sum, max, argmax);
                    }
                });
                break;
            default:
                IntStream.range(0, descriptorRows()).parallel().forEach(r -> {
                    int firstStep = joint() ? 0 : r / n;
                    int lastStep = joint() ? t : r / n + 1;
                    int ni = joint() ? r : r % n;
                    for (int ti = firstStep; ti < lastStep; ti++) {
                        for (int ci = 0; ci < c; ci++) {
                            int base = ((ti * n + ni) * c + ci) * p;
                            int d0 = r * p;
                            for (int q = 0; q < p; q++) {
                                double v = a[base + q];
                                sum[d0 + q] += b == null ? v : v * b[base + q];
                                if (max != null && v > max[d0 + q]) {
                                    max[d0 + q] = v;
                                    argmax[d0 + q] = base + q;
                                }
                            }
                        }
                    }
                });
        }
    }

    private static void reduceRun(double[] a, double[] b, int start, int len, int d, double[] sum, double[] max,
                                  int[] argmax) {
        double s = 0;
        if (b == null) {
            for (int e = start; e < start + len; e++) {
                s += a[e];
            }
        } else {
            for (int e = start; e < start + len; e++) {
                s += a[e] * b[e];
            }
        }
        sum[d] += s;
        if (max != null) {
            double m = max[d];
            int at = argmax[d];
            for (int e = start; e < start + len; e++) {
                if (a[e] > m) {
                    m = a[e];
                    at = e;
                }
            }
            max[d] = m;
            argmax[d] = at;
        }
    }

    // ---- backward -----------------------------------------------------------------------------------------

    /**
     * dL/dx from dL/d(output) {@code dy}, in place (the returned array is {@code dy}), given the layer input and
     * the training forward's stages; parameter gradients go into {@code grads} (same names and layouts as the
     * parameters). Each stage's input is recomputed from x into one buffer when its turn comes, by the same
     * multiplications as the forward, so backward holds x, that buffer and dy.
     */
    double[] backward(double[] x, Stage[] stages, double[] dy, Map<String, double[]> grads) {
        double[] buf = new double[x.length];
        if (cfg.isTrailingRelu()) {
            stageInput(x, stages, stages.length, buf);
            for (int e = 0; e < dy.length; e++) {
                if (!(buf[e] > 0)) {
                    dy[e] = 0;
                }
            }
        }
        for (String name : params.keySet()) {
            grads.put(name, new double[params.get(name).length]);
        }
        for (int i = stages.length - 1; i >= 0; i--) {
            stageInput(x, stages, i, buf);
            stageBackward(stages[i], buf, dy, grads);
        }
        return dy;
    }

    /** One stage back: dy (its output's gradient) becomes its input's gradient, in place. */
    private void stageBackward(Stage s, double[] x, double[] dy, Map<String, double[]> grads) {
        int dcount = s.avg.length;
        double[] dg = new double[dcount];
        pool(s.dim, dy, x, dg, null, null);
        double[] dLogit = new double[dcount];
        for (int d = 0; d < dcount; d++) {
            dLogit[d] = dg[d] * s.soft[d] * (1 - s.soft[d]);
        }
        double[] dAvg = new double[dcount];
        double[] dMax = new double[dcount];
        if (s.dim == 'S') {
            spatialBackward(s, dLogit, dAvg, dMax, grads.get("saW"));
        } else {
            mlpBackward(s, dLogit, dAvg, dMax, grads);
        }
        double cnt = count(s.dim);
        for (int d = 0; d < dcount; d++) {
            dAvg[d] /= cnt;
        }
        double[] dx = dy;
        IntStream.range(0, t * n).parallel().forEach(m -> {
            int ti = m / n;
            int ni = m % n;
            for (int ci = 0; ci < c; ci++) {
                int base = (m * c + ci) * p;
                if (s.dim == 'S') {
                    int g = (joint() ? ni : m) * p;
                    for (int q = 0; q < p; q++) {
                        dx[base + q] = dy[base + q] * s.gate[g + q] + dAvg[g + q];
                    }
                } else {
                    int d = rowDescriptor(s.dim, ti, ni, ci);
                    double g = s.gate[d];
                    double a = dAvg[d];
                    for (int q = 0; q < p; q++) {
                        dx[base + q] = dy[base + q] * g + a;
                    }
                }
            }
        });
        if (s.preMax != null || s.dim == 'S') {
            for (int d = 0; d < dcount; d++) {
                if (s.argmax[d] >= 0) {
                    dx[s.argmax[d]] += dMax[d];
                }
            }
        }
    }

    private void mlpBackward(Stage s, double[] dLogit, double[] dAvg, double[] dMax, Map<String, double[]> grads) {
        boolean temporal = s.dim == 'T';
        String pre = temporal ? "ta" : "ca";
        int dim = temporal ? t : c;
        int rows = s.avg.length / dim;
        int hidden = Math.toIntExact(temporal ? cfg.temporalHidden() : cfg.channelHidden());
        double[] w0 = params.get(pre + "W0");
        double[] w1 = params.get(pre + "W1");
        double[] dw0 = grads.get(pre + "W0");
        double[] dw1 = grads.get(pre + "W1");
        boolean bias = s.preMax == null;
        double[] db0 = bias ? grads.get("taB0") : null;
        double[] db1 = bias ? grads.get("taB1") : null;
        double[] dA = new double[hidden];
        double[] dM = new double[hidden];
        for (int r = 0; r < rows; r++) {
            int v = r * dim;
            int hb = r * hidden;
            Arrays.fill(dA, 0);
            Arrays.fill(dM, 0);
            for (int j = 0; j < hidden; j++) {
                double a = Math.max(s.preAvg[hb + j], 0.0);
                double m = bias ? 0.0 : Math.max(s.preMax[hb + j], 0.0);
                double sum = 0;
                for (int k = 0; k < dim; k++) {
                    double dl = dLogit[v + k];
                    dw1[j * dim + k] += (a + m) * dl;
                    sum += dl * w1[j * dim + k];
                }
                dA[j] = s.preAvg[hb + j] > 0 ? sum : 0;
                dM[j] = !bias && s.preMax[hb + j] > 0 ? sum : 0;
            }
            if (bias) {
                for (int k = 0; k < dim; k++) {
                    db1[k] += dLogit[v + k];
                }
                for (int j = 0; j < hidden; j++) {
                    db0[j] += dA[j];
                }
            }
            for (int i = 0; i < dim; i++) {
                double a = s.avg[v + i];
                double m = s.max[v + i];
                double ga = 0;
                double gm = 0;
                for (int j = 0; j < hidden; j++) {
                    dw0[i * hidden + j] += a * dA[j] + (bias ? 0 : m * dM[j]);
                    ga += dA[j] * w0[i * hidden + j];
                    gm += dM[j] * w0[i * hidden + j];
                }
                dAvg[v + i] = ga;
                dMax[v + i] = gm;
            }
        }
    }

    private void spatialBackward(Stage s, double[] dLogit, double[] dAvg, double[] dMax, double[] dw) {
        int rows = s.avg.length / p;
        DirectConvolution conv = spatialConv(rows);
        double[] dW = new double[dw.length];
        conv.weightGradient(conv.pad(stacked(s, rows)), dLogit, 0, dW);
        double[] back = permuteSpatial(dW, true);
        for (int i = 0; i < dw.length; i++) {
            dw[i] += back[i];
        }
        double[] dIn = new double[2 * rows * p];
        conv.inputGradient(spatialWeights(), dLogit, 0, dIn);
        for (int r = 0; r < rows; r++) {
            for (int q = 0; q < p; q++) {
                dAvg[r * p + q] += dIn[2 * r * p + q];
                dMax[r * p + q] += dIn[(2 * r + 1) * p + q];
            }
        }
    }

}
