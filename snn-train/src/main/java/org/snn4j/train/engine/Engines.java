package org.snn4j.train.engine;

import org.snn4j.train.TrainingException;

import java.util.Map;
import java.util.ServiceLoader;

/** Picks a run's engine from its configuration's {@code engine} entry (absent: this process). */
public final class Engines {
    private Engines() {
    }

    /** The engine type of a run configuration: {@code local} unless its {@code engine} entry names another. */
    public static String type(Map<String, Object> cfg) {
        Object type = engine(cfg).get("type");
        return type == null ? "local" : type.toString();
    }

    public static EpochEngine forConfig(Map<String, Object> cfg) {
        String type = type(cfg);
        if (type.equals("local")) {
            return new LocalEngine();
        }
        for (EngineProvider p : ServiceLoader.load(EngineProvider.class)) {
            if (p.type().equals(type)) {
                return p.create(engine(cfg), cfg);
            }
        }
        throw new TrainingException("the '" + type + "' training engine is not in this build: " + IN_SNN_SPARK);
    }

    /** Where the optional snn-spark module's engines and benchmark are, for messages that meet their absence. */
    public static final String IN_SNN_SPARK = "it comes with the snn-spark module (build it with mvn -B -pl snn-spark -am "
            + "package -Pspark-jar -DskipTests and run snn-spark/target/snn-spark.jar, or ./snn with SNN_SPARK=1; see "
            + "docs/distributed.md)";

    @SuppressWarnings("unchecked")
    static Map<String, Object> engine(Map<String, Object> cfg) {
        Object e = cfg.get("engine");
        return e instanceof Map ? (Map<String, Object>) e : Map.of();
    }
}
