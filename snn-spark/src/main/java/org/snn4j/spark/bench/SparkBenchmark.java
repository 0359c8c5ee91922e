package org.snn4j.spark.bench;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.bench.BenchOptions;
import org.snn4j.bench.Benchmark;
import org.snn4j.bench.Machine;
import org.snn4j.core.io.AtomicFiles;
import org.snn4j.spark.LocalCluster;
import org.snn4j.spark.SparkContexts;
import org.snn4j.spark.SparkEngine;
import org.snn4j.train.Progress;
import org.snn4j.train.data.ExperimentData;
import org.snn4j.train.engine.EpochEngine;
import org.snn4j.train.engine.LocalEngine;
import org.snn4j.train.options.TrainArguments;
import org.snn4j.train.recipe.NetworkFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code snn bench spark}: the same training (the small SNN on the synthetic events, same seed) in one process,
 * on Spark {@code local[W]}, and on a standalone master + worker on 127.0.0.1 with W one-core executor JVMs;
 * per epoch the fit time, samples/s, test accuracy and the share of the fit time the executors were not running
 * tasks (broadcast of parameters and updater state, scheduling, collecting and averaging on the driver).
 *
 * <p>The standalone mode needs the shaded snn-spark.jar (it is the workers' class path). Registered as a
 * service of {@link Benchmark}, so {@code snn bench} lists it when snn-spark is on the class path.
 */
public final class SparkBenchmark implements Benchmark {
    private static final List<String> MODES = List.of("local", "local-spark", "standalone");

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public String summary() {
        return "epoch time, accuracy and communication share in one process vs Spark local[W] vs a standalone "
                + "cluster on 127.0.0.1 (no peer)";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("epochs").hasArg().argName("N").desc("epochs per mode (default 3)").build());
        o.addOption(Option.builder().longOpt("workers").hasArg().argName("W").desc("Spark workers (default 2)").build());
        o.addOption(Option.builder().longOpt("averaging-frequency").hasArg().argName("K")
                .desc("minibatches per worker between parameter averagings (default 1)").build());
        o.addOption(Option.builder().longOpt("train-size").hasArg().argName("N").desc("synthetic training clips (default 1100)").build());
        o.addOption(Option.builder().longOpt("test-size").hasArg().argName("N").desc("synthetic test clips (default 330)").build());
        o.addOption(Option.builder().longOpt("timesteps").hasArg().argName("T").desc("time steps per clip (default 8)").build());
        o.addOption(Option.builder().longOpt("modes").hasArg().argName("LIST")
                .desc("comma-separated, of " + String.join(", ", MODES) + " (default all; standalone needs snn-spark.jar)").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("FILE").desc("results file, JSON (default none)").build());
        return o;
    }

    @Override
    public void run(CommandLine cl, PrintStream out) throws IOException {
        int epochs = BenchOptions.intOption(cl, "epochs", 3, 1);
        int workers = BenchOptions.intOption(cl, "workers", 2, 1);
        int k = BenchOptions.intOption(cl, "averaging-frequency", 1, 1);
        List<String> modes = List.of(cl.getOptionValue("modes", String.join(",", MODES)).split(","));
        for (String mode : modes) {
            if (!MODES.contains(mode)) {
                throw new IllegalArgumentException("--modes: unknown mode '" + mode + "' (" + String.join(", ", MODES) + ")");
            }
        }
        Map<String, Object> cfg;
        try {
            cfg = TrainArguments.resolve(TrainArguments.parse(List.of("--epochs", Integer.toString(epochs),
                    "--train-size", Integer.toString(BenchOptions.intOption(cl, "train-size", 1100, 1)),
                    "--test-size", Integer.toString(BenchOptions.intOption(cl, "test-size", 330, 1)),
                    "--timesteps", Integer.toString(BenchOptions.intOption(cl, "timesteps", 8, 1)))));
        } catch (org.snn4j.train.options.UsageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        int batch = ((Number) cfg.get("batch")).intValue();
        List<Map<String, Object>> rows = new ArrayList<>();
        out.println("machine: " + Machine.oneLine() + "; load " + Machine.loadAverage());
        out.printf(Locale.ROOT, "%d cores, %d workers, averaging every %d, batch %d per worker, %d train clips%n",
                Runtime.getRuntime().availableProcessors(), workers, k, batch, ((Number) cfg.get("train_size")).intValue());
        for (String mode : modes) {
            switch (mode) {
                case "local" -> rows.addAll(run(mode, cfg, new LocalEngine(), null, 1, epochs, out));
                case "local-spark" -> {
                    try (JavaSparkContext sc = new JavaSparkContext(SparkContexts.conf("local[" + workers + "]", "snn bench spark"))) {
                        TaskTime tt = TaskTime.on(sc);
                        rows.addAll(run(mode, cfg, new SparkEngine(cfg, "local[" + workers + "]", workers, k, batch, sc), tt,
                                workers, epochs, out));
                    }
                }
                default -> rows.addAll(standalone(cfg, workers, k, batch, epochs, out));
            }
        }
        if (cl.hasOption("out")) {
            Map<String, Object> doc = new LinkedHashMap<>();
            doc.put("benchmark", "spark");
            doc.put("machine", Machine.oneLine());
            doc.put("load_average", Machine.loadAverage());
            doc.put("cores", Runtime.getRuntime().availableProcessors());
            doc.put("workers", workers);
            doc.put("averaging_frequency", k);
            doc.put("config", cfg);
            doc.put("epochs", rows);
            Path file = Path.of(cl.getOptionValue("out"));
            AtomicFiles.writeString(file, new org.nd4j.shade.jackson.databind.ObjectMapper()
                    .writerWithDefaultPrettyPrinter().writeValueAsString(doc));
            out.println("results written to " + file);
        }
    }

    private static List<Map<String, Object>> standalone(Map<String, Object> cfg, int workers, int k, int batch, int epochs,
                                                        PrintStream out) throws IOException {
        Path jar = ownJar();
        Path dir = Files.createTempDirectory("snn-bench-spark");
        try (LocalCluster cluster = LocalCluster.start(dir, List.of(jar), workers, (workers * 1536) + "m")) {
            SparkConf conf = SparkContexts.conf(cluster.url(), "snn bench spark")
                    .set("spark.driver.host", "127.0.0.1").set("spark.driver.bindAddress", "127.0.0.1")
                    .set("spark.executor.cores", "1").set("spark.cores.max", Integer.toString(workers))
                    .set("spark.executor.memory", "1g").set("spark.executorEnv.OMP_NUM_THREADS", "1")
                    .set("spark.executor.extraJavaOptions", SparkContexts.executorJavaOptions("-Dorg.bytedeco.javacpp.maxbytes=2G"));
            try (JavaSparkContext sc = new JavaSparkContext(conf)) {
                TaskTime tt = TaskTime.on(sc);
                return run("standalone", cfg, new SparkEngine(cfg, cluster.url(), workers, k, batch, sc), tt, workers, epochs, out);
            }
        } finally {
            // the executors' folders hold a copy of the submitted jar each
            try (java.util.stream.Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    private static Path ownJar() {
        try {
            Path p = Path.of(SparkBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isRegularFile(p)) {
                return p;
            }
        } catch (java.net.URISyntaxException e) {
            // fall through
        }
        throw new IllegalArgumentException("the standalone mode runs from the shaded snn-spark.jar (mvn -B -pl snn-spark "
                + "-am package -Pspark-jar -DskipTests); or pass --modes local,local-spark");
    }

    private static List<Map<String, Object>> run(String mode, Map<String, Object> cfg, EpochEngine engine, TaskTime tasks,
                                                 int workers, int epochs, PrintStream out) {
        long seed = ((Number) cfg.get("seed")).longValue();
        ExperimentData data = ExperimentData.fromConfig(cfg);
        Model net = NetworkFactory.build(cfg, data, seed);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int e = 0; e < epochs; e++) {
            Nd4j.getRandom().setSeed(seed + e);
            long busy0 = tasks == null ? 0 : tasks.nanos.get();
            long t0 = System.nanoTime();
            EpochEngine.Fit fit = engine.fitEpoch(net, data.trainIterator(seed + e), e, new Progress(quiet, false, "", 1));
            long wall = System.nanoTime() - t0;
            if (tasks != null) {
                tasks.awaitAllEnded();
            }
            long busy = tasks == null ? 0 : tasks.nanos.get() - busy0;
            double acc = engine.evaluate(net, data.testIterator(), false, false)[1];
            double seconds = wall / 1e9;
            // executor task time over the time the W workers were available for it
            Double overhead = tasks == null ? null : Math.max(0, 1 - busy / (double) (workers * wall));
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("mode", mode);
            row.put("epoch", e + 1);
            row.put("fit_seconds", seconds);
            row.put("samples_per_second", fit.samples() / seconds);
            row.put("test_accuracy", acc);
            row.put("outside_task_share", overhead);
            rows.add(row);
            out.printf(Locale.ROOT, "%-12s epoch %d  fit %.1f s  %.1f samples/s  test acc %.4f%s%n", mode, e + 1,
                    seconds, fit.samples() / seconds, acc,
                    overhead == null ? "" : String.format(Locale.ROOT, "  outside tasks %.0f%%", 100 * overhead));
        }
        return rows;
    }

    /** Sums the run time of every finished Spark task (executorRunTime, ms) of one context. */
    private static final class TaskTime extends SparkListener {
        final AtomicLong nanos = new AtomicLong();
        private final AtomicLong started = new AtomicLong();
        private final AtomicLong ended = new AtomicLong();

        static TaskTime on(JavaSparkContext sc) {
            TaskTime t = new TaskTime();
            sc.sc().addSparkListener(t);
            return t;
        }

        @Override
        public void onTaskStart(org.apache.spark.scheduler.SparkListenerTaskStart start) {
            started.incrementAndGet();
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd end) {
            if (end.taskMetrics() != null) {
                nanos.addAndGet(end.taskMetrics().executorRunTime() * 1_000_000L);
            }
            ended.incrementAndGet();
        }

        /** Listener events arrive asynchronously: waits (up to 5 s) until every started task's end was seen. */
        void awaitAllEnded() {
            long until = System.nanoTime() + 5_000_000_000L;
            while (ended.get() < started.get() && System.nanoTime() < until) {
                Thread.onSpinWait();
                try {
                    Thread.sleep(10);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
