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
 * Fused implementation of {@link SpikingMultiscaleAttention} (the default): the encoder is hand-written, and
 * so are the decoder's full-size squeeze and fusion; the attention coefficients (C-MSE, T-MSE, AZO's selection,
 * all on [T*N, C] tensors) run the configuration's own
 * {@link SpikingMultiscaleAttention#defineFusionCoefficients} as a small SameDiff graph. Same parameters, same
 * function as the all-SameDiff {@link AttentionLayerImpl}, which is its test oracle; {@link #inspect} runs the
 * configuration's whole {@link SpikingMultiscaleAttention#defineDecoder}.
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
 * 6 GB for one forward+backward at N=1). In the decoder SameDiff allocates a fresh full-size buffer for
 * every product and sum (half of the module's time that way), so only its small attention part is a graph; AZO's
 * selection (fixed or chosen, training only) is the configuration's own definition in both forms.
 *
 * <p>A training forward keeps, per scale, the conv output and the scale output for backward
 * (released after backward); backward recomputes them when it gets a different input.
 */
public class SpikingMultiscaleAttentionLayer extends SameDiffLayer implements InspectableAttention {
    private static final String SCALE = "scale";
    private static final String OUTPUT = "sma_output";
    private static final String SQUEEZED = "squeezed";
    private static final String COEFF_A = "fusion_a";
    private static final String COEFF_B = "fusion_b";
    private static final String GRAD_A = "fusion_a_grad";
    private static final String GRAD_B = "fusion_b_grad";

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
            out = fuse(e, training);
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
            Map<String, INDArray> g = fuseBackward(e, eps);
            SameDiff sd = attention;
            for (String p : SpikingMultiscaleAttention.DECODER_PARAMS) {
                gradTable.get(p).assign(g.get(p).reshape(gradTable.get(p).shape()));
            }
            dx = Nd4j.zeros(x.dataType(), x.shape());
            for (int i = 0; i < kernels.length; i++) {
                INDArray dz = encoderBackward(i, e, g.get(SCALE + i));
                release(g.get(SCALE + i));   // made by fuseBackward, consumed
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
     * The configuration's whole decoder graph, built once (for {@link #inspect}: every named value of the
     * decoder): variables {@code scale<i>} for S_i, output O.
     */
    private SameDiff prepareDecoder(boolean training) {
        if (decoder == null) {
            SpikingMultiscaleAttention cfg = sma();
            SameDiff sd = SameDiff.create();
            SDVariable[] s = new SDVariable[cfg.getKernels().length];
            for (int i = 0; i < s.length; i++) {
                // A variable, not a placeholder: M2.1 gets the gradient of a placeholder used by several ops
                // wrong (here S_i feeds both the squeeze and the weighting; measured 0.3-4 % off).
                s[i] = sd.var(SCALE + i, dataType, 1, cfg.getChannels(), cfg.getHeight(), cfg.getWidth());
            }
            sd.identity(OUTPUT, cfg.defineDecoder(sd, s, decoderParams(sd)));
            decoder = sd;
        }
        return bind(decoder, training);
    }

    /** The decoder parameters as variables of {@code sd}. */
    private Map<String, SDVariable> decoderParams(SameDiff sd) {
        Map<String, SDVariable> p = new HashMap<>();
        for (String name : SpikingMultiscaleAttention.DECODER_PARAMS) {
            p.put(name, sd.var(name, dataType, paramTable.get(name).shape()));
        }
        return p;
    }

    /** Points the graph's parameter variables at this layer's parameters and sets its training flag. */
    private SameDiff bind(SameDiff sd, boolean training) {
        for (String name : SpikingMultiscaleAttention.DECODER_PARAMS) {
            sd.associateArrayWithVariable(paramTable.get(name), sd.getVariable(name));
        }
        AttentionLayerImpl.setFlag(sd, training);
        if (sd.hasGradientFunction()) {
            AttentionLayerImpl.setFlag(sd.getFunction("grad"), training);
        }
        return sd;
    }

    /**
     * The decoder runs as O[t] = sum_i A_i[t] * S_i[t] + B_i[t] * S_i[t-1]: only the coefficients (C-MSE, T-MSE
     * and AZO's selection on [T*N, C] tensors, {@link SpikingMultiscaleAttention#defineFusionCoefficients}) are
     * a SameDiff graph; the full-size squeeze, products and their gradients are a few ND4J passes here, instead
     * of SameDiff's fresh full-size buffers per op. {@link #inspect} runs the whole decoder graph
     * ({@link #runDecoder}), so the two agree by test.
     */
    private SameDiff prepareAttention(boolean training) {
        if (attention == null) {
            SpikingMultiscaleAttention cfg = sma();
            int s = cfg.getKernels().length;
            SameDiff sd = SameDiff.create();
            // a variable, not a placeholder, for the reason given in prepareDecoder (u feeds several ops)
            SDVariable u = sd.var(SQUEEZED, dataType, 1, cfg.getChannels());
            SDVariable[] ab = cfg.defineFusionCoefficients(sd, u, decoderParams(sd));
            SDVariable a = sd.identity(COEFF_A, ab[0]);
            SDVariable loss = a.mul(sd.placeHolder(GRAD_A, dataType, -1, s, cfg.getChannels())).sum();
            if (ab[1] != null) {
                SDVariable b = sd.identity(COEFF_B, ab[1]);
                loss = loss.add(b.mul(sd.placeHolder(GRAD_B, dataType, -1, s, cfg.getChannels())).sum());
            }
            sd.setLossVariables(loss);
            sd.createGradFunction();
            attention = sd;
        }
        return bind(attention, training);
    }

    /** Whether the coefficients have a B (AZO on, T > 1). */
    private boolean shifted() {
        return attention.hasVariable(COEFF_B);
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

    /** {A, B} (B null without AZO), each [T*N, S, C], for the squeezed scales {@code u}. */
    private INDArray[] fusionCoefficients(INDArray u, boolean training) {
        SameDiff sd = prepareAttention(training);
        sd.associateArrayWithVariable(u, sd.getVariable(SQUEEZED));
        boolean shifted = shifted();
        Map<String, INDArray> out = shifted ? sd.output(new HashMap<>(), COEFF_A, COEFF_B) : sd.output(new HashMap<>(), COEFF_A);
        INDArray[] ab = {out.get(COEFF_A).dup('c'), shifted ? out.get(COEFF_B).dup('c') : null};
        sd.clearOpInputs();
        return ab;
    }

    /** Scale i's coefficients as a column [T*N*C, 1]. */
    private static INDArray column(INDArray coeff, int i) {
        return coeff.get(NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all()).dup('c').reshape(-1, 1);
    }

    /** Rows [from, to) of a [rows, H*W] array (a view). */
    private static INDArray rows(INDArray a, long from, long to) {
        return a.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** S_i[t-1] as rows of [T*N*C, H*W] (S_i[-1] read as S_i[0]): a new array. */
    private static INDArray previous(INDArray flat, long step) {
        INDArray p = Nd4j.createUninitialized(flat.dataType(), flat.shape(), 'c');
        long n = flat.size(0);
        rows(p, 0, step).assign(rows(flat, 0, step));
        rows(p, step, n).assign(rows(flat, 0, n - step));
        return p;
    }

    /** O = sum_i A_i * S_i[t] + B_i * S_i[t-1], [T*N, C, H, W]. */
    private INDArray fuse(Encoded e, boolean training) {
        INDArray u = squeeze(e);
        INDArray[] ab = fusionCoefficients(u, training);
        INDArray first = e.outputs[0];
        long rows = first.size(0) * first.size(1);
        long step = rows / sma().getTimesteps();
        INDArray out = Nd4j.zeros(first.dataType(), first.shape());
        INDArray flat = out.reshape(rows, -1);
        for (int i = 0; i < e.outputs.length; i++) {
            INDArray si = e.outputs[i].reshape(rows, -1);
            addProduct(flat, si, column(ab[0], i));
            if (ab[1] != null) {
                INDArray prev = previous(si, step);
                addProduct(flat, prev, column(ab[1], i));
                release(prev);
            }
        }
        // u stays: the coefficient graph holds it (a later association copies into it); it is only [T*N, C]
        release(ab[0], ab[1]);
        return out;
    }

    /** target += x * col (col [rows, 1] broadcast over H*W). */
    private static void addProduct(INDArray target, INDArray x, INDArray col) {
        INDArray y = x.mulColumnVector(col);
        target.addi(y);
        release(y, col);
    }

    /** sum over H*W of x * y per row, [rows]. */
    private static INDArray rowDot(INDArray x, INDArray y) {
        INDArray prod = x.mul(y);
        INDArray sum = prod.sum(1);
        release(prod);
        return sum;
    }

    /**
     * Gradients of O given dL/dO {@code eps}: dL/dA_i = sum over H*W of S_i[t] * eps[t], dL/dB_i = sum of
     * S_i[t-1] * eps[t], through the coefficient graph to dL/du and the decoder parameters; then
     * dL/dS_i[t] = A_i[t] eps[t] + B_i[t+1] eps[t+1] (+ B_i[0] eps[0] at t = 0) + dL/du / (H*W). Returns the
     * map the whole-decoder graph would: {@code scale<i>} and the decoder parameters.
     */
    private Map<String, INDArray> fuseBackward(Encoded e, INDArray eps) {
        INDArray u = squeeze(e);
        INDArray[] ab = fusionCoefficients(u, true);
        INDArray first = e.outputs[0];
        long tn = first.size(0);
        long c = first.size(1);
        long rows = tn * c;
        long step = rows / sma().getTimesteps();
        INDArray dOut = eps.reshape(rows, -1);
        long hw = dOut.size(1);
        INDArray dA = Nd4j.create(first.dataType(), ab[0].shape());
        INDArray dB = ab[1] == null ? null : Nd4j.create(first.dataType(), ab[1].shape());
        for (int i = 0; i < e.outputs.length; i++) {
            INDArray si = e.outputs[i].reshape(rows, -1);
            INDArray d = rowDot(si, dOut);
            dA.get(NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all()).assign(d.reshape(tn, c));
            release(d);
            if (dB != null) {
                INDArray prev = previous(si, step);
                INDArray db = rowDot(prev, dOut);
                dB.get(NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.all()).assign(db.reshape(tn, c));
                release(prev, db);
            }
        }
        SameDiff sd = prepareAttention(true);
        sd.associateArrayWithVariable(u, sd.getVariable(SQUEEZED));
        Map<String, INDArray> ph = new HashMap<>();
        ph.put(GRAD_A, dA);
        if (dB != null) {
            ph.put(GRAD_B, dB);
        }
        List<String> wanted = new ArrayList<>(SpikingMultiscaleAttention.DECODER_PARAMS);
        wanted.add(SQUEEZED);
        Map<String, INDArray> g = new HashMap<>(sd.calculateGradients(ph, wanted));
        INDArray du = g.remove(SQUEEZED).reshape(rows, 1).div(hw);
        for (int i = 0; i < e.outputs.length; i++) {
            INDArray ds = dOut.mulColumnVector(column(ab[0], i)).addiColumnVector(du);
            if (ab[1] != null) {
                INDArray bi = column(ab[1], i);
                INDArray viaNext = dOut.mulColumnVector(bi);            // B_i[t] eps[t], owed to S_i[t-1]
                rows(ds, 0, rows - step).addi(rows(viaNext, step, rows));
                rows(ds, 0, step).addi(rows(viaNext, 0, step));          // t = 0 reads S_i[0] as its own previous
                release(viaNext, bi);
            }
            g.put(SCALE + i, ds.reshape(first.shape()));
        }
        release(ab[0], ab[1], dA, dB, du);
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
