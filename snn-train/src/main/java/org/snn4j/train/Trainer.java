package org.snn4j.train;

import org.snn4j.train.run.RunRecord;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.train.TrainingException;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * The epoch loop: fit, evaluate on train and test data, record, checkpoint.
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

    public Trainer(Model net, IntFunction<DataSetIterator> trainForEpoch, DataSetIterator test, long seed,
                   PrintStream out, boolean terminal) {
        this.net = net;
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
        long samples = 0;
        double lossSum = 0;
        int done = 0;
        train.reset();
        while (train.hasNext()) {
            DataSet ds = train.next();
            Networks.fit(net, ds);
            double loss = net.score();
            if (Double.isNaN(loss) || Double.isInfinite(loss)) {
                throw new TrainingException(String.format(Locale.ROOT, "training stopped: loss became %s at epoch %d, batch %d "
                        + "(try a lower --lr)", loss, e + 1, done + 1));
            }
            lossSum += loss * ds.numExamples();
            samples += ds.numExamples();
            progress.update(++done, samples);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Networks.endEpoch(net);
        train.reset();
        double[] trainEval = evaluate(train, false);
        double[] testEval = evaluate(test, true);
        return new EpochMetrics(e + 1, lossSum / Math.max(1, samples), trainEval[1], testEval[0], testEval[1],
                seconds, samples / seconds);
    }

    /**
     * {mean loss, accuracy} in inference mode; the loss (a second forward pass) only when asked, since
     * the training loss already comes from the training batches.
     */
    public double[] evaluate(DataSetIterator it, boolean withLoss) {
        it.reset();
        Evaluation ev = new Evaluation();
        double lossSum = 0;
        long n = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray out = Networks.output(net, ds.getFeatures());
            ev.eval(ds.getLabels(), out);
            if (withLoss) {
                lossSum += Networks.score(net, ds) * ds.numExamples();
            }
            n += ds.numExamples();
        }
        it.reset();
        return new double[]{withLoss ? lossSum / Math.max(1, n) : Double.NaN, ev.accuracy()};
    }

    private static long countSamples(DataSetIterator it) {
        if (it instanceof org.snn4j.data.iterator.FrameDataSetIterator) {
            return ((org.snn4j.data.iterator.FrameDataSetIterator) it).dataset().size();
        }
        throw new IllegalArgumentException("unknown iterator size: " + it.getClass().getName());
    }
}
