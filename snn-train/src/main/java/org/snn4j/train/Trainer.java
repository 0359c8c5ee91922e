package org.snn4j.train;

import org.snn4j.train.run.RunRecord;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.train.engine.EpochEngine;
import org.snn4j.train.engine.LocalEngine;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The epoch loop: fit, evaluate on train and test data, record, checkpoint. Fitting and evaluation go
 * through an {@link EpochEngine} (this process unless told otherwise).
 *
 * <p>Determinism: epoch e seeds ND4J's RNG with (seed + e) and gets its training order from
 * {@code trainForEpoch.apply(e)}, so the run depends only on the seed and epoch number, and a run resumed
 * from the checkpoint of epoch e continues exactly as the uninterrupted one would.
 */
public final class Trainer {
    private final Model net;
    private final IntFunction<DataSetIterator> trainForEpoch;
    private final DataSetIterator test;
    private final long seed;
    private final PrintStream out;
    private final boolean terminal;
    private final EpochEngine engine;

    public Trainer(Model net, IntFunction<DataSetIterator> trainForEpoch, DataSetIterator test, long seed,
                   PrintStream out, boolean terminal) {
        this(net, trainForEpoch, test, seed, out, terminal, new LocalEngine());
    }

    /** With the engine that fits and evaluates each epoch (this process, Spark, several devices). */
    public Trainer(Model net, IntFunction<DataSetIterator> trainForEpoch, DataSetIterator test, long seed,
                   PrintStream out, boolean terminal, EpochEngine engine) {
        this.net = net;
        this.engine = engine;
        this.trainForEpoch = trainForEpoch;
        this.test = test;
        this.seed = seed;
        // null: a silent run (library callers that want no progress lines)
        this.out = out == null ? new PrintStream(java.io.OutputStream.nullOutputStream()) : out;
        this.terminal = terminal;
    }

    /** Trains epochs [firstEpoch, epochs) and returns all metrics (earlier ones included). */
    public List<EpochMetrics> run(int firstEpoch, int epochs, RunRecord record, List<EpochMetrics> earlier) {
        List<EpochMetrics> all = new ArrayList<>(earlier);
        double best = all.stream().mapToDouble(EpochMetrics::testAccuracy).max().orElse(-1);
        for (int e = firstEpoch; e < epochs; e++) {
            EpochMetrics m = epoch(e, epochs);
            all.add(m);
            out.printf(Locale.ROOT, "epoch %d/%d  train loss %.4f acc %.4f | test loss %.4f acc %.4f | %.1fs (%.1f samples/s)%n",
                    e + 1, epochs, m.trainLoss(), m.trainAccuracy(), m.testLoss(), m.testAccuracy(), m.seconds(),
                    m.samplesPerSecond());
            if (record != null) {
                record.saveModel(record.checkpoint(e + 1), net);
                if (m.testAccuracy() > best) {
                    best = m.testAccuracy();
                    record.saveModel(record.best(), net);
                }
                record.writeMetrics(all);
                record.writeJson("state.json", Map.of("epochs_done", e + 1, "best_test_acc", best,
                        "last_checkpoint", record.checkpoint(e + 1).getFileName().toString()));
            }
        }
        return all;
    }

    private EpochMetrics epoch(int e, int epochs) {
        Nd4j.getRandom().setSeed(seed + e);
        DataSetIterator train = trainForEpoch.apply(e);
        int batches = (int) Math.ceil(countSamples(train) / (double) train.batch());
        Progress progress = new Progress(out, terminal, String.format(Locale.ROOT, "epoch %d/%d", e + 1, epochs), batches);
        long start = System.nanoTime();
        EpochEngine.Fit fit = engine.fitEpoch(net, train, e, progress);
        double seconds = (System.nanoTime() - start) / 1e9;
        train.reset();
        double[] trainEval = engine.evaluate(net, train, true, false);
        double[] testEval = engine.evaluate(net, test, false, true);
        long samples = fit.samples();
        return new EpochMetrics(e + 1, fit.lossSum() / Math.max(1, samples), trainEval[1], testEval[0], testEval[1],
                seconds, samples / seconds);
    }

    private static long countSamples(DataSetIterator it) {
        if (it instanceof org.snn4j.data.iterator.FrameDataSetIterator) {
            return ((org.snn4j.data.iterator.FrameDataSetIterator) it).dataset().size();
        }
        throw new IllegalArgumentException("unknown iterator size: " + it.getClass().getName());
    }
}
