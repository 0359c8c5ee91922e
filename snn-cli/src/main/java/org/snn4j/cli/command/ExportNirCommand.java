package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.snn4j.cli.CliFailure;
import org.snn4j.nir.NirExporter;
import org.snn4j.nir.NirFile;
import org.snn4j.nir.NirGraph;
import org.snn4j.nir.UnsupportedNirException;
import org.snn4j.train.data.ExperimentData;
import org.snn4j.train.options.OptionValues;
import org.snn4j.train.options.UsageException;
import org.snn4j.train.run.RunRecord;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/** {@code snn export-nir --run DIR|--model FILE OUT.nir --dt D}: a trained network as a NIR graph (docs/nir.md). */
public final class ExportNirCommand implements Command {

    @Override
    public String name() {
        return "export-nir";
    }

    @Override
    public String summary() {
        return "write a network as NIR (Neuromorphic Intermediate Representation, HDF5) for other SNN frameworks "
                + "and neuromorphic hardware (snn export-nir --model FILE OUT.nir --dt D)";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("run").hasArg().argName("DIR").desc("run directory written by snn train").build());
        o.addOption(Option.builder().longOpt("checkpoint").hasArg().argName("NAME")
                .desc("with --run: best (default), last, or a checkpoint file name in DIR/checkpoints").build());
        o.addOption(Option.builder().longOpt("model").hasArg().argName("FILE").desc("a saved model (zip)").build());
        o.addOption(Option.builder().longOpt("dt").hasArg().argName("SECONDS").required()
                .desc("time step the discrete neurons are taken to run at: NIR's LIF tau = tau * dt, IF r = 1/dt").build());
        o.addOption(Option.builder().longOpt("input").hasArg().argName("C,H,W")
                .desc("input of one time step (required with --model; with --run, taken from the run's data)").build());
        o.addOption(Option.builder().longOpt("force").desc("overwrite an existing OUT.nir").build());
        return o;
    }

    @Override
    public boolean takesPositional() {
        return true;
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        Path target = Path.of(Command.onePositional(cmd, "output file OUT.nir"));
        double dt = OptionValues.doubleValue(cmd, "dt", Double.NaN, 0);
        if (cmd.hasOption("run") == cmd.hasOption("model")) {
            throw new UsageException("give one of --run DIR or --model FILE");
        }
        if (Files.exists(target) && !cmd.hasOption("force")) {
            throw new CliFailure(target + " already exists; pass --force to overwrite it");
        }
        Path model;
        long[] input = cmd.hasOption("input") ? input(cmd.getOptionValue("input")) : null;
        if (cmd.hasOption("run")) {
            RunRecord record = RunRecord.open(Path.of(cmd.getOptionValue("run")));
            model = EvalCommand.checkpoint(record, cmd.getOptionValue("checkpoint", "best"));
            if (input == null) {
                Map<String, Object> cfg = record.readJson("config.json");
                ExperimentData data = ExperimentData.fromConfig(cfg);
                input = new long[] {2, data.train().height(), data.train().width()};
            }
        } else {
            if (cmd.hasOption("checkpoint")) {
                throw new UsageException("--checkpoint goes with --run");
            }
            if (input == null) {
                throw new UsageException("--model FILE needs --input C,H,W (the input of one time step)");
            }
            model = Path.of(cmd.getOptionValue("model"));
        }
        Model net = RunRecord.loadModel(model);
        NirGraph g;
        try {
            g = NirExporter.toNir(net, input, dt);
            NirFile.write(g, target);
        } catch (UnsupportedNirException e) {
            throw new CliFailure("cannot export " + model + ": " + e.getMessage(), e);
        } catch (IllegalStateException e) {
            throw new CliFailure("cannot export " + model + " for input " + java.util.Arrays.toString(input) + ": "
                    + e.getMessage() + (cmd.hasOption("input") ? " (check --input)" : ""), e);
        } catch (IOException e) {
            throw new CliFailure("cannot write " + target + ": " + e.getMessage(), e);
        }
        StringBuilder types = new StringBuilder();
        for (String n : g.chain()) {
            types.append(types.length() == 0 ? "" : " -> ").append(g.nodes().get(n).type());
        }
        out.printf(Locale.ROOT, "wrote %s (NIR %s, dt %s s, %d nodes): %s%n", target, g.version(), dt, g.nodes().size(), types);
        return 0;
    }

    static long[] input(String v) throws UsageException {
        String[] p = v.split(",");
        if (p.length != 3 && p.length != 1) {
            throw new UsageException("--input expects C,H,W (or N), got '" + v + "'");
        }
        long[] out = new long[p.length];
        try {
            for (int i = 0; i < p.length; i++) {
                out[i] = Long.parseLong(p[i].trim());
                if (out[i] < 1) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--input expects positive integers C,H,W, got '" + v + "'");
        }
        return out;
    }
}
