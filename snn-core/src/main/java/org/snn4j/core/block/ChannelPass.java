package org.snn4j.core.block;

import org.snn4j.core.neuron.LinearNeuronKernel;
import org.snn4j.core.neuron.fast.FloatNeuronKernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The per-channel work of {@link BatchNormSpikePoolLayer} on the time-folded NCHW layout {@code [T*N, C, H, W]}
 * (row {@code t*N + n}). Channels are independent for batch norm, the neuron and pooling, so one channel's
 * {@code T*N*H*W} values are gathered into a small per-thread scratch laid out T-major ({@code [t][n*H*W]}),
 * which is exactly what the neuron kernels take; nothing of the size of the layer's input is allocated.
 * Elements are float32 or float64 (read and written through native-order byte buffers). The neuron runs
 * the Vector API float kernel for float32 with a spiking surrogate, and the double reference kernel
 * otherwise (float64 gradient checks, smooth surrogates).
 */
final class ChannelPass {
    private static final ThreadLocal<ByteBuffer[]> SCRATCH = ThreadLocal.withInitial(() -> new ByteBuffer[4]);

    private final LinearNeuronKernel neuron;
    private final int steps;
    private final int rows;
    private final int channels;
    private final int height;
    private final int width;
    private final int pool;
    private final int outHeight;
    private final int outWidth;
    private final boolean dbl;
    private final boolean floatKernel;

    ChannelPass(LinearNeuronKernel neuron, int steps, long[] shape, int pool, boolean dbl) {
        this.neuron = neuron;
        this.steps = steps;
        this.rows = Math.toIntExact(shape[0]);
        this.channels = Math.toIntExact(shape[1]);
        this.height = Math.toIntExact(shape[2]);
        this.width = Math.toIntExact(shape[3]);
        this.pool = pool;
        this.outHeight = height / pool;
        this.outWidth = width / pool;
        this.dbl = dbl;
        this.floatKernel = !dbl && neuron.getSurrogate().isSpiking();
        long bytes = (long) rows * channels * height * width * (dbl ? 8 : 4);
        if (bytes > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("input of " + bytes + " bytes is over the 2 GiB a byte buffer can index");
        }
    }

    /** Elements of one channel: T*N*H*W. */
    int channelSize() {
        return rows * height * width;
    }

    /** Batch mean and biased variance of channel {@code c}, into {@code stats[0..1]}. */
    void statistics(ByteBuffer x, int c, double[] stats) {
        statisticsOf(gather(x, c, 0), stats);
    }

    /** Batch mean and biased variance of a channel already in scratch 0 (see {@link #load}). */
    void loadedStatistics(double[] stats) {
        statisticsOf(scratch(0), stats);
    }

    /** Copies one channel's T-major values (float32 only) into scratch {@code slot}; returns the scratch. */
    ByteBuffer load(float[] values, int slot) {
        ByteBuffer b = scratch(slot);
        b.asFloatBuffer().put(values, 0, channelSize());
        return b;
    }

    /** Copies scratch {@code slot} (float32) into {@code values}. */
    void unload(int slot, float[] values) {
        scratch(slot).asFloatBuffer().get(values, 0, channelSize());
    }

