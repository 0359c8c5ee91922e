package org.snn4j.core.norm;

import java.nio.ByteBuffer;

/**
 * Batch norm of one channel, the single implementation behind every fused layer with a batch norm
 * ({@code BatchNormSpikePool}, {@code ConvBatchNormSpikePool}, the fused {@code SpikingMultiscaleAttention}):
 * batch statistics, the forward affine map, the backward with batch statistics, and (through
 * {@link RunningStatistics}) the running-statistics update.
 *
 * <p>Forward: {@code y = gamma * (x - mean) / sqrt(var + eps) + beta}, folded into one affine map
 * {@code y = x * scale + shift} ({@link #scale}, {@link #shift}); in training mean and var are the batch
 * statistics of the channel ({@link #statistics}: the mean and the <em>biased</em> variance, as both DL4J
 * and PyTorch normalise), at inference the running ones. Backward (training statistics):
 * {@code dx = gamma * invStd * (dy - mean(dy) - xhat * mean(dy * xhat))}, {@code dgamma = sum(dy * xhat)},
 * {@code dbeta = sum(dy)}, with {@code xhat = (x - mean) * invStd}.
 *
 * <p>Channels are independent, so callers run channels in parallel; each call touches one {@link Channel}.
 * Sums are accumulated in double; float32 data is read and written as float32 (the affine map in float
 * arithmetic, like ND4J's float ops).
 */
public final class ChannelBatchNorm {
    private ChannelBatchNorm() {
    }

    /**
     * One channel's values inside a native-order float32 or float64 buffer: {@code runs} runs of
     * {@code run} contiguous elements, run {@code r} starting at element {@code offset + r * stride}. Channel
     * {@code c} of an NCHW array {@code [M, C, H, W]} is {@code (offset c*H*W, runs M, stride C*H*W, run H*W)}.
     */
    public static final class Channel {
        private final ByteBuffer buf;
        private final boolean dbl;
        private final int offset;
        private final int runs;
        private final int stride;
        private final int run;

        private Channel(ByteBuffer buf, boolean dbl, int offset, int runs, int stride, int run) {
            this.buf = buf;
            this.dbl = dbl;
            this.offset = offset;
            this.runs = runs;
            this.stride = stride;
            this.run = run;
        }

        /** A general view (see the class comment); {@code dbl} for float64 elements. */
        public static Channel of(ByteBuffer buf, boolean dbl, int offset, int runs, int stride, int run) {
            long last = (long) offset + (long) (runs - 1) * stride + run;
            if (offset < 0 || runs < 1 || run < 1 || stride < run || last * (dbl ? 8 : 4) > buf.capacity()) {
                throw new IllegalArgumentException("channel view (offset " + offset + ", " + runs + " runs of " + run
                        + ", stride " + stride + ") does not fit a buffer of " + buf.capacity() + " bytes");
            }
            return new Channel(buf, dbl, offset, runs, stride, run);
        }

        /** Channel {@code c} of an NCHW array of shape {@code [M, C, H, W]} held in {@code buf}. */
        public static Channel nchw(ByteBuffer buf, boolean dbl, long[] shape, int c) {
            int hw = Math.toIntExact(shape[2] * shape[3]);
            int channels = Math.toIntExact(shape[1]);
            return of(buf, dbl, c * hw, Math.toIntExact(shape[0]), channels * hw, hw);
        }

        /** Values per channel: runs * run. */
        public int size() {
            return runs * run;
        }

        private int at(int r) {
            return offset + r * stride;
        }

        private double get(int i) {
            return dbl ? buf.getDouble(i << 3) : buf.getFloat(i << 2);
        }

        private void put(int i, double v) {
            if (dbl) {
                buf.putDouble(i << 3, v);
            } else {
                buf.putFloat(i << 2, (float) v);
            }
        }

        private void sameShape(Channel o, String what) {
            if (o.runs != runs || o.run != run || o.dbl != dbl) {
                throw new IllegalArgumentException(what + ": " + o.runs + " runs of " + o.run + (o.dbl ? " doubles" : " floats")
                        + ", expected " + runs + " runs of " + run + (dbl ? " doubles" : " floats"));
            }
        }
    }

    /** Batch mean and biased variance (sum of squared deviations over n) of {@code x}, into {@code stats[0..1]}. */
    public static void statistics(Channel x, double[] stats) {
        double sum = 0;
        for (int r = 0; r < x.runs; r++) {
            int b = x.at(r);
            for (int i = 0; i < x.run; i++) {
                sum += x.get(b + i);
            }
        }
        int n = x.size();
        double mean = sum / n;
        double sq = 0;
        for (int r = 0; r < x.runs; r++) {
            int b = x.at(r);
            for (int i = 0; i < x.run; i++) {
                double d = x.get(b + i) - mean;
                sq += d * d;
            }
        }
        stats[0] = mean;
        stats[1] = sq / n;
    }

    /** 1 / sqrt(var + eps). */
    public static double invStd(double variance, double eps) {
        return 1 / Math.sqrt(variance + eps);
    }

    /** The forward map's scale: gamma / sqrt(var + eps). */
    public static double scale(double gamma, double variance, double eps) {
        return gamma / Math.sqrt(variance + eps);
    }

    /** The forward map's shift: beta - mean * scale. */
    public static double shift(double beta, double mean, double scale) {
        return beta - mean * scale;
    }

    /** {@code y = x * scale + shift} element by element; {@code y} may be {@code x}. */
    public static void affine(Channel x, Channel y, double scale, double shift) {
        x.sameShape(y, "affine output");
        if (x.dbl) {
            for (int r = 0; r < x.runs; r++) {
                int a = x.at(r);
                int b = y.at(r);
                for (int i = 0; i < x.run; i++) {
                    y.buf.putDouble(b + i << 3, x.buf.getDouble(a + i << 3) * scale + shift);
                }
            }
            return;
        }
        float fs = (float) scale;
        float ft = (float) shift;
        for (int r = 0; r < x.runs; r++) {
            int a = x.at(r);
            int b = y.at(r);
            for (int i = 0; i < x.run; i++) {
                y.buf.putFloat(b + i << 2, x.buf.getFloat(a + i << 2) * fs + ft);
            }
        }
    }

    /**
     * Backward with batch statistics: from the output gradient {@code dy} and the input {@code x} (with the
     * batch {@code mean} and {@code invStd} = 1/sqrt(var + eps) it was normalised with) writes the input
     * gradient into {@code dx} ({@code dx} may be {@code dy}). Returns {dL/dgamma, dL/dbeta}.
     */
    public static double[] backward(Channel x, double mean, double invStd, double gamma, Channel dy, Channel dx) {
        x.sameShape(dy, "output gradient");
        x.sameShape(dx, "input gradient");
        double dBeta = 0;
        double dGamma = 0;
        for (int r = 0; r < x.runs; r++) {
            int a = x.at(r);
            int g = dy.at(r);
            for (int i = 0; i < x.run; i++) {
                double d = dy.get(g + i);
                dBeta += d;
                dGamma += d * (x.get(a + i) - mean) * invStd;
            }
        }
        int n = x.size();
        double mDy = dBeta / n;
        double mDyXhat = dGamma / n;
        double scale = gamma * invStd;
        for (int r = 0; r < x.runs; r++) {
            int a = x.at(r);
            int g = dy.at(r);
            int o = dx.at(r);
            for (int i = 0; i < x.run; i++) {
                double xhat = (x.get(a + i) - mean) * invStd;
                dx.put(o + i, scale * (dy.get(g + i) - mDy - xhat * mDyXhat));
            }
        }
        return new double[]{dGamma, dBeta};
    }
}
