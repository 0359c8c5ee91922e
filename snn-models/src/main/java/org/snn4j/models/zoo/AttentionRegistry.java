package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.layers.Layer;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Named attention layers the zoo's attention variants insert: "sma", "sma-azo" (SMA-VGG, SMA-MS-ResNet),
 * "ma-snn" (TA/CA/SA at Conv-POST / FC-POST, selected by the variant option {@code attention}), "csa"
 * (Att-Res-SNN). The attention layers live in snn-core's attention package; whoever provides them
 * registers a provider here once, e.g. {@code AttentionRegistry.register("sma", (p, o) -> new SMA(...))}.
 * Building a network whose attention kind has no provider fails with a message saying so.
 */
public final class AttentionRegistry {
    private static final Map<String, Provider> PROVIDERS = new ConcurrentHashMap<>();

    private AttentionRegistry() {
    }

    /** Makes the attention layer for one insertion point of a network built with the given options. */
    @FunctionalInterface
    public interface Provider {
        Layer create(InsertionPoint point, ModelOptions options);
    }

    public static void register(String kind, Provider provider) {
        PROVIDERS.put(kind, provider);
    }

    public static void unregister(String kind) {
        PROVIDERS.remove(kind);
    }

    public static boolean has(String kind) {
        return PROVIDERS.containsKey(kind);
    }

    /** The insertion that asks the {@code kind} provider at the points {@code where} accepts. */
    static BlockInsertion insertion(String kind, ModelOptions options, java.util.function.Predicate<InsertionPoint> where) {
        Provider p = PROVIDERS.get(kind);
        if (p == null) {
            throw new IllegalStateException("attention '" + kind + "' is not available: no provider registered "
                    + "(AttentionRegistry.register(\"" + kind + "\", ...)); registered: " + new TreeMap<>(PROVIDERS).keySet());
        }
        return point -> where.test(point) ? p.create(point, options) : null;
    }
}
