package org.snn4j.models.recipe;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A published training configuration, as stored in the JSON recipe files under
 * {@code org/snn4j/models/recipes/}. Field names are the JSON keys; unknown keys are rejected by
 * {@link Recipes}. Plain data: validation and translation to model options live in {@link Recipes}.
 */
public class Recipe {
    /** Recipe name (file name without .json). */
    public String name;
    /** Where the settings come from (paper and released script; docs/sources.md), e.g. "SMA-AZO training script". */
    public String source;
    /** Zoo model name. */
    public String model;
    /** Zoo variant options. */
    public Map<String, String> variant = new LinkedHashMap<>();
    /** Options for the attention layers (e.g. AZO rtr/rcr), passed to the attention provider. */
    public Map<String, String> attention = new LinkedHashMap<>();
    public String dataset;
    /** How train/test are split (e.g. "official", "90/10 per class"). */
    public String split;
    public int timesteps;
    /** Input channels per step (2 polarities for events, 3 for images). */
    public int channels;
    /** [height, width]. */
    public List<Integer> resolution;
    public int classes;
    /** Event framing, e.g. "number" (SpikingJelly split_by='number'), "time:25ms", "static". */
    public String framing;
    public List<String> augmentation = List.of();
    /** mse, ce or tet. */
    public String loss;
    public double labelSmoothing;
    public Optimizer optimizer;
    public Schedule schedule;
    public int epochs;
    /** Total batch size (over all GPUs of the original run). */
    public int batch;
    public long seed;
    /** Free text: what differs between code and paper, how evaluation was done. */
    public String notes;

    /** Optimizer section. */
    public static class Optimizer {
        /** adamw, adam, nadam or sgd. */
        public String type;
        public double lr;
        public double weightDecay;
        public double momentum;
        public double momentumDecay;
    }

    /** Learning-rate schedule section. */
    public static class Schedule {
        /** cosine, plateau or constant. */
        public String type;
        /** Cosine: T_max in epochs. */
        public int tMax;
        public double etaMin;
        /** Plateau: factor and patience (epochs), monitored on the train loss. */
        public double factor;
        public int patience;
    }
}
