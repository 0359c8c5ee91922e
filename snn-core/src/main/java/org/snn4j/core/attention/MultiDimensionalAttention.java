package org.snn4j.core.attention;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.snn4j.core.backend.JavaKernels;
import org.snn4j.core.layer.HalveGradient;
import org.snn4j.core.layer.LayerWiring;
import org.snn4j.core.neuron.NeuronImplementation;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.neuron.SameDiffNeuronGraph;
import org.snn4j.core.neuron.SpikingNeuron;

import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Multi-dimensional attention of MA-SNN (Yao et al., TPAMI 2023; spec ma-snn.md §2) and TA-SNN's temporal
 * attention (Yao et al., ICCV 2021), on the time-folded layout {@code [T*N, C, H, W]}.
 *
 * <p>Attention x_Att = g(x) ⊙ x with CBAM-style shared MLPs (no bias; hidden width floor(d/r)) on the average-
 * and the max-pooled descriptor, summed and squashed by a sigmoid:
 * <ul>
 *   <li>T (Eq. 8-9): pool over (C,H,W) per step, MLP T -> T/r_t -> T, one weight per (sample, step);</li>
 *   <li>C (Eq. 10-11): pool over (H,W) per step (paper) or over (T,H,W) (code), MLP C -> C/r_c -> C;</li>
 *   <li>S (Eq. 12-13): mean and max over C per step (paper) or over T*C (code), k x k conv 2 -> 1 without
 *   bias, 'same' padding.</li>
 * </ul>
 * {@link #getDimensions()} lists the attentions in the order they are applied in series (e.g. "TCS" for
 * TCSA, "CS" for CSA, "T" for TA). Defaults reproduce the released code: placement on the input current,
 * joint pooling, r_t = 2, r_c = 8, SA kernel 3, trailing ReLU; the paper's settings are r_c = 16, kernel 7,
 * per-step pooling, no ReLU, placement on the membrane potential ({@link #paperDefaults}).
 *
 * <p>With a {@link #getNeuron() neuron} the layer returns its spikes (the attention + LIF part of the code's
 * {@code ConvAttLIF}); without one (input-current placement only) it returns the attended current, e.g. for
 * Att-Res-SNN's residual CSA or to feed the fused {@code SpikingNeuronLayer}. With dimensions "T" alone the
 * layer also accepts feed-forward input {@code [T*N, F]} (the code's TA on FC layers, pooling over F).
 * TA-SNN's inference-time
 * attention pruning (IAP, Eq. 6) is {@link #getInferenceThreshold()}: at inference the temporal weights
 * become d = 1[g >= d_th].
 *
 * <p>Two implementations ({@link Builder#implementation}): FUSED (default, {@link MultiDimensionalAttentionLayer},
 * hand-written, for attention on the input current) and SAMEDIFF ({@link AttentionLayerImpl}, the reference and
 * the form of the membrane placement).
 *
 * <p>Named values for {@link InspectableAttention#inspect}: {@link #ATTENTION_TIME} [N, T],
 * {@link #ATTENTION_CHANNEL} and {@link #ATTENTION_SPATIAL} (input-current placement; with per-step pooling
 * one row per (t, n)), and in the membrane placement {@code ATTENTION_CHANNEL + "_t" + t} per step.
 */
public class MultiDimensionalAttention extends AttentionSameDiffLayer {
    public static final String ATTENTION_TIME = "ma_attention_time";
    public static final String ATTENTION_CHANNEL = "ma_attention_channel";
    public static final String ATTENTION_SPATIAL = "ma_attention_spatial";

    private String dimensions = "TCS";
    private AttentionPlacement placement = AttentionPlacement.INPUT_CURRENT;
    private AttentionPooling pooling = AttentionPooling.JOINT;
    private TemporalSqueeze temporalSqueeze = TemporalSqueeze.AVG_MAX;
    private double temporalReduction = 2;
    private double channelReduction = 8;
    private int spatialKernel = 3;
    private boolean trailingRelu = true;
    private Double inferenceThreshold;
    private SpikingNeuron neuron;
    private NeuronImplementation implementation = NeuronImplementation.FUSED;

    public MultiDimensionalAttention() {
    }

    private MultiDimensionalAttention(Builder b) {
        super(b);
        this.dimensions = b.dimensions;
        this.placement = b.placement;
        this.pooling = b.pooling;
        this.temporalSqueeze = b.temporalSqueeze;
        this.temporalReduction = b.temporalReduction;
        this.channelReduction = b.channelReduction;
        this.spatialKernel = b.spatialKernel;
        this.trailingRelu = b.trailingRelu;
        this.inferenceThreshold = b.inferenceThreshold;
        this.neuron = b.neuron;
        this.implementation = b.implementation;
    }

    /**
     * FUSED (default): {@link MultiDimensionalAttentionLayer}, hand-written forward and backward; SAMEDIFF, and
     * wherever the fused form does not apply (attention on the membrane potential inside the neuron loop, a
     * neuron with parameters or a non-linear charge, a backend without host memory): the SameDiff graph
     * ({@link AttentionLayerImpl}), the test oracle. Both use the same parameters.
     */
    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        if (!fusedApplies() || !JavaKernels.useFused("MultiDimensionalAttention")) {
            return super.instantiate(conf, listeners, index, paramsView, initializeParams, dataType);
        }
        return LayerWiring.wire(new MultiDimensionalAttentionLayer(conf, dataType), conf, listeners, index, paramsView,
                initializer().init(conf, paramsView, initializeParams));
    }

    /** Whether this configuration runs as {@link MultiDimensionalAttentionLayer}. */
    public boolean fusedApplies() {
        return implementation == NeuronImplementation.FUSED && placement == AttentionPlacement.INPUT_CURRENT
                && (neuron == null || neuron.linearCharge() && neuron.parameterShapes().isEmpty());
    }

    /** The MA-SNN paper neuron (Eq. 4-5 with beta = u_th = 0.3, V_reset = 0): U = H + X, H = 0.3 U (1 - S). */
    public static LIFNeuron paperNeuron(int t) {
        return new LIFNeuron.Builder().timesteps(t).tau(1.0 / (1.0 - 0.3)).decayInput(false).vThreshold(0.3)
                .vReset(0.0).detachReset(false).build();
    }

    /** Temporal attention alone also runs on FC layers {@code [T*N, F]}, as the code's {@code fc=True} TA. */
    @Override
    protected boolean acceptsFeedForward() {
        return dimensions.equals("T");
    }

    private boolean has(char d) {
        return dimensions.indexOf(d) >= 0;
    }

    public long temporalHidden() {
        return Math.max(1, (long) Math.floor(getTimesteps() / temporalReduction));
    }

    public long channelHidden() {
        return Math.max(1, (long) Math.floor(getChannels() / channelReduction));
    }

    @Override
    public List<String> batchNormNames() {
        return Collections.emptyList();
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        long t = getTimesteps();
        long c = getChannels();
        if (has('T')) {
            params.addWeightParam("taW0", t, temporalHidden());
            params.addWeightParam("taW1", temporalHidden(), t);
            if (temporalSqueeze == TemporalSqueeze.AVG_WITH_BIAS) {
                params.addBiasParam("taB0", 1, temporalHidden());
                params.addBiasParam("taB1", 1, t);
            }
        }
        if (has('C')) {
            params.addWeightParam("caW0", c, channelHidden());
            params.addWeightParam("caW1", channelHidden(), c);
        }
        if (has('S')) {
            params.addWeightParam("saW", spatialKernel, spatialKernel, 2, 1);   // SameDiff conv layout [kH,kW,in,out]
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            String k = e.getKey();
            double fanIn = k.equals("saW") ? 2.0 * spatialKernel * spatialKernel
                    : k.endsWith("W0") ? (k.startsWith("ta") ? getTimesteps() : getChannels())
                    : k.endsWith("W1") || k.endsWith("B1") ? (k.startsWith("ta") ? temporalHidden() : channelHidden())
                    : getTimesteps();
            initUniform(e.getValue(), fanIn);
        }
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable x, Map<String, SDVariable> p, SDVariable mask) {
        requireShape();
        SDVariable y = x;
        if (placement == AttentionPlacement.INPUT_CURRENT) {
            for (char d : dimensions.toCharArray()) {
                y = attend(sd, d, y, p, pooling, "");
            }
            if (trailingRelu) {
                y = sd.nn().relu(y, 0.0);
            }
            if (neuron != null) {
                y = SameDiffNeuronGraph.unroll(sd, y, neuron);
            }
        } else {
            if (has('T')) {
                y = attend(sd, 'T', y, p, pooling, "");
            }
            String perStep = dimensions.replace("T", "");
            y = SameDiffNeuronGraph.unroll(sd, y, neuron, java.util.Collections.emptyMap(), (h, t) -> {
                SDVariable u = sd.reshape(h, -1, getChannels(), getHeight(), getWidth());
                for (char d : perStep.toCharArray()) {
                    u = attend(sd, d, u, p, AttentionPooling.PER_STEP, "_t" + t);
                }
                return sd.reshape(u, -1);
            });
        }
        return HalveGradient.apply(sd, sd.reshape(y, sd.shape(x)));
    }

    private SDVariable attend(SameDiff sd, char d, SDVariable x, Map<String, SDVariable> p, AttentionPooling pool,
                              String suffix) {
        SDVariable y;
        switch (d) {
            case 'T':
                y = temporal(sd, x, p);
                break;
            case 'C':
                y = channel(sd, x, p, pool, suffix);
                break;
            default:
                y = spatial(sd, x, p, pool, suffix);
        }
        return sd.reshape(y, sd.shape(x));
    }

    /** TA: one weight per (sample, step) from the (C,H,W) descriptor of every step. */
    private SDVariable temporal(SameDiff sd, SDVariable x, Map<String, SDVariable> p) {
        int t = getTimesteps();
        SDVariable steps = sd.reshape(x, t, -1, getChannels() * getHeight() * getWidth());     // [T, N, CHW]
        SDVariable avg = steps.mean(2).permute(1, 0);                                         // [N, T]
        SDVariable logits;
        if (temporalSqueeze == TemporalSqueeze.AVG_WITH_BIAS) {
            SDVariable hidden = sd.nn().relu(avg.mmul(p.get("taW0")).add(p.get("taB0")), 0.0);
            logits = hidden.mmul(p.get("taW1")).add(p.get("taB1"));
        } else {
            logits = sharedMlp(sd, avg, p.get("taW0"), p.get("taW1"))
                    .add(sharedMlp(sd, steps.max(2).permute(1, 0), p.get("taW0"), p.get("taW1")));
        }
        SDVariable g = sd.nn().sigmoid(logits);
        if (inferenceThreshold != null) {
            // IAP: hard 0/1 weights at inference (the gate is 1 in training, 0 at inference).
            SDVariable gate = trainingFlag(sd, x.dataType());
            SDVariable hard = g.gte(inferenceThreshold).castTo(x.dataType());
            g = g.mul(gate).add(hard.mul(gate.rsub(1.0)));
        }
        g = sd.identity(ATTENTION_TIME, g);
        return steps.mul(g.permute(1, 0).reshape(t, -1, 1));
    }

    /** CA: one weight per (sample, channel) [joint] or per (step, sample, channel) [per step]. */
    private SDVariable channel(SameDiff sd, SDVariable x, Map<String, SDVariable> p, AttentionPooling pool,
                               String suffix) {
        long c = getChannels();
        long hw = getHeight() * getWidth();
        SDVariable w0 = p.get("caW0");
        SDVariable w1 = p.get("caW1");
        if (pool == AttentionPooling.JOINT) {
            SDVariable r = sd.reshape(x, getTimesteps(), -1, c, hw);                          // [T, N, C, HW]
            SDVariable g = sd.nn().sigmoid(sharedMlp(sd, r.mean(0, 3), w0, w1).add(sharedMlp(sd, r.max(0, 3), w0, w1)));
            g = sd.identity(ATTENTION_CHANNEL + suffix, g);                                 // [N, C]
            return r.mul(g.reshape(1, -1, c, 1));
        }
        SDVariable r = sd.reshape(x, -1, c, hw);                                            // [M, C, HW]
        SDVariable g = sd.nn().sigmoid(sharedMlp(sd, r.mean(2), w0, w1).add(sharedMlp(sd, r.max(2), w0, w1)));
        g = sd.identity(ATTENTION_CHANNEL + suffix, g);                                     // [M, C]
        return r.mul(g.reshape(-1, c, 1));
    }

    /** SA: one H x W map per sample [joint] or per (step, sample) [per step]. */
    private SDVariable spatial(SameDiff sd, SDVariable x, Map<String, SDVariable> p, AttentionPooling pool,
                               String suffix) {
        long c = getChannels();
        long h = getHeight();
        long w = getWidth();
        int k = spatialKernel;
        Conv2DConfig conv = Conv2DConfig.builder().kH(k).kW(k).sH(1).sW(1).pH(k / 2).pW(k / 2).dH(1).dW(1)
                .dataFormat("NCHW").weightsFormat(WeightsFormat.YXIO).build();
        if (pool == AttentionPooling.JOINT) {
            SDVariable r = sd.reshape(x, getTimesteps(), -1, c, h, w);                        // [T, N, C, H, W]
            SDVariable stacked = sd.stack(1, r.mean(0, 2), r.max(0, 2));                     // [N, 2, H, W]
            SDVariable g = sd.nn().sigmoid(sd.cnn().conv2d(stacked, p.get("saW"), conv));     // [N, 1, H, W]
            g = sd.identity(ATTENTION_SPATIAL + suffix, g);
            return r.mul(g.reshape(1, -1, 1, h, w));
        }
        SDVariable r = sd.reshape(x, -1, c, h, w);
        SDVariable stacked = sd.stack(1, r.mean(1), r.max(1));                                 // [M, 2, H, W]
        SDVariable g = sd.identity(ATTENTION_SPATIAL + suffix, sd.nn().sigmoid(sd.cnn().conv2d(stacked, p.get("saW"), conv)));
        return r.mul(g);
    }

    /** W1 ReLU(W0 v), row-vector convention: relu(v W0) W1. */
    private static SDVariable sharedMlp(SameDiff sd, SDVariable v, SDVariable w0, SDVariable w1) {
        return sd.nn().relu(v.mmul(w0), 0.0).mmul(w1);
    }

    public String getDimensions() {
        return dimensions;
    }

    public void setDimensions(String dimensions) {
        this.dimensions = dimensions;
    }

    public AttentionPlacement getPlacement() {
        return placement;
    }

    public void setPlacement(AttentionPlacement placement) {
        this.placement = placement;
    }

    public AttentionPooling getPooling() {
        return pooling;
    }

    public void setPooling(AttentionPooling pooling) {
        this.pooling = pooling;
    }

    public TemporalSqueeze getTemporalSqueeze() {
        return temporalSqueeze;
    }

    public void setTemporalSqueeze(TemporalSqueeze temporalSqueeze) {
        this.temporalSqueeze = temporalSqueeze;
    }

    public double getTemporalReduction() {
        return temporalReduction;
    }

    public void setTemporalReduction(double temporalReduction) {
        this.temporalReduction = temporalReduction;
    }

    public double getChannelReduction() {
        return channelReduction;
    }

    public void setChannelReduction(double channelReduction) {
        this.channelReduction = channelReduction;
    }

    public int getSpatialKernel() {
        return spatialKernel;
    }

    public void setSpatialKernel(int spatialKernel) {
        this.spatialKernel = spatialKernel;
    }

    public boolean isTrailingRelu() {
        return trailingRelu;
    }

    public void setTrailingRelu(boolean trailingRelu) {
        this.trailingRelu = trailingRelu;
    }

    public Double getInferenceThreshold() {
        return inferenceThreshold;
    }

    public void setInferenceThreshold(Double inferenceThreshold) {
        this.inferenceThreshold = inferenceThreshold;
    }

    public SpikingNeuron getNeuron() {
        return neuron;
    }

    /** A copy that shares no mutable state with this configuration (its neuron included). */
    @Override
    public MultiDimensionalAttention clone() {
        MultiDimensionalAttention c = (MultiDimensionalAttention) super.clone();
        c.neuron = neuron == null ? null : neuron.clone();
        return c;
    }

    public void setNeuron(SpikingNeuron neuron) {
        this.neuron = neuron;
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
        MultiDimensionalAttention a = (MultiDimensionalAttention) o;
        return dimensions.equals(a.dimensions) && placement == a.placement && pooling == a.pooling
                && temporalSqueeze == a.temporalSqueeze && temporalReduction == a.temporalReduction
                && channelReduction == a.channelReduction && spatialKernel == a.spatialKernel
                && trailingRelu == a.trailingRelu && Objects.equals(inferenceThreshold, a.inferenceThreshold)
                && Objects.equals(neuron, a.neuron) && implementation == a.implementation;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), dimensions, placement, pooling, temporalSqueeze, temporalReduction,
                channelReduction, spatialKernel, trailingRelu, inferenceThreshold, implementation);
    }

    /** Builder; defaults reproduce the released MA-SNN code (TCSA on the input current, r_t 2, r_c 8, k 3). */
    public static class Builder extends AttentionSameDiffLayer.Builder<Builder> {
        private String dimensions = "TCS";
        private AttentionPlacement placement = AttentionPlacement.INPUT_CURRENT;
        private AttentionPooling pooling = AttentionPooling.JOINT;
        private TemporalSqueeze temporalSqueeze = TemporalSqueeze.AVG_MAX;
        private double temporalReduction = 2;
        private double channelReduction = 8;
        private int spatialKernel = 3;
        private boolean trailingRelu = true;
        private Double inferenceThreshold;
        private SpikingNeuron neuron;
        private NeuronImplementation implementation = NeuronImplementation.FUSED;

        /**
         * FUSED (default): hand-written forward and backward where it applies (attention on the input current);
         * SAMEDIFF: the SameDiff graph, kept as the reference. Same parameters and results either way.
         */
        public Builder implementation(NeuronImplementation impl) {
            this.implementation = Objects.requireNonNull(impl, "implementation");
            return this;
        }

        /** Attentions applied in series, in this order: any non-empty ordering of a subset of "T", "C", "S". */
        public Builder dimensions(String dims) {
            if (dims == null || dims.isEmpty() || !dims.matches("[TCS]+") || dims.chars().distinct().count() != dims.length()) {
                throw new IllegalArgumentException("attention dimensions must be distinct letters from T, C, S, got '"
                        + dims + "'");
            }
            this.dimensions = dims;
            return this;
        }

        public Builder placement(AttentionPlacement p) {
            this.placement = p;
            return this;
        }

        public Builder pooling(AttentionPooling p) {
            this.pooling = p;
            return this;
        }

        public Builder temporalSqueeze(TemporalSqueeze s) {
            this.temporalSqueeze = s;
            return this;
        }

        /** r_t: TA hidden width floor(T/r_t). Code: 2 (Gait, CIFAR10-DVS), 5 (Gesture, T=60). */
        public Builder temporalReduction(double r) {
            this.temporalReduction = positive(r, "temporalReduction");
            return this;
        }

        /** r_c: CA hidden width floor(C/r_c). Code 8, paper 16 (implied by its Table 5). */
        public Builder channelReduction(double r) {
            this.channelReduction = positive(r, "channelReduction");
            return this;
        }

        /** SA kernel size (odd): code 3, paper 7. */
        public Builder spatialKernel(int k) {
            if (k < 1 || k % 2 == 0) {
                throw new IllegalArgumentException("spatial attention kernel must be odd and >= 1, got " + k);
            }
            this.spatialKernel = k;
            return this;
        }

        /** The code's ReLU after the attention block (input-current placement only). Code: true; paper: false. */
        public Builder trailingRelu(boolean r) {
            this.trailingRelu = r;
            return this;
        }

        /** TA-SNN IAP: at inference, temporal weights become 1[g >= dTh] (frames below are dropped). */
        public Builder inferenceThreshold(double dTh) {
            this.inferenceThreshold = dTh;
            return this;
        }

        /** The neuron run after (input-current) or around (membrane) the attention; its T must match. */
        public Builder neuron(SpikingNeuron n) {
            this.neuron = n;
            return this;
        }

        /** The paper's choices: r_c 16, SA kernel 7, per-step pooling, no trailing ReLU, attention on U. */
        public Builder paperDefaults() {
            this.channelReduction = 16;
            this.spatialKernel = 7;
            this.pooling = AttentionPooling.PER_STEP;
            this.trailingRelu = false;
            this.placement = AttentionPlacement.MEMBRANE_POTENTIAL;
            return this;
        }

        private static double positive(double v, String what) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("MA-SNN " + what + " must be > 0, got " + v);
            }
            return v;
        }

        @Override
        @SuppressWarnings("unchecked")
        public MultiDimensionalAttention build() {
            checkTimesteps("MultiDimensionalAttention");
            if (neuron != null && neuron.getTimesteps() != timesteps) {
                throw new IllegalArgumentException("neuron timesteps " + neuron.getTimesteps()
                        + " != layer timesteps " + timesteps);
            }
            if (placement == AttentionPlacement.MEMBRANE_POTENTIAL) {
                if (neuron == null) {
                    neuron = paperNeuron(timesteps);
                }
                if (dimensions.indexOf('T') > 0) {
                    throw new IllegalArgumentException("membrane placement: temporal attention acts on X before the "
                            + "loop, so 'T' must come first in '" + dimensions + "' (paper §6.1)");
                }
            }
            if (inferenceThreshold != null && dimensions.indexOf('T') < 0) {
                throw new IllegalArgumentException("inferenceThreshold needs temporal attention ('T')");
            }
            return new MultiDimensionalAttention(this);
        }
    }
}
