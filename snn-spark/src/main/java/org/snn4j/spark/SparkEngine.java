package org.snn4j.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingMaster;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.multilayer.SparkDl4jMultiLayer;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.train.Networks;
import org.snn4j.train.Progress;
import org.snn4j.train.TrainingException;
import org.snn4j.train.engine.EpochEngine;
import org.snn4j.train.engine.LocalEngine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Training on Apache Spark with DL4J's {@link ParameterAveragingTrainingMaster}: each averaging period,
 * {@code workers} executors each fit {@code averagingFrequency} mini-batches of {@code batchPerWorker} clips
 * from the same parameters and updater state, and the driver averages what they return. Only clip indices
 * leave the driver; executors build the frames from the run configuration ({@link ExecutorData}).
 *
 * <p>The epoch's clip order is the local run's (the trainer's seeded shuffle). Each averaging period is one
 * {@code fit} of an RDD of exactly {@code workers} partitions of consecutive batches, so worker i of a period
 * trains batches [i*K, (i+1)*K) of it: with one worker and K = 1 this is, step for step, the single-process
 * run. Evaluation runs on the executors too.
 */
public final class SparkEngine implements EpochEngine {
    private final Map<String, Object> cfg;
    private final String master;
    private final int workers;
    private final int averagingFrequency;
    private final int batchPerWorker;
    private final JavaSparkContext sc;
    private final boolean ownContext;
    private SparkDl4jMultiLayer sparkNet;
    private SparkComputationGraph sparkGraph;
    private Model wrapped;

    /**
     * @param sc an existing Spark context to use (and leave open), or null to create one for {@code master}
     */
    public SparkEngine(Map<String, Object> cfg, String master, int workers, int averagingFrequency, int batchPerWorker,
                       JavaSparkContext sc) {
        if (workers < 1 || averagingFrequency < 1 || batchPerWorker < 1) {
            throw new IllegalArgumentException("workers, averaging frequency and batch per worker must be >= 1, got "
                    + workers + ", " + averagingFrequency + ", " + batchPerWorker);
        }
        this.cfg = cfg;
        this.master = master;
        this.workers = workers;
        this.averagingFrequency = averagingFrequency;
        this.batchPerWorker = batchPerWorker;
        this.ownContext = sc == null;
        this.sc = sc != null ? sc : new JavaSparkContext(SparkContexts.conf(master, "snn4j train " + cfg.get("model")));
    }

    @Override
    public Fit fitEpoch(Model net, DataSetIterator train, int epoch, Progress progress) {
        List<int[]> batches = batches(frames(train), batchPerWorker);
        int perPeriod = workers * averagingFrequency;
        int epochCount = Networks.epochCount(net);
        long samples = 0;
        double lossSum = 0;
        int done = 0;
        for (int start = 0; start < batches.size(); start += perPeriod) {
            List<int[]> period = batches.subList(start, Math.min(batches.size(), start + perPeriod));
            // ceil(period / K) partitions of K consecutive batches (the last period may use fewer workers)
            int partitions = Math.min(workers, (period.size() + averagingFrequency - 1) / averagingFrequency);
            JavaRDD<DataSet> rdd = sc.parallelize(new ArrayList<>(period), partitions)
                    .map(new ExecutorData.BuildBatch(cfg, ExecutorData.Part.TRAIN));
            double score = fit(net, rdd);
            long n = period.stream().mapToLong(b -> b.length).sum();
            lossSum += LocalEngine.checkedLoss(score, epoch, start + period.size()) * n;
            samples += n;
            done += period.size();
            progress.update(done, samples);
        }
        // DL4J's Spark fit counts an epoch per call (one per averaging period here): one epoch it is.
        Networks.setEpochCount(net, epochCount);
        Networks.endEpoch(net);
        return new Fit(samples, lossSum);
    }

    /** Fits one averaging period; returns the workers' mean loss of it. */
    private double fit(Model net, JavaRDD<DataSet> rdd) {
        if (net instanceof MultiLayerNetwork mln) {
            if (sparkNet == null || wrapped != net) {
                sparkNet = new SparkDl4jMultiLayer(sc, mln, trainingMaster());
                wrapped = net;
            }
            sparkNet.fit(rdd);
            return sparkNet.getScore();
        }
        ComputationGraph graph = (ComputationGraph) net;
        if (sparkGraph == null || wrapped != net) {
            sparkGraph = new SparkComputationGraph(sc, graph, trainingMaster());
            wrapped = net;
        }
        sparkGraph.fit(rdd);
        return sparkGraph.getScore();
    }

    private TrainingMaster<?, ?> trainingMaster() {
        return new ParameterAveragingTrainingMaster.Builder(workers, batchPerWorker)
                .batchSizePerWorker(batchPerWorker)
                .averagingFrequency(averagingFrequency)
                // the partitions are laid out above (consecutive batches per worker): keep them
                .repartionData(Repartition.Never)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .workerPrefetchNumBatches(0)
                .saveUpdater(true)
                .collectTrainingStats(false)
                .build();
    }

    @Override
    public double[] evaluate(Model net, DataSetIterator data, boolean trainingPart, boolean withLoss) {
        List<int[]> batches = batches(frames(data), batchPerWorker);
        JavaRDD<DataSet> rdd = sc.parallelize(batches, Math.max(1, Math.min(workers, batches.size())))
                .map(new ExecutorData.BuildBatch(cfg, trainingPart ? ExecutorData.Part.TRAIN : ExecutorData.Part.TEST));
        if (net instanceof MultiLayerNetwork mln) {
            SparkDl4jMultiLayer s = new SparkDl4jMultiLayer(sc, mln, trainingMaster());
            Evaluation ev = s.evaluate(rdd);
            return new double[]{withLoss ? s.calculateScore(rdd, true) : Double.NaN, ev.accuracy()};
        }
        SparkComputationGraph s = new SparkComputationGraph(sc, (ComputationGraph) net, trainingMaster());
        Evaluation ev = s.evaluate(rdd);
        return new double[]{withLoss ? s.calculateScore(rdd, true) : Double.NaN, ev.accuracy()};
    }

    private static FrameDataSetIterator frames(DataSetIterator it) {
        if (!(it instanceof FrameDataSetIterator f)) {
            throw new TrainingException("Spark training reads event-frame datasets; got a " + it.getClass().getSimpleName());
        }
        return f;
    }

    /** The iterator's current epoch order, reset first, cut into batches of clip indices. */
    static List<int[]> batches(FrameDataSetIterator it, int batch) {
        it.reset();
        int[] order = it.order();
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < order.length; i += batch) {
            out.add(Arrays.copyOfRange(order, i, Math.min(order.length, i + batch)));
        }
        return out;
    }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "Spark %s (Spark %s), %d workers, parameter averaging every %d mini-batch%s "
                        + "of %d clips per worker", master, sc.version(), workers, averagingFrequency,
                averagingFrequency == 1 ? "" : "es", batchPerWorker);
    }

    @Override
    public void close() {
        if (ownContext) {
            sc.close();
        }
    }
}
