package org.snn4j.cli.command;

import org.deeplearning4j.nn.api.Model;
import org.snn4j.models.info.ParamCount;
import org.snn4j.train.options.TrainArguments;
import org.snn4j.train.run.Provenance;
import org.snn4j.train.run.RunRecord;
import java.nio.file.Path;
import org.snn4j.train.options.OptionValues;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.snn4j.cli.CliFailure;
import org.snn4j.train.options.UsageException;
import org.snn4j.models.info.LayerTable;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;
import org.snn4j.models.zoo.ZooModel;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/** {@code snn info [NAME]}: the zoo, or one model's layers, output shapes, parameters and MACs. */
public final class InfoCommand implements Command {

    @Override
    public String name() {
        return "info";
    }

    @Override
    public String summary() {
        return "list the model zoo, or show a model's layers, output shapes, parameters and MACs (snn info NAME)";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("timesteps").hasArg().argName("T").desc("time steps (default: the model's published T)").build());
        o.addOption(Option.builder().longOpt("input").hasArg().argName("C,H,W").desc("input size per step (default: published)").build());
        o.addOption(Option.builder().longOpt("classes").hasArg().argName("K").desc("classes (default: published)").build());
        o.addOption(Option.builder().longOpt("width-mult").hasArg().argName("X").desc("scale hidden widths (default 1)").build());
        o.addOption(Option.builder().longOpt("variant").hasArgs().argName("KEY=VALUE").desc("model variant option (repeatable)").build());
        o.addOption(Option.builder().longOpt("model").hasArg().argName("FILE").desc("a saved model (checkpoint zip): its "
                + "size and where it came from (configuration, seed, data, versions, git commit)").build());
        return o;
    }

    @Override
    public boolean takesPositional() {
        return true;
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        if (cmd.hasOption("model")) {
            if (!cmd.getArgList().isEmpty()) {
                throw new UsageException("--model FILE takes no model name, got " + cmd.getArgList());
            }
            return describeFile(Path.of(cmd.getOptionValue("model")), out);
        }
        if (cmd.getArgList().isEmpty()) {
            out.printf(Locale.ROOT, "%d models; trainable parameters at the published setting (snn info NAME for details):%n",
                    ModelZoo.names().size());
            for (String n : ModelZoo.names()) {
                out.printf(Locale.ROOT, "  %-18s %13s  %s%n", n, String.format(Locale.ROOT, "%,d", ModelZoo.build(n).trainableParams()),
                        ModelZoo.get(n).description());
            }
            return 0;
        }
        if (cmd.getArgList().size() > 1) {
            throw new UsageException("expects one model name, got " + cmd.getArgList());
        }
        String name = cmd.getArgList().get(0);
        if (!ModelZoo.names().contains(name)) {
            throw new UsageException("unknown model '" + name + "'; valid names: " + String.join(", ", ModelZoo.names()));
        }
        ZooModel model = ModelZoo.get(name);
        ModelOptions o = model.defaults();
        if (cmd.hasOption("input")) {
            int[] chw = OptionValues.intList(cmd, "input", ",", 3, 1, "C,H,W");
            o.input(chw[0], chw[1], chw[2]);
        }
        o.timesteps(OptionValues.intValue(cmd, "timesteps", o.timesteps(), 1));
        o.classes(OptionValues.intValue(cmd, "classes", o.classes(), 1));
        o.widthMultiplier(OptionValues.doubleValue(cmd, "width-mult", 1.0, 0));
        TrainArguments.variants(cmd).forEach(o::variant);
        out.println(model.description());
        Map<String, String> keys = model.variantKeys();
        if (!keys.isEmpty()) {
            out.println("variant options (--variant KEY=VALUE):");
            keys.forEach((k, v) -> out.printf(Locale.ROOT, "  %-16s %s%n", k, v));
        }
        try {
            out.print(LayerTable.of(ModelZoo.build(name, o)).format());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new CliFailure("cannot build " + name + ": " + e.getMessage(), e);
        }
        return 0;
    }

    /** A model file: its size as snn4j states it, and its provenance. */
    private static int describeFile(Path file, PrintStream out) {
        Model net = RunRecord.loadModel(file);
        out.println(file + ": " + net.getClass().getSimpleName() + ", " + ParamCount.describe(net));
        Provenance p = Provenance.read(file);
        if (p == null) {
            out.println("no snn4j provenance in this file (not saved by snn train)");
        } else {
            out.println("provenance:");
            out.println(p.toJson());
        }
        return 0;
    }
}
