package org.snn4j.core.attention;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plain-Java loops for MA-SNN's attention equations (MA-SNN paper, Eqs. 8-13), written independently of the
 * SameDiff graph: arrays are [T][N][C][H][W]; "joint" pooling is the released code's, otherwise per step.
 */
final class MaReference {
    private MaReference() {
    }

    static double[][][][][] of(INDArray folded, int t, int n) {
        long c = folded.size(1);
        long h = folded.size(2);
        long w = folded.size(3);
        double[][][][][] a = new double[t][n][(int) c][(int) h][(int) w];
        for (int s = 0; s < t; s++) {
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            a[s][b][ch][i][j] = folded.getDouble((long) s * n + b, ch, i, j);
                        }
                    }
                }
            }
        }
        return a;
    }

    static INDArray toArray(double[][][][][] a) {
        int t = a.length;
        int n = a[0].length;
        int c = a[0][0].length;
        int h = a[0][0][0].length;
        int w = a[0][0][0][0].length;
        INDArray out = Nd4j.create(DataType.DOUBLE, (long) t * n, c, h, w);
        for (int s = 0; s < t; s++) {
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            out.putScalar(new long[]{(long) s * n + b, ch, i, j}, a[s][b][ch][i][j]);
                        }
                    }
                }
            }
        }
        return out;
    }

    /** sigma(W1 relu(W0 avg) + W1 relu(W0 max)) with row-vector weights W0 [d, h], W1 [h, d]. */
    static double[] gate(double[] avg, double[] max, INDArray w0, INDArray w1) {
        int d = avg.length;
        double[] logit = new double[d];
        for (double[] v : new double[][]{avg, max}) {
            double[] hidden = new double[(int) w0.size(1)];
            for (int k = 0; k < hidden.length; k++) {
                for (int i = 0; i < d; i++) {
                    hidden[k] += v[i] * w0.getDouble(i, k);
                }
                hidden[k] = Math.max(0, hidden[k]);
            }
            for (int i = 0; i < d; i++) {
                for (int k = 0; k < hidden.length; k++) {
                    logit[i] += hidden[k] * w1.getDouble(k, i);
                }
            }
        }
        double[] g = new double[d];
        for (int i = 0; i < d; i++) {
            g[i] = 1 / (1 + Math.exp(-logit[i]));
        }
        return g;
    }

    /** TA: per sample, pool every step over (C,H,W). */
    static void temporal(double[][][][][] a, INDArray w0, INDArray w1) {
        int t = a.length;
        for (int b = 0; b < a[0].length; b++) {
            double[] avg = new double[t];
            double[] max = new double[t];
            for (int s = 0; s < t; s++) {
                double[] st = stats(a, s, s + 1, b, -1, -1, -1);
                avg[s] = st[0];
                max[s] = st[1];
            }
            double[] g = gate(avg, max, w0, w1);
            for (int s = 0; s < t; s++) {
                scale(a, s, b, -1, -1, -1, g[s]);
            }
        }
    }

    /** CA: pool over (T,H,W) per sample (joint) or over (H,W) per step. */
    static void channel(double[][][][][] a, INDArray w0, INDArray w1, boolean joint) {
        int t = a.length;
        int c = a[0][0].length;
        for (int b = 0; b < a[0].length; b++) {
            for (int s0 = 0; s0 < t; s0 = joint ? t : s0 + 1) {
                int s1 = joint ? t : s0 + 1;
                double[] avg = new double[c];
                double[] max = new double[c];
                for (int ch = 0; ch < c; ch++) {
                    double[] st = stats(a, s0, s1, b, ch, -1, -1);
                    avg[ch] = st[0];
                    max[ch] = st[1];
                }
                double[] g = gate(avg, max, w0, w1);
                for (int s = s0; s < s1; s++) {
                    for (int ch = 0; ch < c; ch++) {
                        scale(a, s, b, ch, -1, -1, g[ch]);
                    }
                }
            }
        }
    }

    /** SA: mean/max over (T,C) per sample (joint) or over C per step, then a k x k conv 2 -> 1 ('same'), sigmoid. */
    static void spatial(double[][][][][] a, INDArray kernel, int k, boolean joint) {
        int t = a.length;
        int h = a[0][0][0].length;
        int w = a[0][0][0][0].length;
        int pad = k / 2;
        for (int b = 0; b < a[0].length; b++) {
            for (int s0 = 0; s0 < t; s0 = joint ? t : s0 + 1) {
                int s1 = joint ? t : s0 + 1;
                double[][][] pooled = new double[2][h][w];
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double[] st = stats(a, s0, s1, b, -1, i, j);
                        pooled[0][i][j] = st[0];
                        pooled[1][i][j] = st[1];
                    }
                }
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        double z = 0;
                        for (int ch = 0; ch < 2; ch++) {
                            for (int di = 0; di < k; di++) {
                                for (int dj = 0; dj < k; dj++) {
                                    int y = i + di - pad;
                                    int x = j + dj - pad;
                                    if (y >= 0 && y < h && x >= 0 && x < w) {
                                        z += pooled[ch][y][x] * kernel.getDouble(di, dj, ch, 0);
                                    }
                                }
                            }
                        }
                        double g = 1 / (1 + Math.exp(-z));
                        for (int s = s0; s < s1; s++) {
                            scale(a, s, b, -1, i, j, g);
                        }
                    }
                }
            }
        }
    }

    static void relu(double[][][][][] a) {
        for (double[][][][] x : a) {
            for (double[][][] y : x) {
                for (double[][] z : y) {
                    for (double[] r : z) {
                        for (int j = 0; j < r.length; j++) {
                            r[j] = Math.max(0, r[j]);
                        }
                    }
                }
            }
        }
    }

    /** Mean and max over steps [s0, s1) of sample b, over every channel/row/column whose index is -1. */
    private static double[] stats(double[][][][][] a, int s0, int s1, int b, int ch, int i, int j) {
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        int count = 0;
        for (int s = s0; s < s1; s++) {
            for (int c = 0; c < a[s][b].length; c++) {
                if (ch >= 0 && c != ch) {
                    continue;
                }
                for (int y = 0; y < a[s][b][c].length; y++) {
                    if (i >= 0 && y != i) {
                        continue;
                    }
                    for (int x = 0; x < a[s][b][c][y].length; x++) {
                        if (j >= 0 && x != j) {
                            continue;
                        }
                        sum += a[s][b][c][y][x];
                        max = Math.max(max, a[s][b][c][y][x]);
                        count++;
                    }
                }
            }
        }
        return new double[]{sum / count, max};
    }

    private static void scale(double[][][][][] a, int s, int b, int ch, int i, int j, double g) {
        for (int c = 0; c < a[s][b].length; c++) {
            if (ch >= 0 && c != ch) {
                continue;
            }
            for (int y = 0; y < a[s][b][c].length; y++) {
                if (i >= 0 && y != i) {
                    continue;
                }
                for (int x = 0; x < a[s][b][c][y].length; x++) {
                    if (j < 0 || x == j) {
                        a[s][b][c][y][x] *= g;
                    }
                }
            }
        }
    }
}
