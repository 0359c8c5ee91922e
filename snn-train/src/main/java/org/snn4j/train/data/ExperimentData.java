package org.snn4j.train.data;

import org.snn4j.train.TrainingException;
import org.snn4j.core.io.IoReason;
import org.snn4j.data.cache.FrameCache;
import org.snn4j.data.convert.DatasetConverter;
import org.snn4j.data.convert.DatasetKind;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.SplitBy;
import org.snn4j.data.images.ImageEventDataset;
import org.snn4j.data.split.Split;
import org.snn4j.data.split.SplitLeakException;
import org.snn4j.data.split.TrainTest;
import org.snn4j.data.events.Skipped;
import org.snn4j.data.events.EventDataset;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.iterator.FrameSource;
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
 * into T frames split by event count (SpikingJelly's split_by='number', as the SMA-AZO recipes); a dataset folder
 * run with a {@code cache_dir} reads them from the frame cache {@code snn convert} fills (integrating and storing
 * the clips it misses).
 */
public final class ExperimentData {
    private final EventDataset train;
    private final EventDataset test;
    private final int timesteps;
    private final int batch;
    private final FrameSpec spec;
    private final FrameSource trainSource;
    private final FrameSource testSource;
    private Skipped skipped = Skipped.NONE;

    private ExperimentData(EventDataset train, EventDataset test, int timesteps, int batch) {
        this(train, test, timesteps, batch, null, null, null);
    }

    /** With a frame cache: clips are read from (or on a miss integrated into) {@code cache} under the given names. */
    private ExperimentData(EventDataset train, EventDataset test, int timesteps, int batch, FrameCache cache,
                           String trainCacheName, String testCacheName) {
        this.train = train;
        this.test = test;
        this.timesteps = timesteps;
        this.batch = batch;
        this.spec = FrameSpec.frameCount(timesteps, SplitBy.NUMBER);
        this.trainSource = cache == null ? FrameSource.direct(spec) : FrameSource.cached(cache, trainCacheName, spec);
        this.testSource = cache == null ? FrameSource.direct(spec) : FrameSource.cached(cache, testCacheName, spec);
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
                        throw new TrainingException("Fashion-MNIST not found at " + root
                                + (Files.exists(root) ? " (a file, not a folder)" : "") + "; install Debian's package "
                                + "(apt-get install dataset-fashion-mnist) or pass --data-dir with the four IDX files");
                    }
                    return new ExperimentData(ImageEventDataset.fashionMnist(root, true, trainSize, seed),
                            ImageEventDataset.fashionMnist(root, false, testSize, seed), t, batch);
                }
                default: {
                    if (!DATASETS.contains(dataset)) {
                        throw new TrainingException("unknown dataset '" + dataset + "'; valid names: " + String.join(", ", DATASETS));
                    }
                    if (dir == null || !Files.isDirectory(Path.of(dir.toString()))) {
                        throw new TrainingException("dataset " + dataset + " needs --data-dir with the folder as downloaded from its "
                                + "publisher" + (dir == null ? "" : " (" + dir + (Files.exists(Path.of(dir.toString()))
                                ? " is a file, not a folder)" : " does not exist)")) + "; layouts: docs/data.md");
                    }
                    DatasetKind kind = DatasetKind.parse(dataset);
                    Path root = Path.of(dir.toString());
                    // The same cache names as snn convert, so clips it converted are read back instead of integrated.
                    Object cacheDir = cfg.get("cache_dir");
                    if (cacheDir != null && Files.exists(Path.of(cacheDir.toString()))
                            && !Files.isDirectory(Path.of(cacheDir.toString()))) {
                        throw new TrainingException("frame cache " + cacheDir + " is a file, not a folder; pass --cache "
                                + "a folder (it is created if missing)");
                    }
                    FrameCache cache = cacheDir == null ? null : new FrameCache(Path.of(cacheDir.toString()));
                    boolean skipEmpty = Boolean.TRUE.equals(cfg.get("skip_empty"));
                    if (kind.hasOfficialSplit()) {
                        // TrainTest: no recording in both official parts, none twice (the same check as snn convert)
                        TrainTest official = kind.openOfficialSplit(root, 128, 128, skipEmpty);
                        ExperimentData d = new ExperimentData(official.train(), official.test(), t, batch,
                                cache, DatasetConverter.cacheName(kind, "train"), DatasetConverter.cacheName(kind, "test"));
                        d.skipped = official.train().skipped().plus(official.test().skipped());
                        return d;
                    }
                    // No official split: stratified 90/10 per class, seeded (the SMA-AZO recipes' rule).
                    EventDataset all = kind.open(root, true, 128, 128, skipEmpty);
                    TrainTest split = Split.stratified(all, 0.9, seed).apply(all);
                    if (split.test().size() == 0 || split.train().size() == 0) {
                        throw new TrainingException("dataset folder " + root + " has " + all.size() + " clips in " + all.numClasses()
                                + " classes: the seeded 90/10 split per class leaves the " + (split.test().size() == 0
                                ? "test" : "training") + " part empty; each class needs at least 6 clips");
                    }
                    String allName = DatasetConverter.cacheName(kind, "all");
                    ExperimentData d = new ExperimentData(split.train(), split.test(), t, batch, cache, allName, allName);
                    d.skipped = all.skipped();
                    return d;
                }
            }
        } catch (IOException | UncheckedIOException e) {
            IOException io = e instanceof UncheckedIOException u ? u.getCause() : (IOException) e;
            throw new TrainingException("cannot open dataset " + dataset + ": " + (io instanceof java.nio.file.FileSystemException
                    ? IoReason.of(io, null) : io.getMessage()), e);
        } catch (SplitLeakException e) {
            throw new TrainingException("dataset " + dataset + " breaks the train/test rules: " + e.getMessage(), e);
        }
    }

    /**
     * Recordings and clips left out as empty or truncated (only with config {@code skip_empty: true},
     * {@code snn train --skip-empty}); the run prints them and stores them in its record.
     */
    public Skipped skipped() {
        return skipped;
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
        return new FrameDataSetIterator(train, spec, trainSource, batch, shuffleSeed);
    }

    public FrameDataSetIterator testIterator() {
        return new FrameDataSetIterator(test, spec, testSource, batch, null);
    }

    public static Number number(Map<String, Object> cfg, String key) {
        Object v = cfg.get(key);
        if (!(v instanceof Number)) {
            throw new TrainingException("run configuration has no numeric '" + key + "'");
        }
        return (Number) v;
    }
}
