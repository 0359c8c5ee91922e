package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.snn4j.cli.CliFailure;
import org.snn4j.core.io.AtomicFiles;
import org.snn4j.models.info.ParamCount;
import org.snn4j.models.loss.LossKind;
import org.snn4j.nir.NirFormatException;
import org.snn4j.nir.NirImporter;
import org.snn4j.nir.UnsupportedNirException;
import org.snn4j.train.options.OptionValues;
import org.snn4j.train.options.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** {@code snn import-nir IN.nir --dt D --out MODEL.zip}: a NIR graph as an snn4j network (docs/nir.md). */
public final class ImportNirCommand implements Command {

    @Override
    public String name() {
        return "import-nir";
    }

    @Override
    public String summary() {
        return "build an snn4j model from a NIR file written by snn4j, SpikingJelly, snnTorch, Norse, ... "
                + "(snn import-nir IN.nir --dt D --out MODEL.zip)";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("dt").hasArg().argName("SECONDS").required()
                .desc("time step to run NIR's continuous neurons at: LIF tau = tau_NIR / dt, IF gain r * dt").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("MODEL.zip").required().desc("the model file to write").build());
        o.addOption(Option.builder().longOpt("timesteps").hasArg().argName("T")
                .desc("time steps per sample (default: what an snn4j-written file records; required otherwise)").build());
        o.addOption(Option.builder().longOpt("loss").hasArg().argName("mse|ce|tet")
                .desc("readout after the last layer: mse (time average, default), ce (time average, softmax), tet").build());
        o.addOption(Option.builder().longOpt("force").desc("overwrite an existing MODEL.zip").build());
        return o;
    }

    @Override
    public boolean takesPositional() {
        return true;
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        Path in = Path.of(Command.onePositional(cmd, "input file IN.nir"));
        double dt = OptionValues.doubleValue(cmd, "dt", Double.NaN, 0);
        int t = OptionValues.intValue(cmd, "timesteps", 0, 1);
        LossKind loss;
        try {
            loss = LossKind.valueOf(cmd.getOptionValue("loss", "mse").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UsageException("--loss expects mse, ce or tet, got '" + cmd.getOptionValue("loss") + "'");
        }
        Path target = Path.of(cmd.getOptionValue("out"));
        if (Files.exists(target) && !cmd.hasOption("force")) {
            throw new CliFailure(target + " already exists; pass --force to overwrite it");
        }
        MultiLayerNetwork net;
        try {
            net = NirImporter.importFile(in, dt, t, loss);
        } catch (UnsupportedNirException | NirFormatException e) {
            throw new CliFailure("cannot import " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new CliFailure("cannot import " + in + ": " + e.getMessage()
                    + (t == 0 ? " (--timesteps T)" : ""), e);
        }
        try {
            AtomicFiles.write(target, tmp -> ModelSerializer.writeModel(net, tmp.toFile(), true));
        } catch (IOException e) {
            throw new CliFailure("cannot write " + target + ": " + e.getMessage(), e);
        }
        out.printf(Locale.ROOT, "wrote %s: %d layers, %s%n", target, net.getnLayers(), ParamCount.describe(net));
        return 0;
    }
}
