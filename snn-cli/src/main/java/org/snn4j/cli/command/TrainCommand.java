package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.cli.CliFailure;
import org.snn4j.cli.UsageException;
import org.snn4j.cli.experiment.EpochMetrics;
import org.snn4j.cli.experiment.ExperimentData;
import org.snn4j.cli.experiment.RunRecord;
import org.snn4j.cli.experiment.Trainer;
import org.snn4j.models.zoo.SmallConvSnn;

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
        o.addOption(Option.builder().longOpt("epochs").hasArg().argName("N").desc("training epochs (default 3)").build());
        o.addOption(Option.builder().longOpt("batch").hasArg().argName("N").desc("mini-batch size (default 16)").build());
        o.addOption(Option.builder().longOpt("timesteps").hasArg().argName("T").desc("time steps / frames per clip (default 8)").build());
        o.addOption(Option.builder().longOpt("seed").hasArg().argName("S").desc("seed for data, weights and order (default 42)").build());
        o.addOption(Option.builder().longOpt("lr").hasArg().argName("X").desc("Adam learning rate (default 0.002)").build());
        o.addOption(Option.builder().longOpt("width").hasArg().argName("C").desc("channels of the first conv layer (default 16)").build());
        o.addOption(Option.builder().longOpt("train-size").hasArg().argName("N").desc("synthetic training clips (default 1100)").build());
        o.addOption(Option.builder().longOpt("test-size").hasArg().argName("N").desc("synthetic test clips (default 330)").build());
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
            cfg.put("model", "small-snn");
            cfg.put("dataset", "synthetic");
            cfg.put("epochs", intValue(cmd, "epochs", 3, 1));
            cfg.put("batch", intValue(cmd, "batch", 16, 1));
            cfg.put("timesteps", intValue(cmd, "timesteps", 8, 1));
            cfg.put("seed", longValue(cmd, "seed", 42));
            cfg.put("lr", doubleValue(cmd, "lr", 2e-3, 0));
            cfg.put("width", intValue(cmd, "width", 16, 1));
            cfg.put("train_size", intValue(cmd, "train-size", 1100, 1));
            cfg.put("test_size", intValue(cmd, "test-size", 330, 1));
            cfg.put("sensor", intValue(cmd, "sensor", 32, 16));
            String outDir = cmd.getOptionValue("out", "runs/" + LocalDateTime.now().format(
                    DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT)) + "-small-snn");
            record = RunRecord.create(Path.of(outDir), cmd.hasOption("force"));
        }
        int threads = intValue(cmd, "threads", Runtime.getRuntime().availableProcessors(), 1);
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);

        int epochs = num(cfg, "epochs").intValue();
        long seed = num(cfg, "seed").longValue();
        ExperimentData data = ExperimentData.fromConfig(cfg);
        int t = data.timesteps();

        MultiLayerNetwork net;
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
            net = new MultiLayerNetwork(SmallConvSnn.configuration(t, 2, data.train().height(), data.train().numClasses(),
                    num(cfg, "width").intValue(), num(cfg, "lr").doubleValue(), seed));
            net.init();
            earlier = List.of();
            first = 0;
            out.printf(Locale.ROOT, "training small-snn (%,d parameters) on synthetic events: %d train / %d test clips, "
                    + "T=%d, batch %d, seed %d -> %s%n", net.numParams(), data.train().size(), data.test().size(), t, data.batch(), seed,
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

    private static Number num(Map<String, Object> cfg, String key) {
        return ExperimentData.number(cfg, key);
    }
}
