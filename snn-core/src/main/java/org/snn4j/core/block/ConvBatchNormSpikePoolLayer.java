package org.snn4j.core.block;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.neuron.FusedNeuronPass;
import org.snn4j.core.neuron.fast.FloatNeuronKernel;
import org.snn4j.core.norm.ChannelBatchNorm;
import org.snn4j.core.time.TimeFolding;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.IntStream;

/**
 * Implementation of {@link ConvBatchNormSpikePool}. Forward computes each output channel's conv into a
 * per-thread scratch and runs {@link ChannelPass}'s batch norm -> neuron -> pool on it, writing only the pooled
 * output. Backward recomputes the channel's conv, runs the fused backward to get the conv output's gradient
 * in scratch, and from it the channel's weight gradient and its share of the input gradient (summed over
 * per-thread accumulators). Nothing of the conv output's size is ever allocated.
 */
public class ConvBatchNormSpikePoolLayer extends BatchNormSpikePoolLayer {
    private static final ThreadLocal<float[][]> PLANES = ThreadLocal.withInitial(() -> new float[2][]);

    public ConvBatchNormSpikePoolLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private ConvBatchNormSpikePool cfg() {
        return (ConvBatchNormSpikePool) layerConf();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        float[] x = inputValues();
        Geometry g = geometry();
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, DataType.FLOAT,
                new long[]{g.rows, g.cOut, g.h / g.pool, g.w / g.pool}, 'c');
        ChannelPass pass = pass(g);
        ByteBuffer ob = FloatNeuronKernel.nativeBytes(out);
        float[] wt = getParam(ConvBatchNormSpikePool.WEIGHT).dup('c').reshape(-1).toFloatVector();
        double[] gamma = values(GAMMA_KEY);
        double[] beta = values(BETA_KEY);
        double[] mean = training ? null : values(MEAN_KEY);
        double[] var = training ? null : runningVariance();
        double eps = cfg().getEps();
        IntStream.range(0, g.cOut).parallel().forEach(c -> {
            float[] z = plane(0, g.channelSize());
            g.conv(x, wt, c, z);
            pass.load(z, 0);
            double[] stats = {0, 0};
            if (training) {
                pass.loadedStatistics(stats);
            } else {
                stats[0] = mean[c];
                stats[1] = var[c];
            }
            double scale = ChannelBatchNorm.scale(gamma[c], stats[1], eps);
            pass.forward(null, ob, c, scale, ChannelBatchNorm.shift(beta[c], stats[0], scale), true);
        });
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        float[] x = inputValues();
        Geometry g = geometry();
        INDArray eps = FusedNeuronPass.contiguous(epsilon.castTo(DataType.FLOAT));
        ChannelPass pass = pass(g);
        ByteBuffer eb = FloatNeuronKernel.nativeBytes(eps);
        float[] wt = getParam(ConvBatchNormSpikePool.WEIGHT).dup('c').reshape(-1).toFloatVector();
        float[] dW = new float[wt.length];
        Map<Thread, float[]> dxParts = new ConcurrentHashMap<>();
        double[] gamma = values(GAMMA_KEY);
        double[] beta = values(BETA_KEY);
        double[] batchMean = new double[g.cOut];
        double[] batchVar = new double[g.cOut];
        double[] dGamma = new double[g.cOut];
        double[] dBeta = new double[g.cOut];
        double bnEps = cfg().getEps();
        boolean inputGradient = cfg().isInputGradient();
        IntStream.range(0, g.cOut).parallel().forEach(c -> {
            float[] z = plane(0, g.channelSize());
            g.conv(x, wt, c, z);
            pass.load(z, 0);
            ByteBuffer zb = pass.load(z, 3);
            double[] stats = new double[2];
            pass.loadedStatistics(stats);
            batchMean[c] = stats[0];
            batchVar[c] = stats[1];
            double invStd = ChannelBatchNorm.invStd(stats[1], bnEps);
            double[] gb = pass.backward(zb, eb, null, c, stats[0], invStd, gamma[c], beta[c], true, true);
            dGamma[c] = gb[0];
            dBeta[c] = gb[1];
            float[] dz = plane(1, g.channelSize());
            pass.unload(2, dz);
            g.weightGradient(x, dz, c, dW);
            if (inputGradient) {
                g.inputGradient(wt, dz, c, dxParts.computeIfAbsent(Thread.currentThread(), t -> new float[x.length]));
            }
        });
        float[] dxSum = null;
        for (float[] part : dxParts.values()) {
            if (dxSum == null) {
                dxSum = part;
            } else {
                for (int i = 0; i < dxSum.length; i++) {
                    dxSum[i] += part[i];
                }
            }
        }
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, DataType.FLOAT, input.shape(), 'c');
        FloatNeuronKernel.nativeBytes(dx).asFloatBuffer().put(dxSum == null ? new float[x.length] : dxSum);
        Gradient gradient = batchNormGradient(batchMean, batchVar, g.channelSize(), dGamma, dBeta);
        INDArray wView = gradientViews.get(ConvBatchNormSpikePool.WEIGHT);
        wView.assign(org.nd4j.linalg.factory.Nd4j.createFromArray(dW).reshape(wView.shape()));
        // DL4J's gradient order: parameters in paramTable order
        org.deeplearning4j.nn.gradient.DefaultGradient ordered = new org.deeplearning4j.nn.gradient.DefaultGradient();
        ordered.setGradientFor(ConvBatchNormSpikePool.WEIGHT, wView);
        for (Map.Entry<String, INDArray> e : gradient.gradientForVariable().entrySet()) {
            ordered.setGradientFor(e.getKey(), e.getValue());
        }
        return new Pair<>(ordered, dx);
    }

    private float[] inputValues() {
        if (input.rank() != 4 || input.size(1) != cfg().getNIn()) {
            throw new IllegalArgumentException("ConvBatchNormSpikePool " + layerId() + " needs NCHW input [T*N, "
                    + cfg().getNIn() + ", H, W], got shape " + java.util.Arrays.toString(input.shape()));
        }
        if (input.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("ConvBatchNormSpikePool " + layerId() + " is float32 only, input is "
                    + input.dataType());
        }
        int k = cfg().getPoolSize();
        if (input.size(2) < k || input.size(3) < k) {
            throw new IllegalArgumentException("ConvBatchNormSpikePool " + layerId() + ": input smaller than the pool");
        }
        TimeFolding.checkDivisible(input, cfg().getNeuron().getTimesteps(), layerId());
        float[] v = new float[Math.toIntExact(input.length())];
        FloatNeuronKernel.nativeBytes(FusedNeuronPass.contiguous(input)).asFloatBuffer().get(v);
        return v;
    }

    private Geometry geometry() {
        ConvBatchNormSpikePool c = cfg();
        return new Geometry((int) input.size(0), (int) c.getNIn(), (int) c.getNOut(), (int) input.size(2),
                (int) input.size(3), c.getKernelSize(), c.getPoolSize());
    }

    private ChannelPass pass(Geometry g) {
        ConvBatchNormSpikePool c = cfg();
        return new ChannelPass(c.getNeuron().kernel(), c.getNeuron().getTimesteps(),
                new long[]{g.rows, g.cOut, g.h, g.w}, g.pool, false);
    }

    private static float[] plane(int slot, int size) {
        float[][] p = PLANES.get();
        if (p[slot] == null || p[slot].length < size) {
            p[slot] = new float[size];
        }
        return p[slot];
    }

    /** Shapes and the direct (stride 1, zero padding k/2) convolution kernels on flat float arrays. */
    static final class Geometry {
        private static final boolean VECTOR = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                && !"scalar".equals(System.getProperty("snn4j.neuron.kernel"));
        final int rows;
        final int cIn;
        final int cOut;
        final int h;
        final int w;
        final int k;
        final int pool;
        final int pad;
        final boolean vector;

        Geometry(int rows, int cIn, int cOut, int h, int w, int k, int pool) {
            this(rows, cIn, cOut, h, w, k, pool, VECTOR);
        }

        /** With {@code vector} false the plain-loop row kernels (tests compare the two). */
        Geometry(int rows, int cIn, int cOut, int h, int w, int k, int pool, boolean vector) {
            this.vector = vector;
            this.rows = rows;
            this.cIn = cIn;
            this.cOut = cOut;
            this.h = h;
            this.w = w;
            this.k = k;
            this.pool = pool;
            this.pad = k / 2;
        }

        int channelSize() {
            return rows * h * w;
        }

        /** z[r][oh][ow] = sum over ci, dh, dw of W[c][ci][dh][dw] * x[r][ci][oh+dh-pad][ow+dw-pad] (T-major). */
        void conv(float[] x, float[] wt, int c, float[] z) {
            java.util.Arrays.fill(z, 0, channelSize(), 0f);
            forEachTapRow(wt, c, (v, xRow, zRow, w0, w1) -> axpy(v, x, xRow, z, zRow, w0, w1));
        }

        /** One weight tap applied along one output row: x starts at xRow, z at zRow, columns [w0, w1). */
        private interface TapRow {
            void apply(float v, int xRow, int zRow, int w0, int w1);
        }

        /** Every (sample row, input channel, tap, output row) of output channel c's conv, with padding clipped. */
        private void forEachTapRow(float[] wt, int c, TapRow body) {
            int hw = h * w;
            for (int r = 0; r < rows; r++) {
                for (int ci = 0; ci < cIn; ci++) {
                    int base = (r * cIn + ci) * hw;
                    for (int dh = 0; dh < k; dh++) {
                        for (int dw = 0; dw < k; dw++) {
                            float v = wt[((c * cIn + ci) * k + dh) * k + dw];
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

        /** dW[c][ci][dh][dw] = sum over r, oh, ow of dz[r][oh][ow] * x[r][ci][oh+dh-pad][ow+dw-pad]. */
        void weightGradient(float[] x, float[] dz, int c, float[] dW) {
            int hw = h * w;
            for (int ci = 0; ci < cIn; ci++) {
                for (int dh = 0; dh < k; dh++) {
                    for (int dw = 0; dw < k; dw++) {
                        int w0 = Math.max(0, pad - dw);
                        int w1 = Math.min(w, w + pad - dw);
                        double sum = 0;
                        for (int r = 0; r < rows; r++) {
                            int base = (r * cIn + ci) * hw;
                            for (int oh = Math.max(0, pad - dh); oh < Math.min(h, h + pad - dh); oh++) {
                                sum += dot(x, base + (oh + dh - pad) * w + dw - pad, dz, r * hw + oh * w, w0, w1);
                            }
                        }
                        dW[((c * cIn + ci) * k + dh) * k + dw] = (float) sum;
                    }
                }
            }
        }

        /** dx[r][ci][oh+dh-pad][ow+dw-pad] += W[c][ci][dh][dw] * dz[r][oh][ow]. */
        void inputGradient(float[] wt, float[] dz, int c, float[] dx) {
            forEachTapRow(wt, c, (v, xRow, zRow, w0, w1) -> axpy(v, dz, zRow, dx, xRow, w0, w1));
        }

        private void axpy(float a, float[] x, int xOff, float[] y, int yOff, int i0, int i1) {
            if (vector) {
                VectorConvOps.axpy(a, x, xOff, y, yOff, i0, i1);
                return;
            }
            for (int i = i0; i < i1; i++) {
                y[yOff + i] += a * x[xOff + i];
            }
        }

        /** Sum of x[xOff + i] * y[yOff + i] for i in [i0, i1), four float partial sums. */
        private double dot(float[] x, int xOff, float[] y, int yOff, int i0, int i1) {
            if (vector) {
                return VectorConvOps.dot(x, xOff, y, yOff, i0, i1);
            }
            float s0 = 0;
            float s1 = 0;
            float s2 = 0;
            float s3 = 0;
            int i = i0;
            for (; i + 3 < i1; i += 4) {
                s0 += x[xOff + i] * y[yOff + i];
                s1 += x[xOff + i + 1] * y[yOff + i + 1];
                s2 += x[xOff + i + 2] * y[yOff + i + 2];
                s3 += x[xOff + i + 3] * y[yOff + i + 3];
            }
            for (; i < i1; i++) {
                s0 += x[xOff + i] * y[yOff + i];
            }
            return (double) s0 + s1 + s2 + s3;
        }
    }
}
