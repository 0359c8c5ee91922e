package org.snn4j.models.zoo;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.snn4j.models.loss.LossKind;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything a zoo builder needs: input size (C, H, W) per time step, T, classes, a channel-width
 * multiplier for small variants, the loss head, the optimizer, the neuron model, attention insertions
 * and model-specific variant options (string key/value pairs, checked by each model).
 * Get a model's defaults from {@link ZooModel#defaults()} and change what you need.
 */
public final class ModelOptions {
    private int channels;
    private int height;
    private int width;
    private int timesteps;
    private int classes;
    private double widthMultiplier = 1.0;
    private LossKind loss = LossKind.MSE;
    private double labelSmoothing;
    private long seed = 42;
    private DataType dataType = DataType.FLOAT;
    private IUpdater updater = new Adam(1e-3);
    private double weightDecay;
    private boolean decoupledWeightDecay;
    private NeuronFactory neuron;
    private BlockInsertion insertion = BlockInsertion.NONE;
    private final Map<String, String> variant = new LinkedHashMap<>();
    private final Map<String, String> attentionOptions = new LinkedHashMap<>();
    private final Map<String, AttentionRegistry.Provider> attentionProviders = new LinkedHashMap<>();

    public ModelOptions copy() {
        ModelOptions o = new ModelOptions();
        o.channels = channels;
        o.height = height;
        o.width = width;
        o.timesteps = timesteps;
        o.classes = classes;
        o.widthMultiplier = widthMultiplier;
        o.loss = loss;
        o.labelSmoothing = labelSmoothing;
        o.seed = seed;
        o.dataType = dataType;
        o.updater = updater.clone();
        o.weightDecay = weightDecay;
        o.decoupledWeightDecay = decoupledWeightDecay;
        o.neuron = neuron;
        o.insertion = insertion;
        o.variant.putAll(variant);
        o.attentionOptions.putAll(attentionOptions);
        o.attentionProviders.putAll(attentionProviders);
        return o;
    }

    /** Input size per time step, channels x height x width. */
    public ModelOptions input(int channels, int height, int width) {
        this.channels = channels;
        this.height = height;
        this.width = width;
        return this;
    }

    public ModelOptions timesteps(int t) {
        this.timesteps = t;
        return this;
    }

    public ModelOptions classes(int k) {
        this.classes = k;
        return this;
    }

    /** Scales every hidden width (conv channels, FC sizes) for small test variants; 1 = as published. */
    public ModelOptions widthMultiplier(double m) {
        if (!(m > 0)) {
            throw new IllegalArgumentException("width multiplier must be > 0, got " + m);
        }
        this.widthMultiplier = m;
        return this;
    }

    public ModelOptions loss(LossKind loss) {
        this.loss = loss;
        return this;
    }

    /** Label smoothing epsilon for the cross-entropy losses (0 = off). */
    public ModelOptions labelSmoothing(double eps) {
        if (!(eps >= 0 && eps < 1)) {
            throw new IllegalArgumentException("label smoothing must be in [0, 1), got " + eps);
        }
        this.labelSmoothing = eps;
        return this;
    }

    public ModelOptions seed(long seed) {
        this.seed = seed;
        return this;
    }

    public ModelOptions dataType(DataType dataType) {
        this.dataType = dataType;
        return this;
    }

    public ModelOptions updater(IUpdater updater) {
        this.updater = updater;
        return this;
    }

    /**
     * Weight decay: decoupled (AdamW style, w -= lr*wd*w, DL4J {@code WeightDecay(wd, true)}) or coupled
     * (PyTorch's {@code weight_decay} of Adam/SGD: wd*w added to the gradient, DL4J L2).
     */
    public ModelOptions weightDecay(double wd, boolean decoupled) {
        this.weightDecay = wd;
        this.decoupledWeightDecay = decoupled;
        return this;
    }

    public ModelOptions neuron(NeuronFactory neuron) {
        this.neuron = neuron;
        return this;
    }

    /**
     * The layer a network built with these options inserts where it asks for attention {@code kind} ("sma",
     * "sma-azo", "ma-snn", "csa"), instead of snn4j's own layer: for these options only.
     */
    public ModelOptions attentionProvider(String kind, AttentionRegistry.Provider provider) {
        attentionProviders.put(kind, provider);
        return this;
    }

    /** The provider set with {@link #attentionProvider} for {@code kind}, or null. */
    public AttentionRegistry.Provider attentionProvider(String kind) {
        return attentionProviders.get(kind);
    }

    /** Layers to insert at the network's insertion points (in addition to a model's named attention). */
    public ModelOptions insertion(BlockInsertion insertion) {
        this.insertion = insertion;
        return this;
    }

    /** A model-specific option (see {@link ZooModel#variantKeys()}). */
    public ModelOptions variant(String key, String value) {
        variant.put(key, value);
        return this;
    }

    /**
     * An option for the attention layers the network inserts (e.g. AZO's "rtr"/"rcr"); read by the
     * {@link AttentionRegistry} provider, not checked by the network builder.
     */
    public ModelOptions attentionOption(String key, String value) {
        attentionOptions.put(key, value);
        return this;
    }

    public Map<String, String> attentionOptions() {
        return attentionOptions;
    }

    /** Scaled hidden width, at least 1. */
    public int scaled(int published) {
        return Math.max(1, (int) Math.round(published * widthMultiplier));
    }

    public int channels() {
        return channels;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    public int timesteps() {
        return timesteps;
    }

    public int classes() {
        return classes;
    }

    public double widthMultiplier() {
        return widthMultiplier;
    }

    public LossKind loss() {
        return loss;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    public long seed() {
        return seed;
    }

    public DataType dataType() {
        return dataType;
    }

    public IUpdater updater() {
        return updater;
    }

    public double weightDecay() {
        return weightDecay;
    }

    public boolean decoupledWeightDecay() {
        return decoupledWeightDecay;
    }

    /** The neuron factory, or {@code fallback} when none was set. */
    public NeuronFactory neuronOr(NeuronFactory fallback) {
        return neuron != null ? neuron : fallback;
    }

    public BlockInsertion insertion() {
        return insertion;
    }

    public Map<String, String> variant() {
        return variant;
    }

    /** A variant option's value, or {@code fallback}. */
    public String variantOr(String key, String fallback) {
        return variant.getOrDefault(key, fallback);
    }

    @Override
    public String toString() {
        return "input " + channels + "x" + height + "x" + width + ", T=" + timesteps + ", classes=" + classes
                + ", width x" + widthMultiplier + ", loss " + loss + (variant.isEmpty() ? "" : ", " + variant);
    }
}
