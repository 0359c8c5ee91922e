package org.snn4j.nir;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.nd4j.linalg.activations.impl.ActivationIdentity;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.attention.MultiDimensionalAttention;
import org.snn4j.core.attention.SpikingMultiscaleAttention;
import org.snn4j.core.block.BatchNormSpikePool;
import org.snn4j.core.block.ConvBatchNormSpikePool;
import org.snn4j.core.neuron.IFNeuron;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.neuron.NeuronOutput;
import org.snn4j.core.neuron.PLIFNeuron;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.time.MeanOverTime;
import org.snn4j.core.time.TimeSharedDropout;
import org.snn4j.models.layer.Voting;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * Writes a sequential snn4j network (a {@link MultiLayerNetwork} on the time-folded layout) as a NIR graph,
 * one time step of it: the rules are listed in docs/nir.md and each is applied below where the layer kind is
 * handled. NIR neurons are continuous-time, so the discrete neurons map through an explicit step {@code dt}
 * (seconds), as SpikingJelly's exporter does: LIF tau_NIR = tau*dt, r = 1 with decay_input (else r = tau),
 * v_leak = v_reset; IF r = 1/dt. Batch norm (inference statistics) is folded into the conv or dense layer
 * before it. What NIR cannot express (soft reset, PLIF's learnable tau, attention layers, non-spike neuron
 * outputs, max pooling of non-spike values, ...) is refused with the layer's index and name.
 */
public final class NirExporter {
    /** Graph metadata: the number of time steps the network was built for. */
    public static final String META_TIMESTEPS = "snn4j_timesteps";
    /** Graph metadata: the step dt (seconds) the neurons were mapped with. */
    public static final String META_DT = "snn4j_dt";
    /** Node metadata on a neuron that fires at v >= v_threshold (NIR's rule is v > v_threshold). */
    public static final String META_FIRING = "snn4j_firing";
    public static final String FIRES_AT_EQUAL = "v >= v_threshold";
    /** Max pooling of spikes as NIR nodes: SumPool2d, then Threshold at this value (a sum of 0/1 spikes >= 1). */
    public static final double MAX_OF_SPIKES_THRESHOLD = 0.5;

    private final MultiLayerNetwork net;
    private final double dt;
    private final NirArray.Kind kind;
    private final NirGraph graph = new NirGraph();
    private long[] shape;
    private String last = "input";
    private boolean binary;
    private PendingLinear pending;
    private int timesteps;

    private NirExporter(MultiLayerNetwork net, long[] inputShape, double dt) {
        this.net = net;
        this.dt = dt;
        DataType t = net.params().dataType();
        this.kind = t == DataType.DOUBLE ? NirArray.Kind.FLOAT64 : NirArray.Kind.FLOAT32;
        this.shape = inputShape.clone();
    }

    /** Exports to a file (written atomically). */
    public static void export(Model model, long[] inputShape, double dt, Path out) throws IOException {
        NirFile.write(toNir(model, inputShape, dt), out);
    }

