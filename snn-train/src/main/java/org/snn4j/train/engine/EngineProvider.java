package org.snn4j.train.engine;

import java.util.Map;

/**
 * A training engine found on the class path ({@link java.util.ServiceLoader}): the optional snn-spark module
 * provides {@code spark} and {@code devices}, so the training library does not depend on Spark.
 */
public interface EngineProvider {
    /** The {@code engine.type} of a run configuration this provider builds. */
    String type();

    /**
     * The engine for a run configuration: {@code engine} holds the engine's settings (the run configuration's
     * {@code engine} entry), {@code cfg} the whole run configuration (data, batch, seed).
     */
    EpochEngine create(Map<String, Object> engine, Map<String, Object> cfg);
}
