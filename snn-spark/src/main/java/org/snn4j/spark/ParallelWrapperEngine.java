package org.snn4j.spark;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.parallelism.ParallelWrapper;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.train.Networks;
import org.snn4j.train.Progress;
import org.snn4j.train.engine.EpochEngine;
import org.snn4j.train.engine.LocalEngine;

import java.util.Locale;

/**
 * Several replicas of the network on this machine's devices (GPUs; on the CPU backend, groups of cores) with
 * DL4J's {@link ParallelWrapper} in {@code AVERAGING} mode: each replica fits its own mini-batches and the
 * parameters and updater states are averaged every {@code averagingFrequency} batches per replica and at the
 * end of the epoch, into the network being trained. Shared-gradient mode is not offered (it deadlocks on the
 * second fit in DL4J 1.0.0-M2.1).
 */
public final class ParallelWrapperEngine implements EpochEngine {
    private final int devices;
    private final int averagingFrequency;

    public ParallelWrapperEngine(int devices, int averagingFrequency) {
        if (devices < 1 || averagingFrequency < 1) {
            throw new IllegalArgumentException("devices and averaging frequency must be >= 1, got " + devices + ", "
                    + averagingFrequency);
        }
        this.devices = devices;
        this.averagingFrequency = averagingFrequency;
    }

    @Override
    public Fit fitEpoch(Model net, DataSetIterator train, int epoch, Progress progress) {
        int epochCount = Networks.epochCount(net);
        // A fresh wrapper per epoch: its replicas start from the network's current parameters and updater state.
        ParallelWrapper pw = new ParallelWrapper.Builder<>(net)
                .workers(devices)
                .prefetchBuffer(2 * devices)
                .averagingFrequency(averagingFrequency)
                .averageUpdaters(true)
                .reportScoreAfterAveraging(true)
                .trainingMode(ParallelWrapper.TrainingMode.AVERAGING)
                .build();
        try {
            train.reset();
            pw.fit(train);
        } finally {
            pw.shutdown();
        }
        long samples = train instanceof FrameDataSetIterator f ? f.dataset().size() : 0;
        double loss = LocalEngine.checkedLoss(net.score(), epoch, 0);
        int batches = (int) Math.ceil(samples / (double) Math.max(1, train.batch()));
        progress.update(batches, samples);
        Networks.setEpochCount(net, epochCount);
        Networks.endEpoch(net);
        return new Fit(samples, loss * samples);
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "ParallelWrapper, %d replicas, parameter averaging every %d mini-batch%s",
                devices, averagingFrequency, averagingFrequency == 1 ? "" : "es");
    }
}
