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
import org.nd4j.linalg.ops.transforms.Transforms;
import org.snn4j.core.neuron.FusedNeuronPass;
import org.snn4j.core.neuron.LinearNeuronKernel;
import org.snn4j.core.time.TimeFolding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
 *   <li>BN: batch statistics (biased variance) in training, running statistics at inference, PyTorch's
 *   running update; backward is the standard batch-statistics BN gradient (the SameDiff graph also always
 *   differentiates in training mode);</li>
 *   <li>the scale neuron through the fused kernels ({@link FusedNeuronPass}: the float Vector-API kernel, or
 *   the double kernel for double precision and smooth surrogates), or ReLU.</li>
 * </ul>
 * Why: SameDiff unrolls the LIF over T into ~12 full-size ops per step, all kept for autodiff (67 s and
 * 6 GB for one forward+backward at N=1, docs/performance.md). The decoder works on [T*N, C] attention
 * tensors and a few full-size products, where SameDiff is fine, and sharing its one definition keeps AZO
 * (selection, fixed selection, training only) identical by construction.
 *
 * <p>A training forward keeps, per scale, the normalised conv output and the scale output for backward
 * (released after backward); backward recomputes them when it gets a different input.
 */
public class SpikingMultiscaleAttentionLayer extends SameDiffLayer implements InspectableAttention {
    private static final String SCALE = "scale";
    private static final String EPSILON = "epsilon";
    private static final String OUTPUT = "sma_output";

    private transient SameDiff decoder;
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
        final INDArray[] normalized;   // (z - mean) / sqrt(var + eps), z the conv output
        final INDArray[] invStd;       // [C]
        final INDArray[] outputs;      // S_i
        final INDArray[] batchMean;    // [C], training only
        final INDArray[] batchVar;     // [C], biased, training only

