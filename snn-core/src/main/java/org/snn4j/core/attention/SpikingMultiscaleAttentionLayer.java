package org.snn4j.core.attention;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.snn4j.core.neuron.FusedNeuronPass;
import org.snn4j.core.neuron.LinearNeuronKernel;
import org.snn4j.core.neuron.fast.FloatNeuronKernel;
import org.snn4j.core.norm.ChannelBatchNorm;
import org.snn4j.core.time.TimeFolding;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Fused implementation of {@link SpikingMultiscaleAttention} (the default): the encoder is hand-written and
 * the excitation/decoder part runs the configuration's own {@link SpikingMultiscaleAttention#defineDecoder}
 * as a small SameDiff graph. Same parameters, same function as the all-SameDiff {@link AttentionLayerImpl},
 * which is its test oracle.
 *
 * <p>Encoder per scale i (the SMA-AZO code's `SMA` module), on {@code [T*N, C, H, W]}:
 * <ul>
 *   <li>conv k_i x k_i, stride 1, padding k/2, bias: libnd4j's {@code conv2d}/{@code conv2d_bp} (oneDNN on
 *   float32 in the CPU backend), weights [k, k, C_in, C_out] as in the SameDiff graph;</li>
 *   <li>BN ({@link ChannelBatchNorm}, channels in parallel): batch statistics (biased variance) in training,
 *   running statistics at inference, the configuration's running update (PyTorch's,
 *   {@link AttentionSameDiffLayer#runningStatistics()}); backward is the standard batch-statistics BN gradient
 *   (the SameDiff graph also always differentiates in training mode);</li>
 *   <li>the scale neuron through the fused kernels ({@link FusedNeuronPass}: the float Vector-API kernel, or
 *   the double kernel for double precision and smooth surrogates), or ReLU.</li>
 * </ul>
 * Why: SameDiff unrolls the LIF over T into ~12 full-size ops per step, all kept for autodiff (67 s and
 * 6 GB for one forward+backward at N=1, docs/performance.md). The decoder works on [T*N, C] attention
 * tensors and a few full-size products, where SameDiff is fine, and sharing its one definition keeps AZO
 * (selection, fixed selection, training only) identical by construction.
 *
 * <p>A training forward keeps, per scale, the conv output and the scale output for backward
 * (released after backward); backward recomputes them when it gets a different input.
 */
public class SpikingMultiscaleAttentionLayer extends SameDiffLayer implements InspectableAttention {
    private static final String SCALE = "scale";
    private static final String EPSILON = "epsilon";
    private static final String OUTPUT = "sma_output";
    private static final String SQUEEZED = "squeezed";
    private static final String WEIGHTS = "fusion_weights";
    private static final String WEIGHTS_GRAD = "fusion_weights_grad";

    private transient SameDiff decoder;
    private transient SameDiff attention;
    private transient Encoded cached;
    private transient INDArray cachedInput;

    public SpikingMultiscaleAttentionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private SpikingMultiscaleAttention sma() {
        return (SpikingMultiscaleAttention) layerConf();
    }

    /** The encoder's values of one forward pass, per scale. */
    private static final class Encoded {
        final INDArray[] conv;         // z, the conv output
        final double[][] mean;         // [C] the BN normalised z with: batch (training) or running
        final double[][] var;          // [C] likewise (biased batch variance in training)
        final INDArray[] outputs;      // S_i

        Encoded(int scales) {
            conv = new INDArray[scales];
            mean = new double[scales][];
            var = new double[scales][];
            outputs = new INDArray[scales];
        }
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        TimeFolding.checkDivisible(input, sma().getTimesteps(), layerId());
        INDArray out;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            cached = null;
            cachedInput = null;
            Encoded e = encode(FusedNeuronPass.contiguous(input), training);
            out = fusesByHand() ? fuse(e) : runDecoder(e, training, OUTPUT).get(OUTPUT);
            if (training) {
                for (int i = 0; i < e.outputs.length; i++) {
                    sma().updateRunningStatistics(paramTable, "bn" + i, Nd4j.createFromArray(e.mean[i]),
                            Nd4j.createFromArray(e.var[i]), input.size(0));
                }
                cached = e;
                cachedInput = input;
            }
        }
        INDArray result = mgr.dup(ArrayType.ACTIVATIONS, out);
        release(out);
        return result;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        SpikingMultiscaleAttention cfg = sma();
        int[] kernels = cfg.getKernels();
        INDArray dx;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray x = FusedNeuronPass.contiguous(input);
            Encoded e = cached != null && cachedInput == input ? cached : encode(x, true);
            cached = null;
            cachedInput = null;

            INDArray eps = FusedNeuronPass.contiguous(epsilon.castTo(x.dataType()));
            SameDiff sd;
            Map<String, INDArray> g;
            if (fusesByHand()) {
                sd = prepareAttention();
                g = fuseBackward(e, eps);
            } else {
                sd = prepareDecoder(true);
                Map<String, INDArray> ph = bindScales(sd, e);
                ph.put(EPSILON, eps);
                List<String> wanted = new ArrayList<>(SpikingMultiscaleAttention.DECODER_PARAMS);
                for (int i = 0; i < kernels.length; i++) {
                    wanted.add(SCALE + i);
                }
                g = sd.calculateGradients(ph, wanted);
            }
            for (String p : SpikingMultiscaleAttention.DECODER_PARAMS) {
                gradTable.get(p).assign(g.get(p).reshape(gradTable.get(p).shape()));
            }
            dx = Nd4j.zeros(x.dataType(), x.shape());
            for (int i = 0; i < kernels.length; i++) {
                INDArray dz = encoderBackward(i, e, g.get(SCALE + i));
                if (fusesByHand()) {
                    release(g.get(SCALE + i));   // ours (fuseBackward), consumed
                }
                INDArray[] grads = conv(x, i, dz);
                dx.addi(grads[0]);
                release(dz, grads[0], e.conv[i]);
                gradTable.get("conv" + i + "W").assign(grads[1]);
                gradTable.get("conv" + i + "b").assign(grads[2].reshape(1, cfg.getChannels()));
                gradTable.get("bn" + i + "Mean").assign(0);
                gradTable.get("bn" + i + "Var").assign(0);
            }
            sd.clearPlaceholders(true);
            sd.clearOpInputs();
        }
        Gradient gradient = new DefaultGradient();
        for (String p : paramTable.keySet()) {
            gradient.gradientForVariable().put(p, gradTable.get(p));
        }
        INDArray result = mgr.dup(ArrayType.ACTIVATION_GRAD, dx);
        release(dx);
        return new Pair<>(gradient, result);
    }

    /**
     * dL/dz of scale i from dL/dS_i: back through the neuron (or ReLU) and BN with batch statistics
     * ({@link ChannelBatchNorm#backward}); also writes the BN affine gradients.
     */
    private INDArray encoderBackward(int i, Encoded e, INDArray dOut) {
        SpikingMultiscaleAttention cfg = sma();
        INDArray z = e.conv[i];
        INDArray bnOut = batchNorm(i, e, Nd4j.createUninitialized(z.dataType(), z.shape(), 'c'));
        INDArray db;
        if (cfg.getActivation() == ScaleActivation.RELU) {
            INDArray mask = bnOut.gt(0.0);
            INDArray m = mask.castTo(dOut.dataType());
            db = FusedNeuronPass.contiguous(dOut.mul(m));
            release(mask, m);
        } else {
            db = Nd4j.createUninitialized(bnOut.dataType(), bnOut.shape(), 'c');
            FusedNeuronPass.backward(neuronKernel(), bnOut, dOut, db, cfg.getTimesteps(), false);
        }
        release(bnOut);
        int c = (int) cfg.getChannels();
        double[] gamma = paramTable.get("bn" + i + "Gamma").toDoubleVector();
        double[] dGamma = new double[c];
        double[] dBeta = new double[c];
        ByteBuffer zb = FloatNeuronKernel.nativeBytes(z);
        ByteBuffer gb = FloatNeuronKernel.nativeBytes(db);
        boolean dbl = z.dataType() == DataType.DOUBLE;
        IntStream.range(0, c).parallel().forEach(ch -> {
            ChannelBatchNorm.Channel g = ChannelBatchNorm.Channel.nchw(gb, dbl, z.shape(), ch);
            double[] d = ChannelBatchNorm.backward(ChannelBatchNorm.Channel.nchw(zb, dbl, z.shape(), ch), e.mean[i][ch],
                    ChannelBatchNorm.invStd(e.var[i][ch], cfg.getBnEps()), gamma[ch], g, g);
            dGamma[ch] = d[0];
            dBeta[ch] = d[1];
        });
        gradTable.get("bn" + i + "Beta").assign(Nd4j.createFromArray(dBeta).reshape(1, c));
        gradTable.get("bn" + i + "Gamma").assign(Nd4j.createFromArray(dGamma).reshape(1, c));
        return db;
    }

    /** Conv, BN (batch or running statistics) and activation of every scale. */
    private Encoded encode(INDArray x, boolean training) {
        SpikingMultiscaleAttention cfg = sma();
        int scales = cfg.getKernels().length;
        int c = (int) cfg.getChannels();
        Encoded e = new Encoded(scales);
        for (int i = 0; i < scales; i++) {
            INDArray z = conv(x, i, null)[0];
            e.conv[i] = z;
            if (training) {
                e.mean[i] = new double[c];
                e.var[i] = new double[c];
                ByteBuffer zb = FloatNeuronKernel.nativeBytes(z);
                boolean dbl = z.dataType() == DataType.DOUBLE;
                int scale = i;
                IntStream.range(0, c).parallel().forEach(ch -> {
                    double[] stats = new double[2];
                    ChannelBatchNorm.statistics(ChannelBatchNorm.Channel.nchw(zb, dbl, z.shape(), ch), stats);
                    e.mean[scale][ch] = stats[0];
                    e.var[scale][ch] = stats[1];
                });
            } else {
                e.mean[i] = paramTable.get("bn" + i + "Mean").toDoubleVector();
                e.var[i] = paramTable.get("bn" + i + "Var").toDoubleVector();
            }
            INDArray bnOut = batchNorm(i, e, Nd4j.createUninitialized(z.dataType(), z.shape(), 'c'));
            if (cfg.getActivation() == ScaleActivation.RELU) {
                e.outputs[i] = Transforms.relu(bnOut, false);
            } else {
                INDArray s = Nd4j.createUninitialized(bnOut.dataType(), bnOut.shape(), 'c');
                FusedNeuronPass.forward(neuronKernel(), bnOut, s, cfg.getTimesteps());
                e.outputs[i] = s;
                release(bnOut);
            }
        }
        return e;
    }

    /** BN of scale i's conv output with the statistics in {@code e}, written into {@code out}. */
    private INDArray batchNorm(int i, Encoded e, INDArray out) {
        INDArray z = e.conv[i];
        double[] gamma = paramTable.get("bn" + i + "Gamma").toDoubleVector();
        double[] beta = paramTable.get("bn" + i + "Beta").toDoubleVector();
        double eps = sma().getBnEps();
        ByteBuffer zb = FloatNeuronKernel.nativeBytes(z);
        ByteBuffer ob = FloatNeuronKernel.nativeBytes(out);
        boolean dbl = z.dataType() == DataType.DOUBLE;
        IntStream.range(0, gamma.length).parallel().forEach(ch -> {
            double scale = ChannelBatchNorm.scale(gamma[ch], e.var[i][ch], eps);
            ChannelBatchNorm.affine(ChannelBatchNorm.Channel.nchw(zb, dbl, z.shape(), ch),
                    ChannelBatchNorm.Channel.nchw(ob, dbl, z.shape(), ch), scale,
                    ChannelBatchNorm.shift(beta[ch], e.mean[i][ch], scale));
        });
        return out;
    }

    /**
     * Frees large temporaries now: ND4J's off-heap memory otherwise waits for the Java GC, and with a small
     * heap that lets garbage grow to JavaCPP's maxbytes limit (several GB at N=4).
     */
    static void release(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }

    private LinearNeuronKernel neuronKernel() {
        return sma().scaleNeuron().kernel();
    }

    /**
     * Conv of scale i: forward ({@code gradOut} null) returns {z}; backward returns {dL/dx, dL/dW, dL/db}.
     * Same op, layout and arguments as the SameDiff graph's {@code conv2d}.
     */
    private INDArray[] conv(INDArray x, int i, INDArray gradOut) {
        SpikingMultiscaleAttention cfg = sma();
        int k = cfg.getKernels()[i];
        INDArray w = paramTable.get("conv" + i + "W");
        INDArray b = paramTable.get("conv" + i + "b").reshape(cfg.getChannels());
        // kH, kW, sH, sW, pH, pW, dH, dW, same mode off, NCHW (0), weights [kH, kW, C_in, C_out] (0)
        int[] args = {k, k, 1, 1, k / 2, k / 2, 1, 1, 0, 0, 0};
        INDArray[] out = gradOut == null
                ? new INDArray[]{Nd4j.createUninitialized(x.dataType(), x.shape(), 'c')}
                : new INDArray[]{Nd4j.createUninitialized(x.dataType(), x.shape(), 'c'),
                Nd4j.createUninitialized(w.dataType(), w.shape(), 'c'), Nd4j.createUninitialized(b.dataType(), b.shape(), 'c')};
        INDArray[] in = gradOut == null ? new INDArray[]{x, w, b} : new INDArray[]{x, w, b, gradOut};
        DynamicCustomOp op = DynamicCustomOp.builder(gradOut == null ? "conv2d" : "conv2d_bp")
                .addInputs(in).addOutputs(out).addIntegerArguments(args).build();
        Nd4j.exec(op);
        return out;
    }

    /**
     * The decoder graph of the configuration, built once: variables {@code scale<i>} for S_i, a placeholder
     * {@code epsilon} for dL/dO; the loss sum(O * epsilon) makes autodiff return exactly the input gradients.
     */
    private SameDiff prepareDecoder(boolean training) {
        if (decoder == null) {
            SpikingMultiscaleAttention cfg = sma();
            long[] shape = {-1, cfg.getChannels(), cfg.getHeight(), cfg.getWidth()};
            SameDiff sd = SameDiff.create();
            SDVariable[] s = new SDVariable[cfg.getKernels().length];
            for (int i = 0; i < s.length; i++) {
                // A variable, not a placeholder: M2.1 gets the gradient of a placeholder used by several ops
                // wrong (here S_i feeds both the squeeze and the weighting; measured 0.3-4 % off).
                s[i] = sd.var(SCALE + i, dataType, 1, cfg.getChannels(), cfg.getHeight(), cfg.getWidth());
            }
            Map<String, SDVariable> p = new HashMap<>();
            for (String name : SpikingMultiscaleAttention.DECODER_PARAMS) {
                p.put(name, sd.var(name, dataType, paramTable.get(name).shape()));
            }
            SDVariable out = sd.identity(OUTPUT, cfg.defineDecoder(sd, s, p));
            sd.setLossVariables(out.mul(sd.placeHolder(EPSILON, dataType, shape)).sum());
            sd.createGradFunction();
            decoder = sd;
        }
        for (String name : SpikingMultiscaleAttention.DECODER_PARAMS) {
            decoder.associateArrayWithVariable(paramTable.get(name), decoder.getVariable(name));
        }
        AttentionLayerImpl.setFlag(decoder, training);
        if (decoder.hasGradientFunction()) {
            AttentionLayerImpl.setFlag(decoder.getFunction("grad"), training);
        }
        return decoder;
    }

    /**
     * Without AZO the decoder is O = sum_i w_i * S_i with w = attention(u), u = mean over H, W of sum_i S_i:
     * only the attention part (C-MSE, T-MSE on [T*N, C]) runs as a SameDiff graph
     * ({@link SpikingMultiscaleAttention#defineAttention}); the full-size squeeze, weighted sum and their
     * gradients are a few ND4J passes here, instead of SameDiff's per-op full-size buffers. With AZO the
     * whole decoder graph runs ({@link #runDecoder}); {@link #inspect} always uses it, so the two agree by test.
     */
    private boolean fusesByHand() {
        return !(sma().isZoneout() && sma().getTimesteps() > 1);
    }

    private SameDiff prepareAttention() {
        if (attention == null) {
            SpikingMultiscaleAttention cfg = sma();
            SameDiff sd = SameDiff.create();
            // a variable, not a placeholder, for the reason given in prepareDecoder (u feeds two ops)
            SDVariable u = sd.var(SQUEEZED, dataType, 1, cfg.getChannels());
            Map<String, SDVariable> p = new HashMap<>();
            for (String name : SpikingMultiscaleAttention.DECODER_PARAMS) {
                p.put(name, sd.var(name, dataType, paramTable.get(name).shape()));
            }
            SDVariable w = sd.identity(WEIGHTS, cfg.defineAttention(sd, u, p)[2]);
            sd.setLossVariables(w.mul(sd.placeHolder(WEIGHTS_GRAD, dataType, -1, cfg.getKernels().length,
                    cfg.getChannels())).sum());
            sd.createGradFunction();
            attention = sd;
        }
        for (String name : SpikingMultiscaleAttention.DECODER_PARAMS) {
            attention.associateArrayWithVariable(paramTable.get(name), attention.getVariable(name));
        }
        return attention;
    }

    /** u = mean over H, W of the summed scale outputs, [T*N, C]. */
    private static INDArray squeeze(Encoded e) {
        INDArray u = null;
        for (INDArray s : e.outputs) {
            INDArray m = s.mean(2, 3);
            if (u == null) {
                u = m;
            } else {
                u.addi(m);
                release(m);
            }
        }
        return u;
    }

    /** The fusion weights A^T * A^C [T*N, S, C] for the squeezed scales {@code u}. */
    private INDArray fusionWeights(INDArray u) {
        SameDiff sd = prepareAttention();
        sd.associateArrayWithVariable(u, sd.getVariable(SQUEEZED));
        INDArray w = sd.output(new HashMap<>(), WEIGHTS).get(WEIGHTS).dup('c');
        sd.clearOpInputs();
        return w;
    }

    /** Scale i's weights as a column [T*N*C, 1]. */
    private static INDArray column(INDArray w, int i) {
        return w.get(NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all()).dup('c').reshape(-1, 1);
    }

    /** O = sum_i w_i * S_i, [T*N, C, H, W]. */
    private INDArray fuse(Encoded e) {
        INDArray u = squeeze(e);
        INDArray w = fusionWeights(u);
        INDArray first = e.outputs[0];
        long rows = first.size(0) * first.size(1);
        INDArray out = Nd4j.createUninitialized(first.dataType(), first.shape(), 'c');
        INDArray flat = out.reshape(rows, -1);
        for (int i = 0; i < e.outputs.length; i++) {
            INDArray wi = column(w, i);
            INDArray si = e.outputs[i].reshape(rows, -1);
            if (i == 0) {
                flat.assign(si).muliColumnVector(wi);
            } else {
                INDArray y = si.mulColumnVector(wi);
                flat.addi(y);
                release(y);
            }
            release(wi);
        }
        // u stays: the attention graph holds it (a later association copies into it); it is only [T*N, C]
        release(w);
        return out;
    }

    /**
     * Gradients of O = sum_i w_i * S_i given dL/dO {@code eps}: dL/dw_i = sum over H, W of S_i * eps, through the
     * attention graph to dL/du and the decoder parameters, then dL/dS_i = w_i * eps + dL/du / (H*W). Returns the
     * map the whole-decoder graph would: {@code scale<i>} and the decoder parameters.
     */
    private Map<String, INDArray> fuseBackward(Encoded e, INDArray eps) {
        INDArray u = squeeze(e);
        INDArray w = fusionWeights(u);
        INDArray first = e.outputs[0];
        long tn = first.size(0);
        long c = first.size(1);
        long rows = tn * c;
        INDArray dOut = eps.reshape(rows, -1);
        long hw = dOut.size(1);
        INDArray dW = Nd4j.create(first.dataType(), w.shape());
        for (int i = 0; i < e.outputs.length; i++) {
            INDArray prod = e.outputs[i].reshape(rows, -1).mul(dOut);
            INDArray sum = prod.sum(1);
            dW.get(NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all()).assign(sum.reshape(tn, c));
            release(prod, sum);
        }
        SameDiff sd = prepareAttention();
        sd.associateArrayWithVariable(u, sd.getVariable(SQUEEZED));
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(WEIGHTS_GRAD, dW);
        List<String> wanted = new ArrayList<>(SpikingMultiscaleAttention.DECODER_PARAMS);
        wanted.add(SQUEEZED);
        Map<String, INDArray> g = new HashMap<>(sd.calculateGradients(ph, wanted));
        INDArray du = g.remove(SQUEEZED).reshape(rows, 1).div(hw);
        for (int i = 0; i < e.outputs.length; i++) {
            INDArray wi = column(w, i);
            INDArray ds = dOut.mulColumnVector(wi).addiColumnVector(du);
            g.put(SCALE + i, ds.reshape(first.shape()));
            release(wi);
        }
        release(w, dW, du);
        return g;
    }

    /** Binds the scale outputs to the decoder's input variables; returns an (empty) placeholder map. */
    private Map<String, INDArray> bindScales(SameDiff sd, Encoded e) {
        for (int i = 0; i < e.outputs.length; i++) {
            sd.associateArrayWithVariable(e.outputs[i], sd.getVariable(SCALE + i));
        }
        return new HashMap<>();
    }

    /** Runs the decoder graph forward on the encoder's outputs; returns copies of the named values. */
    private Map<String, INDArray> runDecoder(Encoded e, boolean training, String... names) {
        SameDiff sd = prepareDecoder(training);
        Map<String, INDArray> out = sd.output(bindScales(sd, e), names);
        Map<String, INDArray> copies = new LinkedHashMap<>();
        for (String n : names) {
            copies.put(n, out.get(n).dup());
        }
        sd.clearPlaceholders(true);
        sd.clearOpInputs();
        return copies;
    }

    /**
     * Runs the layer on {@code input} (training or inference semantics, without touching the running
     * statistics) and returns copies of the named decoder values: {@link SpikingMultiscaleAttention#ATTENTION_TIME},
     * {@link SpikingMultiscaleAttention#ATTENTION_CHANNEL}, {@link SpikingMultiscaleAttention#AZO_MASK} (with AZO),
     * {@code weighted_i}, {@code zoned_i}.
     */
    @Override
    public Map<String, INDArray> inspect(INDArray input, boolean training, String... names) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return runDecoder(encode(FusedNeuronPass.contiguous(input), training), training, names);
        }
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public void clear() {
        super.clear();
        cached = null;
        cachedInput = null;
    }
}
