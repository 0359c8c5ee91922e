package org.snn4j.spark;

import org.snn4j.train.engine.EngineProvider;
import org.snn4j.train.engine.EpochEngine;

import java.util.Map;

/** {@code engine.type = devices}: {@link ParallelWrapperEngine} ({@code snn train --devices N}). */
public final class DevicesEngineProvider implements EngineProvider {
    @Override
    public String type() {
        return "devices";
    }

    @Override
    public EpochEngine create(Map<String, Object> engine, Map<String, Object> cfg) {
        return new ParallelWrapperEngine(SparkEngineProvider.number(engine, "devices", 2),
                SparkEngineProvider.number(engine, "averaging_frequency", 1));
    }
}
