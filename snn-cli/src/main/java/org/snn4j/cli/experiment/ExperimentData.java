package org.snn4j.cli.experiment;

import org.snn4j.cli.CliFailure;
import org.snn4j.data.events.EventDataset;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.synthetic.SyntheticEventDataset;

import java.util.Map;

/**
 * The train and test data of a run, rebuilt from its resolved configuration (config.json), so that
 * eval, energy and visualize see exactly the clips the run was trained and tested on.
 */
public final class ExperimentData {
    private final EventDataset train;
    private final EventDataset test;
    private final int timesteps;
    private final int batch;

    private ExperimentData(EventDataset train, EventDataset test, int timesteps, int batch) {
        this.train = train;
        this.test = test;
        this.timesteps = timesteps;
        this.batch = batch;
    }

    public static ExperimentData fromConfig(Map<String, Object> cfg) {
        String dataset = String.valueOf(cfg.getOrDefault("dataset", "synthetic"));
        if (!dataset.equals("synthetic")) {
            throw new CliFailure("unknown dataset '" + dataset + "' (known: synthetic)");
        }
        long seed = number(cfg, "seed").longValue();
        int sensor = number(cfg, "sensor").intValue();
        int trainSize = number(cfg, "train_size").intValue();
        return new ExperimentData(SyntheticEventDataset.train(seed, trainSize, sensor),
                SyntheticEventDataset.test(seed, trainSize, number(cfg, "test_size").intValue(), sensor),
                number(cfg, "timesteps").intValue(), number(cfg, "batch").intValue());
    }

    public EventDataset train() {
        return train;
    }

    public EventDataset test() {
        return test;
    }

    public int timesteps() {
        return timesteps;
    }

    public int batch() {
        return batch;
    }

    /** Training clips in the order of epoch {@code epoch} (seeded shuffle). */
    public FrameDataSetIterator trainIterator(long shuffleSeed) {
        return new FrameDataSetIterator(train, timesteps, batch, shuffleSeed);
    }

    public FrameDataSetIterator testIterator() {
        return new FrameDataSetIterator(test, timesteps, batch, null);
    }

    public static Number number(Map<String, Object> cfg, String key) {
        Object v = cfg.get(key);
        if (!(v instanceof Number)) {
            throw new CliFailure("run configuration has no numeric '" + key + "'");
        }
        return (Number) v;
    }
}