        Encoded(int scales) {
            normalized = new INDArray[scales];
            invStd = new INDArray[scales];
            outputs = new INDArray[scales];
            batchMean = new INDArray[scales];
            batchVar = new INDArray[scales];
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
            out = runDecoder(e, training, OUTPUT).get(OUTPUT);
            if (training) {
                for (int i = 0; i < e.outputs.length; i++) {
                    sma().updateRunningStatistics(paramTable, "bn" + i, e.batchMean[i], e.batchVar[i], input.size(0));
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

            SameDiff sd = prepareDecoder(true);
            Map<String, INDArray> ph = bindScales(sd, e);
            ph.put(EPSILON, FusedNeuronPass.contiguous(epsilon.castTo(x.dataType())));
            List<String> wanted = new ArrayList<>(SpikingMultiscaleAttention.DECODER_PARAMS);
            for (int i = 0; i < kernels.length; i++) {
                wanted.add(SCALE + i);
            }
            Map<String, INDArray> g = sd.calculateGradients(ph, wanted);
            for (String p : SpikingMultiscaleAttention.DECODER_PARAMS) {
                gradTable.get(p).assign(g.get(p).reshape(gradTable.get(p).shape()));
            }
            dx = Nd4j.zeros(x.dataType(), x.shape());
            for (int i = 0; i < kernels.length; i++) {
                INDArray dz = encoderBackward(i, e, g.get(SCALE + i));
                INDArray[] grads = conv(x, i, dz);
                dx.addi(grads[0]);
                release(dz, grads[0], e.normalized[i]);
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
     * dL/dz of scale i from dL/dS_i: back through the neuron (or ReLU) and BN with batch statistics; also
     * writes the BN affine gradients. dz = gamma/sigma * (db - mean(db) - xhat * mean(db * xhat)).
     */
    private INDArray encoderBackward(int i, Encoded e, INDArray dOut) {
        SpikingMultiscaleAttention cfg = sma();
        INDArray xhat = e.normalized[i];
        INDArray gamma = paramTable.get("bn" + i + "Gamma").reshape(cfg.getChannels());
        INDArray bnOut = affine(i, xhat);
        INDArray db;
        if (cfg.getActivation() == ScaleActivation.RELU) {
            INDArray mask = bnOut.gt(0.0);
            INDArray m = mask.castTo(dOut.dataType());
            db = dOut.mul(m);
            release(mask, m);
        } else {
            db = Nd4j.createUninitialized(bnOut.dataType(), bnOut.shape(), 'c');
            FusedNeuronPass.backward(neuronKernel(), bnOut, dOut, db, cfg.getTimesteps(), false);
        }
        release(bnOut);
        double n = (double) xhat.length() / cfg.getChannels();
        INDArray dBeta = channelSum(db);
        INDArray product = db.mul(xhat);
        INDArray dGamma = channelSum(product);
        gradTable.get("bn" + i + "Beta").assign(dBeta.reshape(1, cfg.getChannels()));
        gradTable.get("bn" + i + "Gamma").assign(dGamma.reshape(1, cfg.getChannels()));
        perChannel(db, dBeta.div(n), Op.SUB, db);
        db.subi(perChannel(xhat, dGamma.div(n), Op.MUL, product));
        release(product);
        return perChannel(db, gamma.mul(e.invStd[i]), Op.MUL, db);
    }

    /** Conv, BN (batch or running statistics) and activation of every scale. */
    private Encoded encode(INDArray x, boolean training) {
        SpikingMultiscaleAttention cfg = sma();
        int scales = cfg.getKernels().length;
        long c = cfg.getChannels();
        Encoded e = new Encoded(scales);
        for (int i = 0; i < scales; i++) {
            INDArray z = conv(x, i, null)[0];
            INDArray mean;
            INDArray var;
            if (training) {
                double n = (double) z.length() / c;
                mean = channelSum(z).divi(n);
                INDArray centered = perChannel(z, mean, Op.SUB, Nd4j.createUninitialized(z.dataType(), z.shape(), 'c'));
                var = channelSum(centered.muli(centered)).divi(n);
                release(centered);
                e.batchMean[i] = mean;
                e.batchVar[i] = var;
            } else {
                mean = paramTable.get("bn" + i + "Mean").reshape(c).castTo(z.dataType());
                var = paramTable.get("bn" + i + "Var").reshape(c).castTo(z.dataType());
            }
            INDArray invStd = Transforms.sqrt(var.add(cfg.getBnEps()), false).rdivi(1.0);
            perChannel(z, mean, Op.SUB, z);
            perChannel(z, invStd, Op.MUL, z);
            e.normalized[i] = z;
            e.invStd[i] = invStd;
            INDArray bnOut = affine(i, z);
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

    /** gamma * xhat + beta of scale i, a new array. */
    private INDArray affine(int i, INDArray xhat) {
        long c = sma().getChannels();
        INDArray out = Nd4j.createUninitialized(xhat.dataType(), xhat.shape(), 'c');
        perChannel(xhat, paramTable.get("bn" + i + "Gamma").reshape(c), Op.MUL, out);
        return perChannel(out, paramTable.get("bn" + i + "Beta").reshape(c), Op.ADD, out);
    }

    private enum Op { ADD, SUB, MUL }

    /**
     * {@code out = a (op) v[c]} per channel of a plain [M, C, H, W] array ({@code out} may be {@code a}). Done on
     * the [M*C, H*W] view with a column vector: ND4J's broadcast along dimension 1 of the 4-d array walks
     * C-long strided slices and was the larger part of the BN time.
     */
    private static INDArray perChannel(INDArray a, INDArray v, Op op, INDArray out) {
        long m = a.size(0);
        long c = a.size(1);
        INDArray rows = a.reshape('c', m * c, a.length() / (m * c));
        INDArray target = out.reshape('c', m * c, a.length() / (m * c));
        INDArray column = v.reshape(1, c).repeat(0, m).reshape('c', m * c, 1).castTo(a.dataType());
        if (out != a) {
            target.assign(rows);                 // plain 'c' arrays: the reshapes are views
        }
        switch (op) {
            case ADD:
                target.addiColumnVector(column);
                break;
            case SUB:
                target.subiColumnVector(column);
                break;
            default:
                target.muliColumnVector(column);
        }
        return out;
    }

    /** Sum per channel of a plain [M, C, H, W] array: rows of the [M*C, H*W] view first (contiguous), then M. */
    private static INDArray channelSum(INDArray a) {
        long m = a.size(0);
        long c = a.size(1);
        return a.reshape('c', m * c, a.length() / (m * c)).sum(1).reshape(m, c).sum(0);
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
