package org.snn4j.train.options;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.snn4j.models.zoo.ModelZoo;
import org.snn4j.train.data.ExperimentData;
import org.snn4j.train.recipe.RecipeConfig;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.snn4j.train.options.OptionValues.doubleValue;
import static org.snn4j.train.options.OptionValues.intValue;
import static org.snn4j.train.options.OptionValues.longValue;

/**
 * The training arguments ({@code snn train}'s options, and the {@code train_args} of a regression baseline
 * file) and their resolution into a run configuration: defaults, then a recipe, then explicit options. The
 * configuration's keys are those of a run's {@code config.json}.
 */
public final class TrainArguments {
    private TrainArguments() {
    }

    /** The run configuration without a recipe or options: the small SNN on the built-in synthetic events. */
    public static Map<String, Object> defaults() {
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

    /** The options, as {@code snn train --help} lists them. */
    public static Options options() {
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
        o.addOption(Option.builder().longOpt("skip-empty").desc("skip empty recordings (0-byte or header-only files) and "
                + "DVS Gesture labels past the end of a truncated recording instead of failing; they are counted, "
                + "printed and listed in the run's skipped.json").build());
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
        o.addOption(Option.builder().longOpt("resume").hasArg().argName("DIR").desc("continue the run in DIR from its last checkpoint, as it "
                + "was configured: only --epochs (a larger total) and --threads may be given with it").build());
        o.addOption(Option.builder().longOpt("spark").hasArg().argName("MASTER").desc("train on Apache Spark with DL4J "
                + "parameter averaging: local[N], spark://HOST:PORT, yarn... (needs the snn-spark jar; docs/distributed.md)").build());
        o.addOption(Option.builder().longOpt("workers").hasArg().argName("N").desc("--spark: parallel workers, i.e. "
                + "data partitions trained at once (default: N of local[N], else 2)").build());
        o.addOption(Option.builder().longOpt("averaging-frequency").hasArg().argName("K").desc("--spark/--devices: "
                + "average parameters every K mini-batches per worker (default 1)").build());
        o.addOption(Option.builder().longOpt("batch-per-worker").hasArg().argName("B").desc("--spark: examples per "
                + "worker mini-batch (default: --batch)").build());
        o.addOption(Option.builder().longOpt("devices").hasArg().argName("N").desc("train N model replicas on this "
                + "machine's devices or core groups with DL4J ParallelWrapper, averaging parameters (needs the snn-spark jar)").build());
        o.addOption(Option.builder().longOpt("gradient-sharing").desc("--spark/--devices: share threshold-encoded "
                + "gradients instead of averaging parameters (refused: see docs/distributed.md)").build());
        o.addOption(Option.builder().longOpt("force").desc("replace the run in an existing, non-empty --out (its "
                + "checkpoints and records are kept aside until the new run's first checkpoint, then deleted)").build());
        return o;
    }

    /** Parses {@code args} (e.g. a regression case's train_args) against {@link #options()}. */
    public static CommandLine parse(List<String> args) throws UsageException {
        try {
            CommandLine cmd = new DefaultParser().parse(options(), args.toArray(new String[0]));
            OptionValues.refuseRepeated(cmd);
            if (!cmd.getArgList().isEmpty()) {
                throw new UsageException("unexpected argument '" + cmd.getArgList().get(0) + "'");
            }
            return cmd;
        } catch (ParseException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The run configuration of a new run from parsed options (not --resume). */
    public static Map<String, Object> resolve(CommandLine cmd) throws UsageException {
        Map<String, Object> cfg = new LinkedHashMap<>();
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
        if (cmd.hasOption("skip-empty")) {
            cfg.put("skip_empty", true);
        }
        for (String[] o : new String[][]{{"epochs", "epochs"}, {"batch", "batch"}, {"timesteps", "timesteps"},
                {"train-size", "train_size"}, {"test-size", "test_size"}}) {
            cfg.put(o[1], intValue(cmd, o[0], num(cfg, o[1]).intValue(), 1));
        }
        cfg.put("sensor", intValue(cmd, "sensor", num(cfg, "sensor").intValue(), 16));
        cfg.put("seed", longValue(cmd, "seed", num(cfg, "seed").longValue()));
        cfg.put("lr", doubleValue(cmd, "lr", num(cfg, "lr").doubleValue(), 0));
        Map<String, Object> engine = engine(cmd, num(cfg, "batch").intValue());
        if (engine != null) {
            cfg.put("engine", engine);
        }
        return cfg;
    }

    /** Options that may differ from the run being resumed: how far to train and how fast, not what. */
    public static final java.util.Set<String> RESUME_ALLOWED = java.util.Set.of("resume", "epochs", "threads");

    /**
     * Refuses, by name, every option of a {@code --resume} command line that would change the resumed run's
     * recorded configuration ({@code recorded}, its config.json): resume continues a run as it was configured.
     * Options in {@link #RESUME_ALLOWED} pass, and so does an option whose value equals the recorded one.
     */
    public static void checkResume(CommandLine cmd, Map<String, Object> recorded) throws UsageException {
        intValue(cmd, "epochs", 1, 1);
        intValue(cmd, "threads", 1, 1);
        for (org.apache.commons.cli.Option o : cmd.getOptions()) {
            String opt = o.getLongOpt();
            if (RESUME_ALLOWED.contains(opt)) {
                continue;
            }
            String given = "--" + opt + (o.hasArg() ? " " + String.join(" ", o.getValues()) : "");
            switch (opt) {
                case "out":
                    throw new UsageException(given + " conflicts with --resume: the resumed run continues in its own "
                            + "directory");
                case "force":
                    throw new UsageException("--force does not apply to --resume: resuming keeps the run's checkpoints "
                            + "and continues after the last one; to start over, train without --resume");
                case "recipe":
                case "gradient-sharing":
                    throw new UsageException(given + " conflicts with --resume: resume continues a run as it was "
                            + "configured (its config.json)");
                default:
                    break;
            }
            String key;
            Object value;
            switch (opt) {
                case "model":
                case "dataset":
                    key = opt;
                    value = o.getValue();
                    break;
                case "data-dir":
                case "cache":
                    key = opt.equals("cache") ? "cache_dir" : "data_dir";
                    value = Path.of(o.getValue()).toAbsolutePath().toString();
                    break;
                case "width-mult":
                case "lr":
                    key = opt.replace('-', '_');
                    value = doubleValue(cmd, opt, 0, 0);
                    break;
                case "seed":
                    key = opt;
                    value = longValue(cmd, opt, 0);
                    break;
                case "sensor":
                    key = opt;
                    value = intValue(cmd, opt, 16, 16);
                    break;
                case "batch":
                case "timesteps":
                case "train-size":
                case "test-size":
                    key = opt.replace('-', '_');
                    value = intValue(cmd, opt, 1, 1);
                    break;
                case "skip-empty":
                    key = "skip_empty";
                    value = true;
                    break;
                case "variant": {
                    Map<String, Object> was = map(recorded, "variant");
                    for (Map.Entry<String, String> e : variants(cmd).entrySet()) {
                        Object old = was.get(e.getKey());
                        if (old == null || !String.valueOf(old).equals(e.getValue())) {
                            throw conflict("--variant " + e.getKey() + "=" + e.getValue(), "variant " + e.getKey(),
                                    old == null ? "(not set)" : old);
                        }
                    }
                    continue;
                }
                case "spark":
                case "devices":
                case "workers":
                case "averaging-frequency":
                case "batch-per-worker": {
                    // the engine entry must come out the same
                    Object batch = recorded.get("batch");
                    Map<String, Object> engine = engine(cmd, batch instanceof Number ? ((Number) batch).intValue() : 1);
                    Object was = recorded.get("engine");
                    if (!sameValue(engine, was)) {
                        throw conflict(given, "engine", was == null ? "(this process)" : was);
                    }
                    continue;
                }
                default:
                    // an option not compared here cannot be checked against the run, so it is not silently ignored
                    throw new UsageException(given + " cannot be given with --resume: resume continues a run as it "
                            + "was configured (its config.json)");
            }
            Object was = recorded.get(key);
            if (!sameValue(value, was)) {
                throw conflict(given, key, was == null ? "(not set)" : was);
            }
        }
    }

    private static UsageException conflict(String given, String key, Object recorded) {
        return new UsageException(given + " conflicts with the resumed run's " + key + " " + recorded
                + "; resume continues a run as it was configured");
    }

    /** Equal as configuration values: numbers by value (JSON reads 42 back as an Integer, the options give a Long). */
    private static boolean sameValue(Object a, Object b) {
        if (a instanceof Number x && b instanceof Number y) {
            return x.doubleValue() == y.doubleValue();
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Object k : x.keySet()) {
                if (!sameValue(x.get(k), y.get(k))) {
                    return false;
                }
            }
            return true;
        }
        return java.util.Objects.equals(a, b);
    }

    /** The {@code engine} entry of the run configuration (null: this process) from --spark / --devices. */
    static Map<String, Object> engine(CommandLine cmd, int batch) throws UsageException {
        boolean spark = cmd.hasOption("spark");
        boolean devices = cmd.hasOption("devices");
        if (spark && devices) {
            throw new UsageException("--spark and --devices are two engines; pass one of them");
        }
        if (!spark && !devices) {
            for (String o : new String[]{"workers", "averaging-frequency", "batch-per-worker", "gradient-sharing"}) {
                if (cmd.hasOption(o)) {
                    throw new UsageException("--" + o + " needs --spark MASTER or --devices N");
                }
            }
            return null;
        }
        if (cmd.hasOption("gradient-sharing")) {
            throw new UsageException("--gradient-sharing is refused: DL4J 1.0.0-M2's shared-gradient training does not train "
                    + "these networks correctly (Spark: batch-norm running statistics are spoiled by the threshold-encoded "
                    + "updates and the Aeron mesh needs per-executor addresses; ParallelWrapper: deadlocks on the second "
                    + "fit); parameter averaging is used instead (docs/distributed.md)");
        }
        Map<String, Object> e = new LinkedHashMap<>();
        int k = intValue(cmd, "averaging-frequency", 1, 1);
        if (spark) {
            String master = cmd.getOptionValue("spark");
            if (!master.matches("local(\\[(\\d+|\\*)])?|spark://.+|yarn|k8s://.+|mesos://.+")) {
                throw new UsageException("--spark expects a Spark master URL (local[N], spark://HOST:PORT, yarn, k8s://...), "
                        + "got '" + master + "'");
            }
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("local\\[(\\d+)]").matcher(master);
            int defaultWorkers = m.matches() ? Integer.parseInt(m.group(1)) : 2;
            e.put("type", "spark");
            e.put("master", master);
            e.put("workers", intValue(cmd, "workers", defaultWorkers, 1));
            e.put("averaging_frequency", k);
            e.put("batch_per_worker", intValue(cmd, "batch-per-worker", batch, 1));
        } else {
            if (cmd.hasOption("workers") || cmd.hasOption("batch-per-worker")) {
                throw new UsageException("--workers and --batch-per-worker are --spark options; --devices N sets the replicas");
            }
            e.put("type", "devices");
            e.put("devices", intValue(cmd, "devices", 2, 1));
            e.put("averaging_frequency", k);
        }
        return e;
    }

    /** The run directory of a new run: --out, or runs/&lt;time&gt;-&lt;model&gt;. */
    public static Path outDir(CommandLine cmd, Map<String, Object> cfg) {
        return Path.of(cmd.getOptionValue("out", "runs/" + LocalDateTime.now().format(
                DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-" + cfg.get("model")));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> cfg, String key) {
        Object v = cfg.get(key);
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    public static Map<String, String> variants(CommandLine cmd) throws UsageException {
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
