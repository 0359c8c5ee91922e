package org.snn4j.models.zoo;

import java.util.Map;

/** A named network of the zoo. */
public interface ZooModel {

    /** Registry name, e.g. "dvs-gesture-net". */
    String name();

    /** One line: what it is and where its structure comes from (spec section). */
    String description();

    /** The published setting (input size, T, classes, loss), ready to be changed. */
    ModelOptions defaults();

    /** Model-specific variant keys with a one-line help each. */
    Map<String, String> variantKeys();

    /** Builds the configuration; fails with a clear message on unknown variant keys or bad values. */
    ZooConfiguration build(ModelOptions options);

    /** Builds the published setting. */
    default ZooConfiguration build() {
        return build(defaults());
    }

    /** Rejects variant keys this model does not know, naming the valid ones. */
    default void checkVariants(ModelOptions o) {
        for (String k : o.variant().keySet()) {
            if (!variantKeys().containsKey(k)) {
                throw new IllegalArgumentException(name() + ": unknown variant option '" + k + "'; valid options: "
                        + (variantKeys().isEmpty() ? "(none)" : String.join(", ", variantKeys().keySet())));
            }
        }
        if (o.channels() <= 0 || o.height() <= 0 || o.width() <= 0 || o.timesteps() <= 0 || o.classes() <= 0) {
            throw new IllegalArgumentException(name() + ": input size, T and classes must be positive, got " + o);
        }
    }
}
