package org.snn4j.spark;

import org.snn4j.train.data.ExperimentData;
import org.snn4j.train.engine.EngineProvider;
import org.snn4j.train.engine.EpochEngine;

import java.util.Map;

/** {@code engine.type = spark}: {@link SparkEngine} from a run configuration ({@code snn train --spark MASTER}). */
public final class SparkEngineProvider implements EngineProvider {
    @Override
    public String type() {
        return "spark";
    }

    @Override
    public EpochEngine create(Map<String, Object> engine, Map<String, Object> cfg) {
        int batch = ExperimentData.number(cfg, "batch").intValue();
        return new SparkEngine(cfg, String.valueOf(engine.getOrDefault("master", "local[2]")),
                number(engine, "workers", 2), number(engine, "averaging_frequency", 1),
                number(engine, "batch_per_worker", batch), null);
    }

    static int number(Map<String, Object> engine, String key, int dflt) {
        Object v = engine.get(key);
        return v instanceof Number n ? n.intValue() : dflt;
    }
}
