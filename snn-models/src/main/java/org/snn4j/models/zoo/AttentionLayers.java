package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.snn4j.core.attention.MultiDimensionalAttention;
import org.snn4j.core.attention.ScaleActivation;
import org.snn4j.core.attention.SpikingMultiscaleAttention;
import org.snn4j.core.neuron.NeuronImplementation;

import java.util.Locale;
import java.util.Map;

/**
 * The attention layers of snn-core behind the {@link AttentionRegistry} kinds the zoo asks for:
 * <ul>
 *   <li>"sma": {@link SpikingMultiscaleAttention}, CR 4 and TR 4 by default (sma-azo.md §2.1); attention
 *   options {@code cr}, {@code tr}, {@code activation} (spiking | relu).</li>
 *   <li>"sma-azo": the same with Attention Zoneout, options {@code rtr} (default 4), {@code rcr} (default 4,
 *   the code default; the DVS128 recipe uses 10).</li>
 *   <li>"ma-snn": {@link MultiDimensionalAttention} with the dimensions of the network's {@code attention}
 *   variant option (TA, CA, SA, TCA, ..., TCSA), on the input current (released code); the hand-written
 *   implementation by default, attention option {@code implementation=samediff} for the SameDiff reference.</li>
 *   <li>"csa": channel + spatial attention at the end of a residual branch (Att-Res-SNN).</li>
 * </ul>
 */
public final class AttentionLayers {
    private AttentionLayers() {
    }

    /** The built-in kinds and their providers. */
    static Map<String, AttentionRegistry.Provider> builtIns() {
        return Map.of(
            "sma", (p, o) -> sma(p, o.attentionOptions(), false),
            "sma-azo", (p, o) -> sma(p, o.attentionOptions(), true),
            "ma-snn", (p, o) -> multiDimensional(p, dims(o.variantOr("attention", "TCSA")),
                o.attentionOptions()),
            "csa", (p, o) -> multiDimensional(p, "CS", o.attentionOptions()));
    }

    /** SMA options a recipe or {@code --attention-option} may set; anything else is refused, not ignored. */
    static final java.util.Set<String> SMA_OPTIONS = java.util.Set.of("cr", "channelReduction", "tr", "timeReduction",
            "hiddenTime", "activation", "neuron", "rtr", "rcr");

    static Layer sma(InsertionPoint p, Map<String, String> opt, boolean zoneout) {
        refuseUnknown(opt, SMA_OPTIONS, "SMA");
        // Aliases (short names, the recipes' names) for one setting: two of them at once would leave one unused.
        for (String[] same : new String[][]{{"cr", "channelReduction"}, {"tr", "timeReduction", "hiddenTime"},
                {"activation", "neuron"}}) {
            if (java.util.Arrays.stream(same).filter(opt::containsKey).count() > 1) {
                throw new IllegalArgumentException("SMA options " + String.join(" / ", same)
                        + " set the same thing; give one of them");
            }
        }
        int t = p.timesteps();
        // hiddenTime (the ImageNet scripts' T-MSE width) is the reduction T / hiddenTime, so floor(T/TR) = hiddenTime.
        double tr = opt.containsKey("hiddenTime") ? t / number(opt, "hiddenTime", t)
                : number(opt, "tr", number(opt, "timeReduction", 4));
        String act = opt.getOrDefault("activation", opt.getOrDefault("neuron", "spiking")).toLowerCase(Locale.ROOT);
        if (!act.equals("relu") && !act.equals("spiking") && !act.equals("lif")) {
            throw new IllegalArgumentException("SMA activation must be spiking (lif) or relu, got '" + act + "'");
        }
        SpikingMultiscaleAttention.Builder b = new SpikingMultiscaleAttention.Builder().timesteps(t)
                .channelReduction(number(opt, "cr", number(opt, "channelReduction", 4))).timeReduction(tr)
                .activation(act.equals("relu") ? ScaleActivation.RELU : ScaleActivation.SPIKING);
        if (zoneout) {
            b.zoneout(number(opt, "rtr", 4), number(opt, "rcr", 4));
        }
        return b.build();
    }

    /** MA-SNN options a recipe may set (ma-snn.md §8: reduction ratios r_t, r_c and the SA kernel). */
    static final java.util.Set<String> MA_OPTIONS = java.util.Set.of("timeRatio", "channelRatio", "spatialKernel");

    static Layer multiDimensional(InsertionPoint p, String dims, Map<String, String> opt) {
        refuseUnknown(opt, MA_BUILD_OPTIONS, "MA-SNN");
        String usable = p.site() == InsertionPoint.Site.FC_POST ? dims.replaceAll("[CS]", "") : dims;
        if (usable.isEmpty()) {
            // FC layers have no spatial map and MA-SNN applies only TA there.
            return new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder()
                    .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build();
        }
        MultiDimensionalAttention.Builder b = new MultiDimensionalAttention.Builder().timesteps(p.timesteps()).dimensions(usable);
        if (opt.containsKey("timeRatio")) {
            b.temporalReduction(number(opt, "timeRatio", 0));
        }
        if (opt.containsKey("channelRatio")) {
            b.channelReduction(number(opt, "channelRatio", 0));
        }
        if (opt.containsKey("spatialKernel")) {
            b.spatialKernel((int) number(opt, "spatialKernel", 0));
        }
        if (opt.containsKey(MA_IMPLEMENTATION)) {
            String impl = opt.get(MA_IMPLEMENTATION).toLowerCase(Locale.ROOT);
            if (!impl.equals("fused") && !impl.equals("samediff")) {
                throw new IllegalArgumentException("MA-SNN option implementation='" + opt.get(MA_IMPLEMENTATION)
                        + "', expected fused or samediff");
            }
            b.implementation(impl.equals("fused") ? NeuronImplementation.FUSED : NeuronImplementation.SAMEDIFF);
        }
        return b.build();
    }

    /** The MA-SNN layer's implementation: fused (default, hand-written) or samediff (the SameDiff reference). */
    static final String MA_IMPLEMENTATION = "implementation";

    /** Every option the MA-SNN provider takes: the recipe options and {@link #MA_IMPLEMENTATION}. */
    static final java.util.Set<String> MA_BUILD_OPTIONS = java.util.stream.Stream.concat(MA_OPTIONS.stream(),
            java.util.stream.Stream.of(MA_IMPLEMENTATION)).collect(java.util.stream.Collectors.toUnmodifiableSet());

    /** "TCSA" -> "TCS", "CA" -> "C": the variant names end in A (attention). */
    static String dims(String variant) {
        String v = variant.toUpperCase(Locale.ROOT);
        return v.endsWith("A") ? v.substring(0, v.length() - 1) : v;
    }

    private static void refuseUnknown(Map<String, String> opt, java.util.Set<String> valid, String kind) {
        for (String key : opt.keySet()) {
            if (!valid.contains(key)) {
                throw new IllegalArgumentException("unknown " + kind + " option '" + key + "'; valid: "
                        + String.join(", ", new java.util.TreeSet<>(valid)));
            }
        }
    }

    private static double number(Map<String, String> opt, String key, double fallback) {
        String v = opt.get(key);
        try {
            return v == null ? fallback : Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("attention option " + key + "='" + v + "' is not a number");
        }
    }
}
