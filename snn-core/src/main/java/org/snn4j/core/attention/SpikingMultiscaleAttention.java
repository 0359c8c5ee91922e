package org.snn4j.core.attention;

import org.snn4j.core.layer.HalveGradient;
import org.snn4j.core.backend.JavaKernels;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.neuron.NeuronImplementation;
import org.snn4j.core.neuron.SameDiffNeuronGraph;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.layer.LayerWiring;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Spiking Multiscale Attention (SMA) with optional Attention ZoneOut (AZO), Shan et al., AAAI 2025;
 * the SMA-AZO code's `SMA` module (see docs/sources.md and docs/attention.md). Input and output: time-folded {@code [T*N, C, H, W]} (the pre-BN output of the
 * preceding conv); the output is real-valued (not spikes) and has the input's shape.
 *
 * <ol>
 *   <li>Encoder: for each scale i, S_i = act(BN_i(Conv_{k_i}(X))), k_i in {@link #getKernels()} (code: 1,3,5,7;
 *   stride 1, padding k/2, bias), act = spiking neuron (code default SpikingJelly LIF: tau 2, v_th 1, hard
 *   reset to 0, detached reset, ATan) or ReLU (ImageNet code).</li>
 *   <li>Squeeze: u[t,b,c] = mean_{h,w} sum_i S_i.</li>
 *   <li>C-MSE: z = ReLU(W_c1 u + b_c1) (C -> floor(C/CR)), a = W_c2 z + b_c2 (-> S*C), softmax over the S scales
 *   per (t,b,c): A^C.</li>
 *   <li>T-MSE: v[b,t] = mean_c u[t,b,c]; y = ReLU(W_t1 v + b_t1) (T -> floor(T/TR)), e = W_t2 y + b_t2
 *   (-> S*T), softmax over scales per (t,b): A^T.</li>
 *   <li>Decoder: Y_i = A^T_i A^C_i S_i; with AZO in training, Y_i -> Ŷ_i ({@link AttentionZoneout});
 *   O = sum_i Y_i.</li>
 * </ol>
 * Parameters: the S convs with bias, the S BN affine pairs and the two excitations; e.g. SMA(C=128, T=16)
 * has 1,399,204 (the released code's count). The BN running statistics are stored as extra,
 * non-trainable parameters ({@link AttentionSameDiffLayer}).
 *
 * <p>Two implementations ({@link Builder#implementation}): FUSED (default, {@link SpikingMultiscaleAttentionLayer})
 * and SAMEDIFF ({@link AttentionLayerImpl}, the oracle); the decoder is one definition ({@link #defineDecoder}).
 *
 * <p>Named graph values for {@link InspectableAttention#inspect}: {@link #ATTENTION_TIME} [T*N, S],
 * {@link #ATTENTION_CHANNEL} [T*N, S, C], {@link #AZO_MASK} [S, T, C] (only with AZO), and per scale i
 * {@code weighted_i} (Y_i) and {@code zoned_i} (Ŷ_i, only with AZO), both [T, N, C, H*W].
 */
public class SpikingMultiscaleAttention extends AttentionSameDiffLayer {
    public static final String ATTENTION_TIME = "sma_attention_time";
    public static final String ATTENTION_CHANNEL = "sma_attention_channel";
    public static final String AZO_MASK = "sma_azo_mask";
    public static final String WEIGHTED = "weighted_";
    public static final String ZONED = "zoned_";
    /** The parameters of the excitation/decoder part ({@link #defineDecoder}); the rest belong to the encoder. */
    public static final List<String> DECODER_PARAMS = Collections.unmodifiableList(Arrays.asList(
            "cmseW1", "cmseb1", "cmseW2", "cmseb2", "tmseW1", "tmseb1", "tmseW2", "tmseb2"));

    private int[] kernels = {1, 3, 5, 7};
    private double channelReduction = 4;
    private double timeReduction = 4;
    private ScaleActivation activation = ScaleActivation.SPIKING;
    private SpikingNeuron neuron;
    private boolean zoneout;
    private double replacementTimeRatio = 4;
    private double replacementChannelRatio = 4;
    private int[][] fixedZoneoutSteps;
    private int[][] fixedZoneoutChannels;
    private NeuronImplementation implementation = NeuronImplementation.FUSED;

    public SpikingMultiscaleAttention() {
    }

    private SpikingMultiscaleAttention(Builder b) {
        super(b);
        this.kernels = b.kernels.clone();
        this.channelReduction = b.channelReduction;
        this.timeReduction = b.timeReduction;
        this.activation = b.activation;
        this.neuron = b.neuron;
        this.zoneout = b.zoneout;
        this.replacementTimeRatio = b.replacementTimeRatio;
        this.replacementChannelRatio = b.replacementChannelRatio;
        this.fixedZoneoutSteps = b.fixedZoneoutSteps;
        this.fixedZoneoutChannels = b.fixedZoneoutChannels;
        this.implementation = b.implementation;
    }

    /** Hidden width of C-MSE, floor(C/CR) (at least 1). */
    public long channelHidden() {
        return Math.max(1, (long) Math.floor(getChannels() / channelReduction));
    }

    /** Hidden width of T-MSE, floor(T/TR) (at least 1); TR=1.5 with T=6 gives 4 as the ImageNet script intends. */
    public long timeHidden() {
        return Math.max(1, (long) Math.floor(getTimesteps() / timeReduction));
    }

    /** n_T = floor(T/RTR): time steps AZO considers per scale. */
    public int weakSteps() {
        return (int) Math.floor(getTimesteps() / replacementTimeRatio);
    }

    /** n_C = floor(C/RCR): channels AZO replaces per scale. */
    public int weakChannels() {
        return (int) Math.floor(getChannels() / replacementChannelRatio);
    }

    @Override
    public List<String> batchNormNames() {
        return names("bn", kernels.length);
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        long c = getChannels();
        long t = getTimesteps();
        int s = kernels.length;
        for (int i = 0; i < s; i++) {
            // SameDiff conv2d layout [kH, kW, C_in, C_out]: its OIYX backward fails validation in M2.1.
            params.addWeightParam("conv" + i + "W", kernels[i], kernels[i], c, c);
            params.addBiasParam("conv" + i + "b", 1, c);
            defineBatchNorm(params, "bn" + i, c);
        }
        params.addWeightParam("cmseW1", c, channelHidden());
        params.addBiasParam("cmseb1", 1, channelHidden());
        params.addWeightParam("cmseW2", channelHidden(), s * c);
        params.addBiasParam("cmseb2", 1, s * c);
        params.addWeightParam("tmseW1", t, timeHidden());
        params.addBiasParam("tmseb1", 1, timeHidden());
        params.addWeightParam("tmseW2", timeHidden(), s * t);
        params.addBiasParam("tmseb2", 1, s * t);
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        long c = getChannels();
        for (int i = 0; i < kernels.length; i++) {
            double fanIn = (double) c * kernels[i] * kernels[i];
            initUniform(params.get("conv" + i + "W"), fanIn);
            initUniform(params.get("conv" + i + "b"), fanIn);
            initBatchNorm(params, "bn" + i);
        }
        initUniform(params.get("cmseW1"), c);
        initUniform(params.get("cmseb1"), c);
        initUniform(params.get("cmseW2"), channelHidden());
        initUniform(params.get("cmseb2"), channelHidden());
        initUniform(params.get("tmseW1"), getTimesteps());
        initUniform(params.get("tmseb1"), getTimesteps());
        initUniform(params.get("tmseW2"), timeHidden());
        initUniform(params.get("tmseb2"), timeHidden());
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        requireShape();
        int s = kernels.length;
        SDVariable[] spikes = new SDVariable[s];
        for (int i = 0; i < s; i++) {
            int k = kernels[i];
            Conv2DConfig conv = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).pH(k / 2).pW(k / 2).dH(1).dW(1)
                    .dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
            SDVariable z = sd.cnn().conv2d(x, p.get("conv" + i + "W"), p.get("conv" + i + "b").reshape(getChannels()),
                    conv);
            SDVariable bn = batchNorm(sd, z, p, "bn" + i);
            spikes[i] = activation == ScaleActivation.RELU ? sd.nn().relu(bn, 0.0)
                    : SameDiffNeuronGraph.unroll(sd, bn, neuronFor(getTimesteps()));
        }
        return HalveGradient.apply(sd, defineDecoder(sd, spikes, p));
    }

    /**
     * Steps 3-4 (C-MSE, T-MSE) on the squeezed scales u = mean over H, W of the summed scale outputs,
     * {@code [T*N, C]}; returns {A^C [T*N, S, C], A^T as [T, N, S], the fusion weights A^T * A^C [T*N, S, C]}.
     * The decoder ({@link #defineDecoder}) is built on it; the fused layer runs it alone when there is no AZO
     * and does the full-size squeeze and weighted sum by hand.
     */
    public SDVariable[] defineAttention(SameDiff sd, SDVariable u, Map<String, SDVariable> p) {
        int t = getTimesteps();
        long c = getChannels();
        int s = kernels.length;

        // C-MSE: excitation per (t, b), softmax over scales.
        SDVariable zc = sd.nn().relu(u.mmul(p.get("cmseW1")).add(p.get("cmseb1")), 0.0);
        SDVariable ac = zc.mmul(p.get("cmseW2")).add(p.get("cmseb2")).reshape(-1, s, c);
        SDVariable attC = sd.nn().softmax(ATTENTION_CHANNEL, ac, 1);                      // [T*N, S, C]

        // T-MSE: excitation per sample over the T axis, softmax over scales.
        SDVariable v = u.mean(1).reshape(t, -1).permute(1, 0);                           // [N, T]
        SDVariable yt = sd.nn().relu(v.mmul(p.get("tmseW1")).add(p.get("tmseb1")), 0.0);
        SDVariable et = yt.mmul(p.get("tmseW2")).add(p.get("tmseb2")).reshape(-1, s, t);  // [N, S, T]
        SDVariable attTbyN = sd.nn().softmax(et, 1).permute(2, 0, 1);                    // [T, N, S]
        SDVariable attT = sd.identity(ATTENTION_TIME, attTbyN.reshape(-1, s));            // [T*N, S]

        // Decoder: weights A^T * A^C per (t, b, scale, c).
        SDVariable weights = attC.mul(attT.reshape(-1, s, 1));                          // [T*N, S, C]
        return new SDVariable[]{attC, attTbyN, weights};
    }

    /** AZO's selection M [S, T, C] (fixed, or chosen from the attention), named {@link #AZO_MASK}. */
    private SDVariable zoneMask(SameDiff sd, SDVariable attC, SDVariable attTbyN, DataType type) {
        int t = getTimesteps();
        long c = getChannels();
        int s = kernels.length;
        return sd.identity(AZO_MASK, fixedZoneoutSteps != null
                ? sd.constant(AttentionZoneout.fixedMask(fixedZoneoutSteps, fixedZoneoutChannels, s, t, c, type))
                : AttentionZoneout.selectionMask(sd, attTbyN, attC.reshape(t, -1, s, c), s, t, c,
                weakSteps(), weakChannels()));
    }

    /**
     * The decoder as per-(t, b, scale, c) coefficients on the scale outputs: O[t] = sum_i A_i[t] * S_i[t] +
     * B_i[t] * S_i[t-1] (S_i[-1] read as S_i[0]), both {@code [T*N, S, C]}. Without AZO A is the fusion weights and
     * B is null; with AZO (m = gate * M) A = (1 - m) * w[t] and B = m * w[t-1], which is
     * {@link AttentionZoneout#apply} on Y_i = w_i * S_i written out. The fused layer runs this small graph and
     * does the full-size products by hand; {@link #defineDecoder} is the same function on the full tensors.
     */
    public SDVariable[] defineFusionCoefficients(SameDiff sd, SDVariable u, Map<String, SDVariable> p) {
        int t = getTimesteps();
        long c = getChannels();
        int s = kernels.length;
        SDVariable[] att = defineAttention(sd, u, p);
        if (!(zoneout && t > 1)) {
            return new SDVariable[]{att[2], null};
        }
        SDVariable gate = trainingFlag(sd, u.dataType());
        SDVariable m = zoneMask(sd, att[0], att[1], u.dataType()).permute(1, 0, 2).reshape(t, 1, s, c).mul(gate);
        SDVariable w = att[2].reshape(t, -1, s, c);                                          // [T, N, S, C]
        SDVariable previous = sd.concat(0, w.get(SDIndex.interval(0, 1)), w.get(SDIndex.interval(0, t - 1)));
        return new SDVariable[]{w.mul(m.rsub(1.0)).reshape(-1, s, c), previous.mul(m).reshape(-1, s, c)};
    }

    /**
     * Steps 2-6 (squeeze, C-MSE, T-MSE, attention-weighted fusion, AZO) on the scale outputs S_i, each
     * {@code [T*N, C, H, W]}; returns O with the same shape. Uses only {@link #DECODER_PARAMS}. Both
     * implementations run this one definition: the SameDiff layer inside its whole graph, the fused layer
     * as a small graph of its own behind the hand-written encoder.
     */
    public SDVariable defineDecoder(SameDiff sd, SDVariable[] spikes, Map<String, SDVariable> p) {
        requireShape();
        int t = getTimesteps();
        long c = getChannels();
        long hw = getHeight() * getWidth();
        int s = kernels.length;
        DataType type = spikes[0].dataType();
        SDVariable sum = spikes[0];
        for (int i = 1; i < s; i++) {
            sum = sum.add(spikes[i]);
        }
        SDVariable u = sum.mean(2, 3);                                                   // [T*N, C]
        SDVariable[] att = defineAttention(sd, u, p);
        SDVariable attC = att[0];
        SDVariable attTbyN = att[1];
        SDVariable weights = att[2];
        SDVariable zoneMask = null;
        SDVariable gate = null;
        if (zoneout && t > 1) {
            gate = trainingFlag(sd, type);
            zoneMask = zoneMask(sd, attC, attTbyN, type);
        }
        SDVariable out = null;
        for (int i = 0; i < s; i++) {
            SDVariable w = weights.get(SDIndex.all(), SDIndex.point(i), SDIndex.all()).reshape(-1, c, 1, 1);
            SDVariable y = sd.identity(WEIGHTED + i, spikes[i].mul(w).reshape(t, -1, c, hw));
            if (zoneMask != null) {
                SDVariable m = zoneMask.get(SDIndex.point(i), SDIndex.all(), SDIndex.all());
                y = sd.identity(ZONED + i, AttentionZoneout.apply(sd, y, m, gate, t, c));
            }
            out = out == null ? y : out.add(y);
        }
        return out.reshape(-1, c, getHeight(), getWidth());
    }

    /**
     * The implementation for {@link NeuronImplementation#FUSED} (default): {@link SpikingMultiscaleAttentionLayer},
     * a hand-written encoder in front of {@link #defineDecoder}; for {@link NeuronImplementation#SAMEDIFF}: the
     * whole layer as one SameDiff graph ({@link AttentionLayerImpl}), the test oracle. Both use the same
     * parameter layout, so weights move between them unchanged.
     */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        if (implementation == NeuronImplementation.SAMEDIFF || !fusedKernelsUsable()
                || (activation == ScaleActivation.SPIKING && !scaleNeuron().linearCharge())) {
            return super.instantiate(conf, listeners, index, paramsView, initializeParams, dataType);
        }
        return LayerWiring.wire(new SpikingMultiscaleAttentionLayer(conf, dataType), conf, listeners, index, paramsView,
                initializer().init(conf, paramsView, initializeParams));
    }

    /** Whether the fused SMA can run on the loaded ND4J backend ({@link JavaKernels}); else SameDiff is used. */
    protected boolean fusedKernelsUsable() {
        return JavaKernels.useFused("SpikingMultiscaleAttention");
    }

    /** The spiking neuron of the scales, checked against the layer's T. */
    SpikingNeuron scaleNeuron() {
        return neuronFor(getTimesteps());
    }

    private SpikingNeuron neuronFor(int t) {
        SpikingNeuron n = neuron != null ? neuron : defaultNeuron(t);
        if (n.getTimesteps() != t) {
            throw new IllegalStateException("SMA neuron has timesteps " + n.getTimesteps() + ", layer has " + t);
        }
        return n;
    }

    /** SpikingJelly LIFNode as in the SMA-VGG code: tau 2, v_th 1, hard reset to 0, detach_reset, ATan(2). */
    public static LIFNeuron defaultNeuron(int t) {
        return new LIFNeuron.Builder().timesteps(t).tau(2.0).vThreshold(1.0).vReset(0.0).detachReset(true).build();
    }

    public int[] getKernels() {
        return kernels;
    }

    public void setKernels(int[] kernels) {
        this.kernels = kernels;
    }

    public double getChannelReduction() {
        return channelReduction;
    }

    public void setChannelReduction(double channelReduction) {
        this.channelReduction = channelReduction;
    }

    public double getTimeReduction() {
        return timeReduction;
    }

    public void setTimeReduction(double timeReduction) {
        this.timeReduction = timeReduction;
    }

    public ScaleActivation getActivation() {
        return activation;
    }

    public void setActivation(ScaleActivation activation) {
        this.activation = activation;
    }

    public SpikingNeuron getNeuron() {
        return neuron;
    }

    /** A copy that shares no mutable state with this configuration (its neuron included). */
    @Override
    public SpikingMultiscaleAttention clone() {
        SpikingMultiscaleAttention c = (SpikingMultiscaleAttention) super.clone();
        c.neuron = neuron == null ? null : neuron.clone();
        return c;
    }

    public void setNeuron(SpikingNeuron neuron) {
        this.neuron = neuron;
    }

    public boolean isZoneout() {
        return zoneout;
    }

    public void setZoneout(boolean zoneout) {
        this.zoneout = zoneout;
    }

    public double getReplacementTimeRatio() {
        return replacementTimeRatio;
    }

    public void setReplacementTimeRatio(double replacementTimeRatio) {
        this.replacementTimeRatio = replacementTimeRatio;
    }

    public double getReplacementChannelRatio() {
        return replacementChannelRatio;
    }

    public void setReplacementChannelRatio(double replacementChannelRatio) {
        this.replacementChannelRatio = replacementChannelRatio;
    }

    public int[][] getFixedZoneoutSteps() {
        return fixedZoneoutSteps;
    }

    public void setFixedZoneoutSteps(int[][] fixedZoneoutSteps) {
        this.fixedZoneoutSteps = fixedZoneoutSteps;
    }

    public int[][] getFixedZoneoutChannels() {
        return fixedZoneoutChannels;
    }

    public void setFixedZoneoutChannels(int[][] fixedZoneoutChannels) {
        this.fixedZoneoutChannels = fixedZoneoutChannels;
    }

    public NeuronImplementation getImplementation() {
        return implementation;
    }

    public void setImplementation(NeuronImplementation implementation) {
        this.implementation = implementation;
    }

    @Override
    public boolean equals(Object o) {
        if (!super.equals(o)) {
            return false;
        }
        SpikingMultiscaleAttention a = (SpikingMultiscaleAttention) o;
        return Arrays.equals(kernels, a.kernels) && channelReduction == a.channelReduction
                && timeReduction == a.timeReduction && activation == a.activation && Objects.equals(neuron, a.neuron)
                && zoneout == a.zoneout && replacementTimeRatio == a.replacementTimeRatio
                && replacementChannelRatio == a.replacementChannelRatio
                && Arrays.deepEquals(fixedZoneoutSteps, a.fixedZoneoutSteps)
                && Arrays.deepEquals(fixedZoneoutChannels, a.fixedZoneoutChannels)
                && implementation == a.implementation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), Arrays.hashCode(kernels), channelReduction, timeReduction, activation,
                zoneout, replacementTimeRatio, replacementChannelRatio, implementation);
    }

    /** Builder; defaults follow the released SMA-VGG code (kernels 1/3/5/7, CR=TR=4, LIF, AZO off). */
    public static class Builder extends AttentionSameDiffLayer.Builder<Builder> {
        private int[] kernels = {1, 3, 5, 7};
        private double channelReduction = 4;
        private double timeReduction = 4;
        private ScaleActivation activation = ScaleActivation.SPIKING;
        private SpikingNeuron neuron;
        private boolean zoneout;
        private double replacementTimeRatio = 4;
        private double replacementChannelRatio = 4;
        private int[][] fixedZoneoutSteps;
        private int[][] fixedZoneoutChannels;
        private NeuronImplementation implementation = NeuronImplementation.FUSED;

        /**
         * FUSED (default): hand-written encoder (oneDNN conv, BN, fused neuron kernel) with the SameDiff
         * decoder; SAMEDIFF: the whole layer in SameDiff (slow with spiking scales: the LIF loop is unrolled),
         * kept as the test oracle. Same parameters and results either way.
         */
        public Builder implementation(NeuronImplementation impl) {
            this.implementation = Objects.requireNonNull(impl, "implementation");
            return this;
        }

        /** Kernel size per scale (odd, >= 1); code: 1, 3, 5, 7. */
        public Builder kernels(int... k) {
            for (int v : k) {
                if (v < 1 || v % 2 == 0) {
                    throw new IllegalArgumentException("SMA kernel sizes must be odd and >= 1, got " + v);
                }
            }
            if (k.length < 2) {
                throw new IllegalArgumentException("SMA needs at least two scales, got " + k.length);
            }
            this.kernels = k.clone();
            return this;
        }

        /** CR: C-MSE hidden width floor(C/CR). Code and APP Fig.1a: 4. */
        public Builder channelReduction(double cr) {
            this.channelReduction = positive(cr, "channelReduction");
            return this;
        }

        /** TR: T-MSE hidden width floor(T/TR). Code (VGG) and APP Fig.1b: 4; ImageNet script 1.5. */
        public Builder timeReduction(double tr) {
            this.timeReduction = positive(tr, "timeReduction");
            return this;
        }

        public Builder activation(ScaleActivation a) {
            this.activation = a;
            return this;
        }

        /** The spiking neuron of every scale (its timesteps must equal the layer's); default {@link #defaultNeuron}. */
        public Builder neuron(SpikingNeuron n) {
            this.neuron = n;
            return this;
        }

        /** Enables AZO (training only) with RTR and RCR: n_T = floor(T/RTR), n_C = floor(C/RCR). */
        public Builder zoneout(double rtr, double rcr) {
            this.zoneout = true;
            this.replacementTimeRatio = positive(rtr, "RTR");
            this.replacementChannelRatio = positive(rcr, "RCR");
            return this;
        }

        /**
         * AZO with a fixed selection instead of the attention-driven top-k (per scale: time steps and channels);
         * for gradient checks and ablations.
         */
        public Builder fixedZoneout(int[][] steps, int[][] channels) {
            this.zoneout = true;
            this.fixedZoneoutSteps = steps;
            this.fixedZoneoutChannels = channels;
            return this;
        }

        private static double positive(double v, String what) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("SMA " + what + " must be > 0, got " + v);
            }
            return v;
        }

        @Override
        @SuppressWarnings("unchecked")
        public SpikingMultiscaleAttention build() {
            checkTimesteps("SpikingMultiscaleAttention");
            if (neuron != null && neuron.getTimesteps() != timesteps) {
                throw new IllegalArgumentException("SMA neuron timesteps " + neuron.getTimesteps()
                        + " != layer timesteps " + timesteps);
            }
            if (activation == ScaleActivation.SPIKING && neuron == null) {
                neuron = defaultNeuron(timesteps);
            }
            return new SpikingMultiscaleAttention(this);
        }
    }
}
