package org.snn4j.cli.experiment;

import org.snn4j.cli.CliFailure;
import org.snn4j.data.convert.DatasetKind;
import org.snn4j.data.images.ImageEventDataset;
import org.snn4j.data.split.Split;
import org.snn4j.data.split.TrainTest;
import org.snn4j.data.events.EventDataset;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.synthetic.SyntheticEventDataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The train and test data of a run, rebuilt from its resolved configuration (config.json), so that
 * eval, energy and visualize see exactly the clips the run was trained and tested on. Clips are integrated
 * into T frames split by event count (SpikingJelly's split_by='number', as the SMA-AZO recipes).
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

    /** Dataset names {@code snn train --dataset} accepts. */
    public static final List<String> DATASETS = List.of("synthetic", "fashion-mnist", "dvsgesture", "cifar10dvs", "nmnist",
            "ncaltech101", "snne");

    public static ExperimentData fromConfig(Map<String, Object> cfg) {
        String dataset = String.valueOf(cfg.getOrDefault("dataset", "synthetic"));
        long seed = number(cfg, "seed").longValue();
        int trainSize = number(cfg, "train_size").intValue();
        int testSize = number(cfg, "test_size").intValue();
        int t = number(cfg, "timesteps").intValue();
        int batch = number(cfg, "batch").intValue();
        Object dir = cfg.get("data_dir");
        try {
            switch (dataset) {
                case "synthetic": {
                    int sensor = number(cfg, "sensor").intValue();
                    return new ExperimentData(SyntheticEventDataset.train(seed, trainSize, sensor),
                            SyntheticEventDataset.test(seed, trainSize, testSize, sensor), t, batch);
                }
                case "fashion-mnist": {
                    // Static images made into events by simulated sensor saccades (N-MNIST style), first N images.
                    Path root = dir == null ? ImageEventDataset.DEBIAN_FASHION_MNIST : Path.of(dir.toString());
                    if (!Files.isDirectory(root)) {
                        throw new CliFailure("Fashion-MNIST not found at " + root + "; install Debian's package "
                                + "(apt-get install dataset-fashion-mnist) or pass --data-dir with the four IDX files");
                    }
                    return new ExperimentData(ImageEventDataset.fashionMnist(root, true, trainSize, seed),
                            ImageEventDataset.fashionMnist(root, false, testSize, seed), t, batch);
                }
                default: {
                    if (!DATASETS.contains(dataset)) {
                        throw new CliFailure("unknown dataset '" + dataset + "'; valid names: " + String.join(", ", DATASETS));
                    }
                    if (dir == null || !Files.isDirectory(Path.of(dir.toString()))) {
                        throw new CliFailure("dataset " + dataset + " needs --data-dir with the folder as downloaded from its "
                                + "publisher" + (dir == null ? "" : " (" + dir + " does not exist)") + "; layouts: docs/data.md");
                    }
                    DatasetKind kind = DatasetKind.parse(dataset);
                    Path root = Path.of(dir.toString());
                    if (kind.hasOfficialSplit()) {
                        return new ExperimentData(kind.open(root, true, 128, 128), kind.open(root, false, 128, 128), t, batch);
                    }
                    // No official split: stratified 90/10 per class, seeded (the SMA-AZO recipes' rule).
                    EventDataset all = kind.open(root, true, 128, 128);
                    TrainTest split = Split.stratified(all, 0.9, seed).apply(all);
                    return new ExperimentData(split.train(), split.test(), t, batch);
                }
            }
        } catch (IOException | UncheckedIOException e) {
            throw new CliFailure("cannot open dataset " + dataset + ": " + e.getMessage(), e);
        }
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