    private void statisticsOf(ByteBuffer a, double[] stats) {
        int n = channelSize();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += get(a, i);
        }
        double mean = sum / n;
        double sq = 0;
        for (int i = 0; i < n; i++) {
            double d = get(a, i) - mean;
            sq += d * d;
        }
        stats[0] = mean;
        stats[1] = sq / n;
    }

    /**
     * Forward of channel {@code c}: y = x*scale + shift (batch norm folded into one affine map), the neuron
     * over T, and k x k max pooling into {@code out}. With {@code gathered}, scratch 0 already holds the
     * channel (from {@link #statistics}).
     */
    void forward(ByteBuffer x, ByteBuffer out, int c, double scale, double shift, boolean gathered) {
        ByteBuffer y = gathered ? scratch(0) : gather(x, c, 0);
        affine(y, scale, shift);
        ByteBuffer s = scratch(1);
        neuronForward(y, s);
        int hw = height * width;
        int ohw = outHeight * outWidth;
        for (int r = 0; r < rows; r++) {
            int in = r * hw;
            int o = (r * channels + c) * ohw;
            if (pool == 2 && !dbl) {
                MaxPool2.forwardRow(s, out, in, o, width, outHeight, outWidth);
                continue;
            }
            for (int oh = 0; oh < outHeight; oh++) {
                for (int ow = 0; ow < outWidth; ow++) {
                    put(out, o + oh * outWidth + ow, get(s, argmax(s, in, oh, ow)));
                }
            }
        }
    }

    /**
     * Backward of channel {@code c} given the pooled output's gradient {@code eps}: recomputes y and the
     * spikes, routes each window's gradient to its (first) maximum, runs the neuron's BPTT, and writes the
     * batch-norm input gradient into {@code dx}. Returns {dL/dgamma, dL/dbeta}.
     */
    double[] backward(ByteBuffer x, ByteBuffer eps, ByteBuffer dx, int c, double mean, double invStd, double gamma,
                      double beta, boolean gathered) {
        return backward(x, eps, dx, c, mean, invStd, gamma, beta, gathered, false);
    }

    /**
     * As {@link #backward(ByteBuffer, ByteBuffer, ByteBuffer, int, double, double, double, double, boolean)}; with
     * {@code local}, {@code x} is the channel alone (T-major, as in scratch) and the gradient is written to
     * scratch 2 in the same layout ({@code dx} unused).
     */
    double[] backward(ByteBuffer x, ByteBuffer eps, ByteBuffer dx, int c, double mean, double invStd, double gamma,
                      double beta, boolean gathered, boolean local) {
        ByteBuffer y = gathered ? scratch(0) : gather(x, c, 0);
        double scale = gamma * invStd;
        affine(y, scale, beta - mean * scale);
        ByteBuffer g = scratch(1);
        neuronForward(y, g);
        int hw = height * width;
        int ohw = outHeight * outWidth;
        for (int r = 0; r < rows; r++) {
            int in = r * hw;
            int e = (r * channels + c) * ohw;
            if (pool == 2 && !dbl) {
                MaxPool2.backwardRow(g, eps, in, e, width, height, outHeight, outWidth);
                continue;
            }
            for (int oh = 0; oh < outHeight; oh++) {
                for (int ow = 0; ow < outWidth; ow++) {
                    int best = argmax(g, in, oh, ow);
                    for (int dh = 0; dh < pool; dh++) {
                        for (int dw = 0; dw < pool; dw++) {
                            put(g, in + (oh * pool + dh) * width + ow * pool + dw, 0);
                        }
                    }
                    put(g, best, get(eps, e + oh * outWidth + ow));
                }
            }
            // rows and columns left out by floor rounding get no gradient
            for (int h = 0; h < height; h++) {
                for (int w = h < outHeight * pool ? outWidth * pool : 0; w < width; w++) {
                    put(g, in + h * width + w, 0);
                }
            }
        }
        ByteBuffer dy = scratch(2);
        neuronBackward(y, g, dy);
        // batch norm: dx = gamma*invStd * (dy - mean(dy) - xhat * mean(dy*xhat))
        int n = channelSize();
        double dBeta = 0;
        double dGamma = 0;
        for (int r = 0; r < rows; r++) {
            int src = local ? r * hw : (r * channels + c) * hw;
            for (int i = 0; i < hw; i++) {
                double d = get(dy, r * hw + i);
                dBeta += d;
                dGamma += d * (get(x, src + i) - mean) * invStd;
            }
        }
        double mDy = dBeta / n;
        double mDyXhat = dGamma / n;
        ByteBuffer out = local ? dy : dx;
        for (int r = 0; r < rows; r++) {
            int src = local ? r * hw : (r * channels + c) * hw;
            for (int i = 0; i < hw; i++) {
                double xhat = (get(x, src + i) - mean) * invStd;
                put(out, src + i, scale * (get(dy, r * hw + i) - mDy - xhat * mDyXhat));
            }
        }
        return new double[]{dGamma, dBeta};
    }

    /** Index in the channel scratch of the first maximum (row-major scan) of window (oh, ow) of row {@code in}. */
    private int argmax(ByteBuffer s, int in, int oh, int ow) {
        int best = in + oh * pool * width + ow * pool;
        double max = get(s, best);
        for (int dh = 0; dh < pool; dh++) {
            int rowStart = in + (oh * pool + dh) * width + ow * pool;
            for (int dw = 0; dw < pool; dw++) {
                double v = get(s, rowStart + dw);
                if (v > max) {
                    max = v;
                    best = rowStart + dw;
                }
            }
        }
        return best;
    }

    private void affine(ByteBuffer y, double scale, double shift) {
        int n = channelSize();
        if (dbl) {
            for (int i = 0; i < n; i++) {
                y.putDouble(i << 3, y.getDouble(i << 3) * scale + shift);
            }
        } else {
            float fs = (float) scale;
            float ft = (float) shift;
            for (int i = 0; i < n; i++) {
                y.putFloat(i << 2, y.getFloat(i << 2) * fs + ft);
            }
        }
    }

    private void neuronForward(ByteBuffer y, ByteBuffer s) {
        int m = channelSize() / steps;
        if (floatKernel) {
            FloatNeuronKernel.get().forwardRun(neuron, y, s, steps, m);
            return;
        }
        double[] out = new double[channelSize()];
        neuron.forward(doubles(y), steps, out, null);
        store(out, s);
    }

    private void neuronBackward(ByteBuffer y, ByteBuffer eps, ByteBuffer dy) {
        int m = channelSize() / steps;
        if (floatKernel) {
            FloatNeuronKernel.get().backwardRun(neuron, y, eps, dy, steps, m);
            return;
        }
        double[] d = new double[channelSize()];
        neuron.backward(doubles(y), doubles(eps), steps, d);
        store(d, dy);
    }

    private double[] doubles(ByteBuffer b) {
        double[] v = new double[channelSize()];
        for (int i = 0; i < v.length; i++) {
            v[i] = get(b, i);
        }
        return v;
    }

    private void store(double[] v, ByteBuffer b) {
        for (int i = 0; i < v.length; i++) {
            put(b, i, v[i]);
        }
    }

    /** Copies channel {@code c} of every row into scratch {@code slot}, T-major. */
    private ByteBuffer gather(ByteBuffer x, int c, int slot) {
        ByteBuffer a = scratch(slot);
        int hw = height * width;
        int shift = dbl ? 3 : 2;
        for (int r = 0; r < rows; r++) {
            int src = (r * channels + c) * hw << shift;
            a.put(r * hw << shift, x, src, hw << shift);
        }
        return a;
    }

    /** This thread's scratch buffer {@code slot}, at least one channel long. */
    private ByteBuffer scratch(int slot) {
        ByteBuffer[] s = SCRATCH.get();
        int bytes = channelSize() * (dbl ? 8 : 4);
        if (s[slot] == null || s[slot].capacity() < bytes) {
            s[slot] = ByteBuffer.allocate(bytes).order(ByteOrder.nativeOrder());
        }
        return s[slot];
    }

    private double get(ByteBuffer b, int i) {
        return dbl ? b.getDouble(i << 3) : b.getFloat(i << 2);
    }

    private void put(ByteBuffer b, int i, double v) {
        if (dbl) {
            b.putDouble(i << 3, v);
        } else {
            b.putFloat(i << 2, (float) v);
        }
    }
}
