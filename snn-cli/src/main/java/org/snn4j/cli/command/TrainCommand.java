package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.cli.CliFailure;
import org.snn4j.cli.UsageException;
import org.snn4j.cli.experiment.EpochMetrics;
import org.snn4j.cli.experiment.ExperimentData;
import org.snn4j.cli.experiment.RunRecord;
import org.snn4j.cli.experiment.Trainer;
import org.nd4j.linalg.learning.config.Adam;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.snn4j.cli.command.OptionValues.doubleValue;
import static org.snn4j.cli.command.OptionValues.intValue;
import static org.snn4j.cli.command.OptionValues.longValue;

/** {@code snn train}: trains a network and leaves a run directory (see {@link RunRecord}). */
public final class TrainCommand implements Command {

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train a spiking network (default: the small SNN on the built-in synthetic event data)";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("model").hasArg().argName("NAME").desc("zoo model (default small-snn; see snn info)").build());
        o.addOption(Option.builder().longOpt("width-mult").hasArg().argName("X").desc("scale every hidden width of the model (default 1)").build());
        o.addOption(Option.builder().longOpt("variant").hasArgs().argName("KEY=VALUE").desc("model variant option (repeatable; see snn info NAME)").build());
        o.addOption(Option.builder().longOpt("dataset").hasArg().argName("NAME").desc("synthetic (default), fashion-mnist, "
                + "dvsgesture, cifar10dvs, nmnist, ncaltech101 or snne").build());
        o.addOption(Option.builder().longOpt("data-dir").hasArg().argName("DIR").desc("dataset folder (real datasets; "
                + "fashion-mnist defaults to Debian's /usr/share/datasets/fashion-mnist)").build());
        o.addOption(Option.builder().longOpt("epochs").hasArg().argName("N").desc("training epochs (default 3)").build());
        o.addOption(Option.builder().longOpt("batch").hasArg().argName("N").desc("mini-batch size (default 16)").build());
        o.addOption(Option.builder().longOpt("timesteps").hasArg().argName("T").desc("time steps / frames per clip (default 8)").build());
        o.addOption(Option.builder().longOpt("seed").hasArg().argName("S").desc("seed for data, weights and order (default 42)").build());
        o.addOption(Option.builder().longOpt("lr").hasArg().argName("X").desc("Adam learning rate (default 0.002)").build());
        o.addOption(Option.builder().longOpt("train-size").hasArg().argName("N").desc("training clips (synthetic: generated, default 1100; fashion-mnist: first N images)").build());
        o.addOption(Option.builder().longOpt("test-size").hasArg().argName("N").desc("test clips (synthetic: generated, default 330; fashion-mnist: first N images)").build());
        o.addOption(Option.builder().longOpt("sensor").hasArg().argName("PX").desc("synthetic sensor size (default 32)").build());
        o.addOption(Option.builder().longOpt("threads").hasArg().argName("N").desc("compute threads (default: all cores)").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR").desc("run directory (default runs/<time>-small-snn)").build());
        o.addOption(Option.builder().longOpt("resume").hasArg().argName("DIR").desc("continue the run in DIR from its last checkpoint").build());
        o.addOption(Option.builder().longOpt("force").desc("allow writing into an existing, non-empty --out").build());
        return o;
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        Map<String, Object> cfg = new LinkedHashMap<>();
        RunRecord record;
        if (cmd.hasOption("resume")) {
            // Everything but the epoch count comes from the run being resumed.
            record = RunRecord.open(Path.of(cmd.getOptionValue("resume")));
            cfg.putAll(record.readJson("config.json"));
            if (cmd.hasOption("epochs")) {
                cfg.put("epochs", intValue(cmd, "epochs", 3, 1));
            }
        } else {
            String model = cmd.getOptionValue("model", "small-snn");
            if (!ModelZoo.names().contains(model)) {
                throw new UsageException("unknown model '" + model + "'; valid names: " + String.join(", ", ModelZoo.names()));
            }
            cfg.put("model", model);
            cfg.put("width_mult", doubleValue(cmd, "width-mult", 1.0, 0));
            cfg.put("variant", variants(cmd));
            String dataset = cmd.getOptionValue("dataset", "synthetic");
            if (!ExperimentData.DATASETS.contains(dataset)) {
                throw new UsageException("unknown dataset '" + dataset + "'; valid names: " + String.join(", ", ExperimentData.DATASETS));
            }
            cfg.put("dataset", dataset);
            if (cmd.hasOption("data-dir")) {
                cfg.put("data_dir", Path.of(cmd.getOptionValue("data-dir")).toAbsolutePath().toString());
            }
            cfg.put("epochs", intValue(cmd, "epochs", 3, 1));
            cfg.put("batch", intValue(cmd, "batch", 16, 1));
            cfg.put("timesteps", intValue(cmd, "timesteps", 8, 1));
            cfg.put("seed", longValue(cmd, "seed", 42));
            cfg.put("lr", doubleValue(cmd, "lr", 2e-3, 0));
            cfg.put("train_size", intValue(cmd, "train-size", 1100, 1));
            cfg.put("test_size", intValue(cmd, "test-size", 330, 1));
            cfg.put("sensor", intValue(cmd, "sensor", 32, 16));
            String outDir = cmd.getOptionValue("out", "runs/" + LocalDateTime.now().format(
                    DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-" + model);
            record = RunRecord.create(Path.of(outDir), cmd.hasOption("force"));
        }
        int threads = intValue(cmd, "threads", Runtime.getRuntime().availableProcessors(), 1);
        // The fused neuron kernels run on the common fork-join pool (its workers plus the calling thread);
        // this takes effect when the pool has not been created yet, i.e. on a fresh CLI process.
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", Integer.toString(Math.max(1, threads - 1)));
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);

        int epochs = num(cfg, "epochs").intValue();
        long seed = num(cfg, "seed").longValue();
        ExperimentData data = ExperimentData.fromConfig(cfg);
        int t = data.timesteps();

        Model net;
        List<EpochMetrics> earlier;
        int first;
        if (cmd.hasOption("resume")) {
            earlier = record.readMetrics();
            first = earlier.size();
            if (first >= epochs) {
                throw new CliFailure("run " + record.dir() + " already finished " + first + " of " + epochs
                        + " epochs; pass a larger --epochs to continue it");
            }
            net = RunRecord.loadModel(record.checkpoint(first));
            out.printf(Locale.ROOT, "resuming %s after epoch %d%n", record.dir(), first);
        } else {
            record.writeJson("config.json", cfg);
            net = build(cfg, data, seed);
            earlier = List.of();
            first = 0;
            out.printf(Locale.ROOT, "training %s (%,d parameters) on %s events: %d train / %d test clips, "
                    + "T=%d, batch %d, seed %d -> %s%n", cfg.get("model"), net.numParams(), cfg.get("dataset"), data.train().size(), data.test().size(), t, data.batch(), seed,
                    record.dir());
        }
        record.writeEnvironment();
        record.writeJson("config.json", cfg);
        Trainer trainer = new Trainer(net, e -> data.trainIterator(seed + e), data.testIterator(), seed, out,
                System.console() != null);
        List<EpochMetrics> all = trainer.run(first, epochs, record, earlier);
        EpochMetrics last = all.get(all.size() - 1);
        double best = all.stream().mapToDouble(EpochMetrics::testAccuracy).max().orElse(0);
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("final_test_acc", last.testAccuracy());
        summary.put("best_test_acc", best);
        summary.put("epochs", all.size());
        summary.put("train_seconds", all.stream().mapToDouble(EpochMetrics::seconds).sum());
        record.writeJson("summary.json", summary);
        out.printf(Locale.ROOT, "final test accuracy %.4f (best %.4f); run saved in %s%n", last.testAccuracy(), best, record.dir());
        return 0;
    }

    /** The zoo network for the resolved configuration, sized for the data. */
    @SuppressWarnings("unchecked")
    static Model build(Map<String, Object> cfg, ExperimentData data, long seed) {
        String name = String.valueOf(cfg.get("model"));
        ModelOptions o = ModelZoo.get(name).defaults()
                .input(2, data.train().height(), data.train().width())
                .timesteps(data.timesteps())
                .classes(data.train().numClasses())
                .widthMultiplier(num(cfg, "width_mult").doubleValue())
                .updater(new Adam(num(cfg, "lr").doubleValue()))
                .seed(seed);
        Object variant = cfg.get("variant");
        if (variant instanceof Map) {
            ((Map<String, Object>) variant).forEach((k, v) -> o.variant(k, String.valueOf(v)));
        }
        try {
            return ModelZoo.build(name, o).init();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliFailure("cannot build " + name + " for this data (" + data.train().width() + "x"
                    + data.train().height() + ", T=" + data.timesteps() + "): " + e.getMessage(), e);
        }
    }

    static Map<String, String> variants(CommandLine cmd) throws UsageException {
        Map<String, String> v = new LinkedHashMap<>();
        String[] values = cmd.getOptionValues("variant");
        if (values != null) {
            for (String kv : values) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new UsageException("--variant expects KEY=VALUE, got '" + kv + "'");
                }
                v.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
        }
        return v;
    }

    private static Number num(Map<String, Object> cfg, String key) {
        return ExperimentData.number(cfg, key);
    }
}
