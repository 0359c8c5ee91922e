package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.snn4j.core.attention.MultiDimensionalAttention;
import org.snn4j.core.attention.ScaleActivation;
import org.snn4j.core.attention.SpikingMultiscaleAttention;

import java.util.Locale;
import java.util.Map;

/**
 * The attention layers of snn-core registered under the {@link AttentionRegistry} kinds the zoo asks for:
 * <ul>
 *   <li>"sma": {@link SpikingMultiscaleAttention}, CR 4 and TR 4 by default (sma-azo.md §2.1); attention
 *   options {@code cr}, {@code tr}, {@code activation} (spiking | relu).</li>
 *   <li>"sma-azo": the same with Attention Zoneout, options {@code rtr} (default 4), {@code rcr} (default 4,
 *   the code default; the DVS128 recipe uses 10).</li>
 *   <li>"ma-snn": {@link MultiDimensionalAttention} with the dimensions of the network's {@code attention}
 *   variant option (TA, CA, SA, TCA, ..., TCSA), on the input current (released code).</li>
 *   <li>"csa": channel + spatial attention at the end of a residual branch (Att-Res-SNN).</li>
 * </ul>
 */
public final class AttentionLayers {
    private AttentionLayers() {
    }

    /** Registers (or re-registers) all built-in kinds. Idempotent. */
    public static void registerBuiltIns() {
        AttentionRegistry.register("sma", (p, o) -> sma(p, o.attentionOptions(), false));
        AttentionRegistry.register("sma-azo", (p, o) -> sma(p, o.attentionOptions(), true));
        AttentionRegistry.register("ma-snn", (p, o) -> multiDimensional(p, dims(o.variantOr("attention", "TCSA"))));
        AttentionRegistry.register("csa", (p, o) -> multiDimensional(p, "CS"));
    }

    static Layer sma(InsertionPoint p, Map<String, String> opt, boolean zoneout) {
        SpikingMultiscaleAttention.Builder b = new SpikingMultiscaleAttention.Builder().timesteps(p.timesteps())
                .channelReduction(number(opt, "cr", 4)).timeReduction(number(opt, "tr", 4))
                .activation(opt.getOrDefault("activation", "spiking").equalsIgnoreCase("relu") ? ScaleActivation.RELU
                        : ScaleActivation.SPIKING);
        if (zoneout) {
            b.zoneout(number(opt, "rtr", 4), number(opt, "rcr", 4));
        }
        return b.build();
    }

    static Layer multiDimensional(InsertionPoint p, String dims) {
        String usable = p.site() == InsertionPoint.Site.FC_POST ? dims.replaceAll("[CS]", "") : dims;
        if (usable.isEmpty()) {
            // FC layers have no spatial map and MA-SNN applies only TA there.
            return new org.deeplearning4j.nn.conf.layers.ActivationLayer.Builder()
                    .activation(org.nd4j.linalg.activations.Activation.IDENTITY).build();
        }
        return new MultiDimensionalAttention.Builder().timesteps(p.timesteps()).dimensions(usable).build();
    }

    /** "TCSA" -> "TCS", "CA" -> "C": the variant names end in A (attention). */
    static String dims(String variant) {
        String v = variant.toUpperCase(Locale.ROOT);
        return v.endsWith("A") ? v.substring(0, v.length() - 1) : v;
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
