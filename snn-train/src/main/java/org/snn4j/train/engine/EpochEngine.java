package org.snn4j.train.engine;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.snn4j.train.Progress;

/**
 * How one training epoch and one evaluation run: in this process ({@link LocalEngine}), or spread over
 * workers by another engine (DL4J's Spark training masters, ParallelWrapper). The trainer around it
 * (epoch loop, seeds, metrics, checkpoints, run record) is the same for every engine. An engine updates the
 * network it is given in place, so what is checkpointed after an epoch is the trained model.
 */
public interface EpochEngine extends AutoCloseable {

    /** What one epoch of fitting saw: examples and the sum of their training losses (loss x examples). */
    record Fit(long samples, double lossSum) {
    }

    /**
     * Fits {@code net} on one pass over {@code train} (the epoch's order, already seeded), reports
     * progress, and ends the epoch as DL4J's {@code fit(iterator)} would (epoch count, listeners).
     *
     * @param epoch zero-based epoch number (for messages)
     */
    Fit fitEpoch(Model net, DataSetIterator train, int epoch, Progress progress);

    /**
     * {mean loss, accuracy} of {@code net} on {@code data} in inference mode; the loss (a second forward
     * pass) only when asked, NaN otherwise. {@code trainingPart} says whether {@code data} is the run's
     * training or test part (an engine whose workers rebuild the data needs to know which).
     */
    default double[] evaluate(Model net, DataSetIterator data, boolean trainingPart, boolean withLoss) {
        return LocalEngine.evaluateHere(net, data, withLoss);
    }

    /** One line for the run's first output, e.g. "spark local[2], 2 workers, averaging every 1 step". */
    String describe();

    /** Releases the engine's resources (a Spark context, worker threads); the network stays usable. */
    @Override
    default void close() {
    }
}
