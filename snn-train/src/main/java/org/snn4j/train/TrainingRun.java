package org.snn4j.train;

import org.deeplearning4j.nn.api.Model;
import org.snn4j.models.info.ParamCount;
import org.snn4j.train.data.ExperimentData;
import org.snn4j.train.engine.Engines;
import org.snn4j.train.engine.EpochEngine;
import org.snn4j.train.recipe.NetworkFactory;
import org.snn4j.train.run.Provenance;
import org.snn4j.train.run.RunRecord;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One training run from a resolved configuration (see {@code TrainArguments}) into a run directory
 * ({@link RunRecord}): builds the data and the network, trains, checkpoints every epoch with its provenance,
 * and writes the summary. What {@code snn train} runs, callable from any DL4J project or test.
 */
public final class TrainingRun {
    private TrainingRun() {
    }

    /** The outcome: where the run is and its accuracies. */
    public record Result(Path dir, List<EpochMetrics> epochs, double finalTestAccuracy, double bestTestAccuracy) {
    }

    /**
     * Trains a new run into {@code dir} (which must not exist or be empty, unless {@code force}: then the run
     * there is replaced as a whole, see {@link RunRecord#create}: put back if this run fails before its first checkpoint). The data and the network are built before
     * the directory is touched, and a run that fails before its first checkpoint removes what it created.
     * Progress lines go to {@code out} (null: silent); {@code terminal} draws a progress bar.
     */
    public static Result train(Map<String, Object> cfg, Path dir, boolean force, PrintStream out, boolean terminal) {
        long seed = ExperimentData.number(cfg, "seed").longValue();
        // Data and network first: a run that cannot start leaves no run directory (and --force deletes nothing).
        ExperimentData data = ExperimentData.fromConfig(cfg);
        Model net = NetworkFactory.build(cfg, data, seed);
        Path created = outermostMissing(dir);
        RunRecord record = RunRecord.create(dir, force);
        try {
            record.writeJson("config.json", cfg);
            print(out, String.format(Locale.ROOT, "training %s (%s) on %s events: %d train / %d test clips, "
                            + "T=%d, batch %d, seed %d -> %s", cfg.get("model"), ParamCount.describe(net),
                    cfg.get("dataset"), data.train().size(), data.test().size(), data.timesteps(), data.batch(), seed,
                    record.dir()));
            return run(record, cfg, data, net, List.of(), out, terminal);
        } catch (RuntimeException | Error e) {
            // Failed before the first checkpoint (e.g. a clip that cannot be read): nothing worth keeping.
            if (!record.hasCheckpoint()) {
                record.discard(created);
            }
            throw e;
        }
    }

    /** The outermost directory of {@code dir}'s path that does not exist yet (null if {@code dir} exists). */
    private static Path outermostMissing(Path dir) {
        Path missing = null;
        for (Path p = dir.toAbsolutePath(); p != null && !java.nio.file.Files.exists(p); p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /** Continues the run in {@code record} up to {@code epochs} epochs from its last checkpoint. */
    public static Result resume(RunRecord record, int epochs, PrintStream out, boolean terminal) {
        Map<String, Object> cfg = new LinkedHashMap<>(record.readJson("config.json"));
        cfg.put("epochs", epochs);
        ExperimentData data = ExperimentData.fromConfig(cfg);
        List<EpochMetrics> earlier = record.readMetrics();
        int first = earlier.size();
        if (first >= epochs) {
            throw new TrainingException("run " + record.dir() + " already finished " + first + " of " + epochs
                    + " epochs; pass a larger --epochs to continue it");
        }
        Model net = RunRecord.loadModel(record.checkpoint(first));
        print(out, String.format(Locale.ROOT, "resuming %s after epoch %d", record.dir(), first));
        return run(record, cfg, data, net, earlier, out, terminal);
    }

    private static Result run(RunRecord record, Map<String, Object> cfg, ExperimentData data, Model net,
                              List<EpochMetrics> earlier, PrintStream out, boolean terminal) {
        long seed = ExperimentData.number(cfg, "seed").longValue();
        int epochs = ExperimentData.number(cfg, "epochs").intValue();
        NetworkFactory.attachSchedule(net, cfg);
        record.writeEnvironment();
        record.writeJson("config.json", cfg);
        record.provenance(Provenance.of(cfg, data));
        if (Boolean.TRUE.equals(cfg.get("skip_empty"))) {
            // what --skip-empty left out, in the record: never a silent drop
            Map<String, Object> skipped = new LinkedHashMap<>();
            skipped.put("count", data.skipped().count());
            skipped.put("what", data.skipped().what());
            skipped.put("skipped", data.skipped().names());
            record.writeJson("skipped.json", skipped);
            print(out, data.skipped().isEmpty() ? "skipped 0 empty recordings" : data.skipped().describe());
        }
        List<EpochMetrics> all;
        try (EpochEngine engine = Engines.forConfig(cfg)) {
            if (!Engines.type(cfg).equals("local")) {
                print(out, "engine: " + engine.describe());
            }
            Trainer trainer = new Trainer(net, e -> data.trainIterator(seed + e), data.testIterator(), seed, out, terminal,
                    engine);
            all = trainer.run(earlier.size(), epochs, record, earlier);
        }
        EpochMetrics last = all.get(all.size() - 1);
        double best = all.stream().mapToDouble(EpochMetrics::testAccuracy).max().orElse(0);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("final_test_acc", last.testAccuracy());
        summary.put("best_test_acc", best);
        summary.put("epochs", all.size());
        summary.put("train_seconds", all.stream().mapToDouble(EpochMetrics::seconds).sum());
        summary.put("skipped_recordings", data.skipped().count());
        record.writeJson("summary.json", summary);
        print(out, String.format(Locale.ROOT, "final test accuracy %.4f (best %.4f); run saved in %s",
                last.testAccuracy(), best, record.dir()));
        return new Result(record.dir(), all, last.testAccuracy(), best);
    }

    private static void print(PrintStream out, String line) {
        if (out != null) {
            out.println(line);
        }
    }
}
