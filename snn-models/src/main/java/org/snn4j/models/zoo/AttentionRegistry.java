package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.Map;
import java.util.TreeMap;

/**
 * The attention layers the zoo's attention variants insert, by kind: "sma", "sma-azo" (SMA-VGG, SMA-MS-ResNet),
 * "ma-snn" (TA/CA/SA at Conv-POST / FC-POST, selected by the variant option {@code attention}), "csa"
 * (Att-Res-SNN): snn-core's attention layers ({@link AttentionLayers}). A caller replaces one for a single
 * build with {@link ModelOptions#attentionProvider(String, Provider)}; nothing here is mutable.
 */
public final class AttentionRegistry {
    private static final Map<String, Provider> BUILT_IN = AttentionLayers.builtIns();

    private AttentionRegistry() {
    }

    /** Makes the attention layer for one insertion point of a network built with the given options. */
    @FunctionalInterface
    public interface Provider {
        Layer create(InsertionPoint point, ModelOptions options);
    }

    /** The attention kinds snn4j provides. */
    public static java.util.Set<String> kinds() {
        return new TreeMap<>(BUILT_IN).keySet();
    }

    /** The insertion that asks the {@code kind} provider (the options' own, else snn4j's) at the points {@code where} accepts. */
    static BlockInsertion insertion(String kind, ModelOptions options, java.util.function.Predicate<InsertionPoint> where) {
        Provider p = options.attentionProvider(kind) != null ? options.attentionProvider(kind) : BUILT_IN.get(kind);
        if (p == null) {
            throw new IllegalStateException("attention '" + kind + "' is not available; snn4j provides " + kinds()
                    + " (ModelOptions.attentionProvider adds others)");
        }
        return point -> where.test(point) ? p.create(point, options) : null;
    }
}
