package org.snn4j.core.block;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.conv.DirectConvolution;
import org.snn4j.core.neuron.FusedNeuronPass;
import org.snn4j.core.neuron.fast.FloatNeuronKernel;
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
            double scale = gamma[c] / Math.sqrt(stats[1] + eps);
            pass.forward(null, ob, c, scale, beta[c] - stats[0] * scale, true);
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
            double invStd = 1 / Math.sqrt(stats[1] + bnEps);
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
        Gradient gradient = batchNormGradient(batchMean, batchVar, dGamma, dBeta);
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

    /**
     * Shapes, and the conv of one output channel through {@link DirectConvolution} (stride 1, zero padding k/2).
     * The zero-padded copy of the input that its kernels read is made once per pass, by the first channel
     * that needs it.
     */
    static final class Geometry {
        final int rows;
        final int cIn;
        final int cOut;
        final int h;
        final int w;
        final int k;
        final int pool;
        private final DirectConvolution conv;
        private float[] paddedOf;
        private float[] padded;

        Geometry(int rows, int cIn, int cOut, int h, int w, int k, int pool) {
            this(rows, cIn, cOut, h, w, k, pool, new DirectConvolution(rows, cIn, h, w, k));
        }

        /** With {@code vector} false the plain-loop kernels (tests compare the two). */
        Geometry(int rows, int cIn, int cOut, int h, int w, int k, int pool, boolean vector) {
            this(rows, cIn, cOut, h, w, k, pool, new DirectConvolution(rows, cIn, h, w, k, vector));
        }

        private Geometry(int rows, int cIn, int cOut, int h, int w, int k, int pool, DirectConvolution conv) {
            this.rows = rows;
            this.cIn = cIn;
            this.cOut = cOut;
            this.h = h;
            this.w = w;
            this.k = k;
            this.pool = pool;
            this.conv = conv;
        }

        int channelSize() {
            return rows * h * w;
        }

        private synchronized float[] padded(float[] x) {
            if (paddedOf != x) {
                padded = conv.pad(x);
                paddedOf = x;
            }
            return padded;
        }

        /** z[r][oh][ow] = sum over ci, dh, dw of W[c][ci][dh][dw] * x[r][ci][oh+dh-pad][ow+dw-pad] (T-major). */
        void conv(float[] x, float[] wt, int c, float[] z) {
            conv.forward(padded(x), wt, c, z);
        }

        /** dW[c][ci][dh][dw] = sum over r, oh, ow of dz[r][oh][ow] * x[r][ci][oh+dh-pad][ow+dw-pad]. */
        void weightGradient(float[] x, float[] dz, int c, float[] dW) {
            conv.weightGradient(padded(x), dz, c, dW);
        }

        /** dx[r][ci][oh+dh-pad][ow+dw-pad] += W[c][ci][dh][dw] * dz[r][oh][ow]. */
        void inputGradient(float[] wt, float[] dz, int c, float[] dx) {
            conv.inputGradient(wt, dz, c, dx);
        }
    }
}