    /**
     * The NIR graph of {@code model}.
     *
     * @param inputShape the input of one time step: (C, H, W) for event frames, (N) for vectors
     * @param dt         the time step in seconds the discrete neurons are taken to run at (&gt; 0)
     */
    public static NirGraph toNir(Model model, long[] inputShape, double dt) {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("dt must be a positive number of seconds, got " + dt);
        }
        if (model instanceof ComputationGraph) {
            throw new UnsupportedNirException("ComputationGraph networks (residual or branching, e.g. ms-resnet) are not "
                    + "exported: only sequential MultiLayerNetworks are");
        }
        if (!(model instanceof MultiLayerNetwork)) {
            throw new UnsupportedNirException("cannot export a " + model.getClass().getSimpleName());
        }
        if (inputShape.length != 1 && inputShape.length != 3) {
            throw new IllegalArgumentException("input shape is (C,H,W) or (N), got " + Arrays.toString(inputShape));
        }
        return new NirExporter((MultiLayerNetwork) model, inputShape, dt).build();
    }

    private NirGraph build() {
        graph.add("input", new NirNode("Input").put("shape", NirArray.ints(shape)));
        int n = net.getnLayers();
        boolean ended = false;
        for (int i = 0; i < n; i++) {
            Layer l = net.getLayerWiseConfigurations().getConf(i).getLayer();
            if (ended) {
                // only parameter-free readout may follow the readout: nothing with weights is dropped
                if (!(l instanceof MeanOverTime || l instanceof LossLayer)) {
                    throw new UnsupportedNirException("layer " + i + " (" + l.getClass().getSimpleName()
                            + ") follows the time readout: it has no per-step form in NIR");
                }
                continue;
            }
            ended = layer(i, l);
        }
        flush();
        graph.add("output", new NirNode("Output").put("shape", NirArray.ints(shape)));
        graph.edge(last, "output");
        if (timesteps > 0) {
            graph.meta(META_TIMESTEPS, NirArray.scalar(timesteps));
        }
        graph.meta(META_DT, new NirArray(new double[] {dt}, new long[0], NirArray.Kind.FLOAT64));
        return graph;
    }

    /** Handles layer i; returns true when it ends the per-step network (the readout). */
    private boolean layer(int i, Layer l) {
        String where = "layer " + i + " (" + l.getClass().getSimpleName() + (l.getLayerName() == null ? "" : " '" + l.getLayerName() + "'") + ")";
        if (l instanceof FoldTime) {
            // structural: the time axis is NIR's own (the graph is one step)
            if (i != 0) {
                throw new UnsupportedNirException(where + ": time folding is only supported as the first layer");
            }
            timesteps = ((FoldTime) l).getTimesteps();
            return false;
        }
        if (l instanceof org.deeplearning4j.nn.conf.layers.BaseOutputLayer) {
            throw new UnsupportedNirException(where + ": an output layer with weights is not exported; build the "
                    + "network with a DenseLayer and a LossLayer (as the zoo does) so the weights are a NIR Affine");
        }
        if (l instanceof MeanOverTime || l instanceof LossLayer) {
            // the readout (time average, softmax, loss) is not part of the per-step graph
            return true;
        }
        if (l instanceof TimeSharedDropout) {
            return false; // identity at inference
        }
        if (l instanceof ConvBatchNormSpikePool) {
            ConvBatchNormSpikePool c = (ConvBatchNormSpikePool) l;
            requireCnn(where);
            int k = c.getKernelSize();
            INDArray w = net.getLayer(i).getParam(ConvBatchNormSpikePool.WEIGHT);
            conv(where, values(w), w.shape(), null, new long[] {1, 1}, new long[] {k / 2, k / 2}, new long[] {1, 1});
            foldBatchNorm(i, where, c);
            neuron(where, c.getNeuron());
            maxPool(where, c.getPoolSize(), c.getPoolSize(), 0);
            return false;
        }
        if (l instanceof BatchNormSpikePool) {
            BatchNormSpikePool b = (BatchNormSpikePool) l;
            foldBatchNorm(i, where, b);
            neuron(where, b.getNeuron());
            maxPool(where, b.getPoolSize(), b.getPoolSize(), 0);
            return false;
        }
        if (l instanceof ConvolutionLayer && l.getClass() == ConvolutionLayer.class
                || l instanceof org.snn4j.core.conv.IdentityConvolution) {
            ConvolutionLayer c = (ConvolutionLayer) l;
            requireCnn(where);
            requireIdentity(where, c);
            if (c.getCnn2dDataFormat() != null && c.getCnn2dDataFormat() != CNN2DFormat.NCHW) {
                throw new UnsupportedNirException(where + ": only NCHW convolutions are exported");
            }
            long[] pad = padding(where, c.getConvolutionMode(), c.getPadding());
            INDArray w = net.getLayer(i).getParam(DefaultParamInitializer.WEIGHT_KEY);
            double[] b = c.hasBias() ? values(net.getLayer(i).getParam(DefaultParamInitializer.BIAS_KEY)) : null;
            conv(where, values(w), w.shape(), b, longs(c.getStride()), pad, longs(c.getDilation()));
            return false;
        }
        if (l instanceof BatchNormalization && l.getClass() == BatchNormalization.class) {
            foldBatchNorm(i, where, (BatchNormalization) l);
            return false;
        }
        if (l instanceof SpikingNeuron) {
            neuron(where, (SpikingNeuron) l);
            return false;
        }
        if (l instanceof SubsamplingLayer && l.getClass() == SubsamplingLayer.class) {
            SubsamplingLayer s = (SubsamplingLayer) l;
            requireCnn(where);
            long[] pad = padding(where, s.getConvolutionMode(), s.getPadding());
            int[] k = s.getKernelSize();
            int[] st = s.getStride();
            if (k[0] != k[1] || st[0] != st[1] || pad[0] != pad[1]) {
                throw new UnsupportedNirException(where + ": only square pools are exported, got kernel "
                        + Arrays.toString(k) + " stride " + Arrays.toString(st));
            }
            if (s.getDilation() != null && (s.getDilation()[0] != 1 || s.getDilation()[1] != 1)) {
                throw new UnsupportedNirException(where + ": dilated pooling has no NIR form");
            }
            if (s.getPoolingType() == PoolingType.MAX) {
                maxPool(where, k[0], st[0], pad[0]);
            } else if (s.getPoolingType() == PoolingType.AVG) {
                if (pad[0] != 0) {
                    throw new UnsupportedNirException(where + ": padded average pooling is not exported (whether the "
                            + "padding counts in the average differs between frameworks)");
                }
                pool(where, "AvgPool2d", k[0], st[0], 0);
            } else if (s.getPoolingType() == PoolingType.SUM) {
                pool(where, "SumPool2d", k[0], st[0], pad[0]);
            } else {
                throw new UnsupportedNirException(where + ": " + s.getPoolingType() + " pooling has no NIR form");
            }
            return false;
        }
        if (l instanceof DenseLayer && l.getClass() == DenseLayer.class) {
            DenseLayer d = (DenseLayer) l;
            requireIdentity(where, d);
            flatten();
            INDArray w = net.getLayer(i).getParam(DefaultParamInitializer.WEIGHT_KEY); // [nIn, nOut]
            long nIn = w.size(0);
            long nOut = w.size(1);
            if (nIn != shape[0]) {
                throw new IllegalStateException(where + ": expects " + nIn + " inputs, the graph has " + shape[0]);
            }
            // NIR (as PyTorch) stores (out, in)
            double[] wt = values(w.transpose());
            double[] b = d.hasBias() ? values(net.getLayer(i).getParam(DefaultParamInitializer.BIAS_KEY)) : null;
            flush();
            pending = PendingLinear.dense(wt, nOut, nIn, b);
            shape = new long[] {nOut};
            binary = false;
            return false;
        }
        if (l instanceof Voting) {
            // SpikingJelly's VotingLayer(g): the mean of each group of g features, as a fixed Linear
            int g = ((Voting) l).getGroupSize();
            flatten();
            long in = shape[0];
            if (in % g != 0) {
                throw new IllegalStateException(where + ": " + in + " features do not split into groups of " + g);
            }
            long out = in / g;
            double[] w = new double[Math.toIntExact(out * in)];
            for (int k = 0; k < out; k++) {
                for (int j = 0; j < g; j++) {
                    w[Math.toIntExact(k * in + (long) k * g + j)] = 1.0 / g;
                }
            }
            flush();
            pending = PendingLinear.dense(w, out, in, null);
            shape = new long[] {out};
            binary = false;
            return false;
        }
        throw new UnsupportedNirException(where + " has no NIR form" + why(l));
    }

    private static String why(Layer l) {
        if (l instanceof SpikingMultiscaleAttention) {
            return ((SpikingMultiscaleAttention) l).isZoneout()
                    ? ": SMA with AZO (spiking multiscale attention, attention zoneout) has no NIR node"
                    : ": SMA (spiking multiscale attention) has no NIR node";
        }
        if (l instanceof MultiDimensionalAttention) {
            return ": MA (multi-dimensional attention) has no NIR node";
        }
        String n = l.getClass().getSimpleName().toLowerCase(Locale.ROOT);
        if (n.contains("attention")) {
            return ": attention layers have no NIR node";
        }
        return "";
    }

    private void requireCnn(String where) {
        if (shape.length != 3) {
            throw new UnsupportedNirException(where + ": expects an image (C,H,W) input, the graph has " + Arrays.toString(shape));
        }
    }

    private static void requireIdentity(String where, FeedForwardLayer l) {
        if (l.getActivationFn() != null && !(l.getActivationFn() instanceof ActivationIdentity)) {
            throw new UnsupportedNirException(where + ": activation " + l.getActivationFn() + " has no NIR node "
                    + "(only identity activations are exported; the spiking neurons are the non-linearity)");
        }
    }

    private static long[] padding(String where, ConvolutionMode mode, int[] pad) {
        if (mode != ConvolutionMode.Truncate && mode != ConvolutionMode.Strict) {
            throw new UnsupportedNirException(where + ": convolution mode " + mode + " is not exported (use Truncate, "
                    + "PyTorch's explicit padding)");
        }
        return longs(pad);
    }

    private static long[] longs(int[] a) {
        return Arrays.stream(a).asLongStream().toArray();
    }

    private static double[] values(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('c').data().asDouble();
    }

    private void conv(String where, double[] w, long[] wShape, double[] bias, long[] stride, long[] pad, long[] dil) {
        if (wShape[1] != shape[0]) {
            throw new IllegalStateException(where + ": expects " + wShape[1] + " input channels, the graph has " + shape[0]);
        }
        flush();
        pending = PendingLinear.conv(w, wShape, bias, new long[] {shape[1], shape[2]}, stride, pad, dil);
        long[] out = new long[3];
        out[0] = wShape[0];
        for (int d = 0; d < 2; d++) {
            out[d + 1] = (shape[d + 1] + 2 * pad[d] - dil[d] * (wShape[d + 2] - 1) - 1) / stride[d] + 1;
        }
        shape = out;
        binary = false;
    }

    /**
     * Batch norm at inference, y = gamma (x - mean) / std + beta, folded into the conv/dense before it:
     * W' = W * gamma/std per output channel, b' = (b - mean) * gamma/std + beta.
     */
    private void foldBatchNorm(int i, String where, BatchNormalization bn) {
        if (pending == null) {
            throw new UnsupportedNirException(where + ": batch norm is exported only right after a conv or dense layer "
                    + "(it is folded into it); here it follows " + last);
        }
        long c = pending.outChannels;
        org.deeplearning4j.nn.api.Layer impl = net.getLayer(i);
        double[] gamma;
        double[] beta;
        if (bn.isLockGammaBeta()) {
            gamma = new double[Math.toIntExact(c)];
            beta = new double[Math.toIntExact(c)];
            Arrays.fill(gamma, bn.getGamma());
            Arrays.fill(beta, bn.getBeta());
        } else {
            gamma = values(impl.getParam(BatchNormalizationParamInitializer.GAMMA));
            beta = values(impl.getParam(BatchNormalizationParamInitializer.BETA));
        }
        double[] mean = values(impl.getParam(BatchNormalizationParamInitializer.GLOBAL_MEAN));
        double[] std = new double[mean.length];
        if (bn.isUseLogStd()) {
            // DL4J keeps log10(sqrt(var + eps))
            double[] l = values(impl.getParam(BatchNormalizationParamInitializer.GLOBAL_LOG_STD));
            for (int k = 0; k < std.length; k++) {
                std[k] = Math.pow(10, l[k]);
            }
        } else {
            double[] var = values(impl.getParam(BatchNormalizationParamInitializer.GLOBAL_VAR));
            for (int k = 0; k < std.length; k++) {
                std[k] = Math.sqrt(var[k] + bn.getEps());
            }
        }
        if (mean.length != c) {
            throw new IllegalStateException(where + ": " + mean.length + " channels after a layer with " + c);
        }
        pending.scale(gamma, std, mean, beta);
    }

    private void neuron(String where, SpikingNeuron n) {
        if (n instanceof PLIFNeuron) {
            throw new UnsupportedNirException(where + ": PLIF's learnable tau is a trained parameter with no NIR form "
                    + "(NIR's LIF has a fixed tau; SpikingJelly exports its current value, we refuse rather than freeze it)");
        }
        if (n.getClass() != LIFNeuron.class && n.getClass() != IFNeuron.class) {
            throw new UnsupportedNirException(where + ": neuron " + n.getClass().getSimpleName() + " has no NIR form "
                    + "(IF and LIF are exported)");
        }
        if (n.getVReset() == null) {
            throw new UnsupportedNirException(where + ": soft reset (subtract the threshold) has no NIR form: NIR's IF/LIF "
                    + "reset to v_reset");
        }
        if (n.getOutput() != NeuronOutput.SPIKES) {
            throw new UnsupportedNirException(where + ": neuron output " + n.getOutput() + " is not exported (NIR neurons "
                    + "output spikes)");
        }
        flush();
        double vth = n.getVThreshold();
        double vr = n.getVReset();
        NirNode node;
        if (n instanceof LIFNeuron) {
            LIFNeuron lif = (LIFNeuron) n;
            double tau = lif.getTau();
            node = new NirNode("LIF")
                    .put("tau", NirArray.full(shape, tau * dt, kind))
                    .put("r", NirArray.full(shape, lif.isDecayInput() ? 1.0 : tau, kind))
                    .put("v_leak", NirArray.full(shape, vr, kind))
                    .put("v_threshold", NirArray.full(shape, vth, kind))
                    .put("v_reset", NirArray.full(shape, vr, kind));
        } else {
            node = new NirNode("IF")
                    .put("r", NirArray.full(shape, 1.0 / dt, kind))
                    .put("v_threshold", NirArray.full(shape, vth, kind))
                    .put("v_reset", NirArray.full(shape, vr, kind));
        }
        if (!n.isStrictThreshold()) {
            node.meta(META_FIRING, FIRES_AT_EQUAL);
        }
        append(node.type().toLowerCase(Locale.ROOT), node);
        binary = true;
    }

    private void maxPool(String where, int k, int stride, long pad) {
        if (!binary) {
            throw new UnsupportedNirException(where + ": max pooling has no NIR node; it is exported only over spikes "
                    + "(as SumPool2d then Threshold), and its input here is not a spiking neuron's output");
        }
        if (pad != 0) {
            throw new UnsupportedNirException(where + ": padded max pooling is not exported");
        }
        pool(where, "SumPool2d", k, stride, 0);
        append("threshold", new NirNode("Threshold").put("threshold", NirArray.full(shape, MAX_OF_SPIKES_THRESHOLD, kind)));
        binary = true;
    }

    private void pool(String where, String type, int k, int stride, long pad) {
        flush();
        append(type.toLowerCase(Locale.ROOT), new NirNode(type).put("kernel_size", NirArray.ints(k, k))
                .put("stride", NirArray.ints(stride, stride)).put("padding", NirArray.ints(pad, pad)));
        shape = new long[] {shape[0], (shape[1] + 2 * pad - k) / stride + 1, (shape[2] + 2 * pad - k) / stride + 1};
        binary = false;
    }

    /** An image entering a dense layer is flattened in (C, H, W) order: DL4J's CnnToFeedForward, PyTorch's flatten. */
    private void flatten() {
        if (shape.length == 1) {
            return;
        }
        flush();
        append("flatten", new NirNode("Flatten").put("input_type", NirArray.ints(shape))
                .put("start_dim", NirArray.scalar(0)).put("end_dim", NirArray.scalar(-1)));
        shape = new long[] {shape[0] * shape[1] * shape[2]};
    }

    private void flush() {
        if (pending != null) {
            PendingLinear p = pending;
            pending = null;
            append(p.kindName(), p.node(kind));
        }
    }

    private void append(String base, NirNode node) {
        String name = graph.nodes().size() + "_" + base;
        graph.add(name, node);
        graph.edge(last, name);
        last = name;
    }

    /** A conv or dense layer still open to batch-norm folding. */
    private static final class PendingLinear {
        final double[] w;
        final long[] wShape;
        double[] bias;
        final long outChannels;
        final long[] inputHw;
        final long[] stride;
        final long[] pad;
        final long[] dil;

        private PendingLinear(double[] w, long[] wShape, double[] bias, long[] inputHw, long[] stride, long[] pad, long[] dil) {
            this.w = w;
            this.wShape = wShape;
            this.bias = bias;
            this.outChannels = wShape[0];
            this.inputHw = inputHw;
            this.stride = stride;
            this.pad = pad;
            this.dil = dil;
        }

        static PendingLinear conv(double[] w, long[] wShape, double[] bias, long[] hw, long[] stride, long[] pad, long[] dil) {
            return new PendingLinear(w, wShape, bias, hw, stride, pad, dil);
        }

        static PendingLinear dense(double[] w, long out, long in, double[] bias) {
            return new PendingLinear(w, new long[] {out, in}, bias, null, null, null, null);
        }

        boolean isConv() {
            return inputHw != null;
        }

        String kindName() {
            return isConv() ? "conv2d" : bias == null ? "linear" : "affine";
        }

        void scale(double[] gamma, double[] std, double[] mean, double[] beta) {
            int per = Math.toIntExact(w.length / outChannels);
            double[] b = bias == null ? new double[Math.toIntExact(outChannels)] : bias;
            for (int o = 0; o < outChannels; o++) {
                double s = gamma[o] / std[o];
                for (int j = 0; j < per; j++) {
                    w[o * per + j] *= s;
                }
                b[o] = (b[o] - mean[o]) * s + beta[o];
            }
            bias = b;
        }

        NirNode node(NirArray.Kind kind) {
            NirArray weight = new NirArray(w, wShape, kind);
            if (isConv()) {
                double[] b = bias == null ? new double[Math.toIntExact(outChannels)] : bias;
                return new NirNode("Conv2d").put("input_shape", NirArray.ints(inputHw)).put("weight", weight)
                        .put("stride", NirArray.ints(stride)).put("padding", NirArray.ints(pad))
                        .put("dilation", NirArray.ints(dil)).put("groups", NirArray.scalar(1))
                        .put("bias", new NirArray(b, new long[] {outChannels}, kind));
            }
            if (bias == null) {
                return new NirNode("Linear").put("weight", weight);
            }
            return new NirNode("Affine").put("weight", weight).put("bias", new NirArray(bias, new long[] {outChannels}, kind));
        }
    }
}
