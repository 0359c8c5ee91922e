package org.snn4j.models.zoo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The model zoo: networks of the two papers and the standard baselines by name. {@code get(name)} gives
 * the {@link ZooModel}; {@code build(name)} its published configuration.
 */
public final class ModelZoo {
    private static final Map<String, ZooModel> MODELS = new LinkedHashMap<>();

    static {
        register(new SmallSnn());
        register(new SmallSnn("small-sma-snn", "sma"));
        register(new SmallSnn("small-sma-azo-snn", "sma-azo"));
        register(new DvsGestureNet());
        register(new SpikingVgg("spiking-vgg", null));
        register(new SpikingVgg("sma-vgg", "sma"));
        register(new SpikingVgg("sma-azo-vgg", "sma-azo"));
        register(new MsResNet(18, new int[]{2, 2, 2, 2}));
        register(new MsResNet(34, new int[]{3, 4, 6, 3}));
        register(new MsResNet(104, new int[]{3, 8, 32, 8}));
        register(MaSnnNet.threeLayer());
        register(MaSnnNet.fiveLayer());
    }

    private ModelZoo() {
    }

    private static void register(ZooModel m) {
        MODELS.put(m.name(), m);
    }

    /** Registered names, in registry order. */
    public static List<String> names() {
        return new ArrayList<>(MODELS.keySet());
    }

    /** The model called {@code name}; the error lists the valid names. */
    public static ZooModel get(String name) {
        ZooModel m = MODELS.get(name);
        if (m == null) {
            throw new IllegalArgumentException("unknown model '" + name + "'; valid names: " + String.join(", ", names()));
        }
        return m;
    }

    /** The published configuration of {@code name}. */
    public static ZooConfiguration build(String name) {
        return get(name).build();
    }

    /** {@code name} built with the given options. */
    public static ZooConfiguration build(String name, ModelOptions options) {
        return get(name).build(options);
    }
}
