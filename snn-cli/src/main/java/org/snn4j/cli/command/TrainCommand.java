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
import org.nd4j.linalg.schedule.ISchedule;
import org.snn4j.cli.experiment.RecipeConfig;
import org.snn4j.models.loss.LossKind;
import org.snn4j.models.optim.CosineAnnealingSchedule;
import org.snn4j.models.optim.Optimizers;
import org.snn4j.models.optim.ReduceLrOnPlateau;
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

    /** The run configuration without a recipe or options: the small SNN on the built-in synthetic events. */
    private static Map<String, Object> defaults() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("model", "small-snn");
        d.put("width_mult", 1.0);
        d.put("variant", Map.of());
        d.put("dataset", "synthetic");
        d.put("epochs", 3);
        d.put("batch", 16);
        d.put("timesteps", 8);
        d.put("seed", 42L);
        d.put("lr", 2e-3);
        d.put("train_size", 1100);
        d.put("test_size", 330);
        d.put("sensor", 32);
        d.put("optimizer", Map.of("type", "adam", "weight_decay", 0.0));
        d.put("schedule", Map.of("type", "constant"));
        return d;
    }

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
        o.addOption(Option.builder().longOpt("recipe").hasArg().argName("NAME|FILE").desc("training recipe (bundled name "
                + "or JSON file): sets model, dataset, T, batch, epochs, seed, loss, optimizer, schedule; the other "
                + "options override it").build());
        o.addOption(Option.builder().longOpt("model").hasArg().argName("NAME").desc("zoo model (default small-snn; see snn info)").build());
        o.addOption(Option.builder().longOpt("width-mult").hasArg().argName("X").desc("scale every hidden width of the model (default 1)").build());
        o.addOption(Option.builder().longOpt("variant").hasArgs().argName("KEY=VALUE").desc("model variant option (repeatable; see snn info NAME)").build());
        o.addOption(Option.builder().longOpt("dataset").hasArg().argName("NAME").desc("synthetic (default), fashion-mnist, "
                + "dvsgesture, cifar10dvs, nmnist, ncaltech101 or snne").build());
        o.addOption(Option.builder().longOpt("data-dir").hasArg().argName("DIR").desc("dataset folder (real datasets; "
                + "fashion-mnist defaults to Debian's /usr/share/datasets/fashion-mnist)").build());
        o.addOption(Option.builder().longOpt("cache").hasArg().argName("DIR").desc("frame cache of a dataset folder (as "
                + "written by snn convert --cache DIR): clips are read from it, missing ones integrated and added").build());
        o.addOption(Option.builder().longOpt("epochs").hasArg().argName("N").desc("training epochs (default 3)").build());
        o.addOption(Option.builder().longOpt("batch").hasArg().argName("N").desc("mini-batch size (default 16)").build());
        o.addOption(Option.builder().longOpt("timesteps").hasArg().argName("T").desc("time steps / frames per clip (default 8)").build());
        o.addOption(Option.builder().longOpt("seed").hasArg().argName("S").desc("seed for data, weights and order (default 42)").build());
        o.addOption(Option.builder().longOpt("lr").hasArg().argName("X").desc("learning rate (default: Adam 0.002)").build());
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
            cfg.putAll(defaults());
            if (cmd.hasOption("recipe")) {
                String recipe = cmd.getOptionValue("recipe");
                cfg.putAll(RecipeConfig.entries(RecipeConfig.load(recipe), recipe));
            }
            // Explicit options override the recipe, which overrides the defaults.
            String model = cmd.getOptionValue("model", String.valueOf(cfg.get("model")));
            if (!ModelZoo.names().contains(model)) {
                throw new UsageException("unknown model '" + model + "'; valid names: " + String.join(", ", ModelZoo.names()));
            }
            cfg.put("model", model);
            if (!cfg.containsKey("loss")) {
                cfg.put("loss", ModelZoo.get(model).defaults().loss().name().toLowerCase(Locale.ROOT));
                cfg.put("label_smoothing", ModelZoo.get(model).defaults().labelSmoothing());
            }
            cfg.put("width_mult", doubleValue(cmd, "width-mult", num(cfg, "width_mult").doubleValue(), 0));
            Map<String, Object> variant = new LinkedHashMap<>(map(cfg, "variant"));
            variant.putAll(variants(cmd));
            cfg.put("variant", variant);
            String dataset = cmd.getOptionValue("dataset", String.valueOf(cfg.get("dataset")));
            if (!ExperimentData.DATASETS.contains(dataset)) {
                throw new UsageException("unknown dataset '" + dataset + "'"
                        + (cmd.hasOption("dataset") ? "" : " (from recipe " + cfg.get("recipe") + "; override with --dataset)")
                        + "; snn train reads: " + String.join(", ", ExperimentData.DATASETS));
            }
            cfg.put("dataset", dataset);
            if (cmd.hasOption("data-dir")) {
                cfg.put("data_dir", Path.of(cmd.getOptionValue("data-dir")).toAbsolutePath().toString());
            }
            if (cmd.hasOption("cache")) {
                if (dataset.equals("synthetic") || dataset.equals("fashion-mnist")) {
                    throw new UsageException("--cache is for dataset folders (dvsgesture, cifar10dvs, nmnist, ncaltech101, "
                            + "snne); " + dataset + " clips are generated in memory");
                }
                cfg.put("cache_dir", Path.of(cmd.getOptionValue("cache")).toAbsolutePath().toString());
            }
            for (String[] o : new String[][]{{"epochs", "epochs"}, {"batch", "batch"}, {"timesteps", "timesteps"},
                    {"train-size", "train_size"}, {"test-size", "test_size"}}) {
                cfg.put(o[1], intValue(cmd, o[0], num(cfg, o[1]).intValue(), 1));
            }
            cfg.put("sensor", intValue(cmd, "sensor", num(cfg, "sensor").intValue(), 16));
            cfg.put("seed", longValue(cmd, "seed", num(cfg, "seed").longValue()));
            cfg.put("lr", doubleValue(cmd, "lr", num(cfg, "lr").doubleValue(), 0));
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
        attachSchedule(net, cfg);
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
    static Model build(Map<String, Object> cfg, ExperimentData data, long seed) {
        String name = String.valueOf(cfg.get("model"));
        ModelOptions o = ModelZoo.get(name).defaults()
                .input(2, data.train().height(), data.train().width())
                .timesteps(data.timesteps())
                .classes(data.train().numClasses())
                .widthMultiplier(num(cfg, "width_mult").doubleValue())
                .seed(seed);
        map(cfg, "variant").forEach((k, v) -> o.variant(k, String.valueOf(v)));
        map(cfg, "attention").forEach((k, v) -> o.attentionOption(k, String.valueOf(v)));
        try {
            if (cfg.get("loss") != null) {
                o.loss(LossKind.parse(String.valueOf(cfg.get("loss"))));
            }
            if (cfg.get("label_smoothing") instanceof Number) {
                o.labelSmoothing(num(cfg, "label_smoothing").doubleValue());
            }
            Map<String, Object> opt = map(cfg, "optimizer");
            double lr = num(cfg, "lr").doubleValue();
            Map<String, Object> schedule = map(cfg, "schedule");
            ISchedule lrSchedule = "cosine".equals(schedule.get("type")) ? new CosineAnnealingSchedule(lr,
                    num(schedule, "t_max").intValue(), num(schedule, "eta_min").doubleValue()) : null;
            Optimizers.apply(o, String.valueOf(opt.getOrDefault("type", "adam")), lr, lrSchedule,
                    numOr(opt, "weight_decay", 0), numOr(opt, "momentum", 0), numOr(opt, "momentum_decay", 0));
            return ModelZoo.build(name, o).init();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliFailure("cannot build " + name + " for this data (" + data.train().width() + "x"
                    + data.train().height() + ", T=" + data.timesteps() + "): " + e.getMessage(), e);
        }
    }

    /** The epoch-end learning-rate rule of the configuration that lives outside the updater (plateau), if any. */
    static void attachSchedule(Model net, Map<String, Object> cfg) {
        Map<String, Object> schedule = map(cfg, "schedule");
        if ("plateau".equals(schedule.get("type"))) {
            net.addListeners(new ReduceLrOnPlateau(num(cfg, "lr").doubleValue(), num(schedule, "factor").doubleValue(),
                    num(schedule, "patience").intValue()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> cfg, String key) {
        Object v = cfg.get(key);
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    private static double numOr(Map<String, Object> cfg, String key, double fallback) {
        return cfg.get(key) instanceof Number ? ((Number) cfg.get(key)).doubleValue() : fallback;
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
