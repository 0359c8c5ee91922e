package org.snn4j.cli.command;

import org.snn4j.train.options.OptionValues;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.snn4j.cli.CliFailure;
import org.snn4j.train.options.UsageException;
import org.snn4j.train.analysis.EnergyEstimator;
import org.snn4j.train.data.ExperimentData;
import org.snn4j.train.run.RunRecord;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code snn energy}: firing rates, synaptic operations, MACs and the energy estimate of a trained run. */
public final class EnergyCommand implements Command {

    @Override
    public String name() {
        return "energy";
    }

    @Override
    public String summary() {
        return "per-layer firing rates, synaptic operations, MACs and energy (4.6 pJ/MAC, 0.9 pJ/AC) vs the same ANN";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("run").hasArg().argName("DIR").required().desc("run directory written by snn train").build());
        o.addOption(Option.builder().longOpt("checkpoint").hasArg().argName("NAME").desc("best (default), last, or a file in DIR/checkpoints").build());
        o.addOption(Option.builder().longOpt("clips").hasArg().argName("N").desc("test clips to measure on (default: all)").build());
        o.addOption(Option.builder().longOpt("force").desc("overwrite an existing energy result file").build());
        return o;
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        int clips = OptionValues.intValue(cmd, "clips", Integer.MAX_VALUE, 1);
        RunRecord record = RunRecord.open(Path.of(cmd.getOptionValue("run")));
        Path checkpoint = EvalCommand.checkpoint(record, cmd.getOptionValue("checkpoint", "best"));
        Path result = record.dir().resolve("energy.json");
        if (Files.exists(result) && !cmd.hasOption("force")) {
            throw new CliFailure(result + " already exists; pass --force to overwrite it");
        }
        Model net = RunRecord.loadModel(checkpoint);
        ExperimentData data = ExperimentData.fromConfig(record.readJson("config.json"));
        EnergyEstimator.Report r = EnergyEstimator.estimate(net, data.testIterator(), data.timesteps(), clips);

        out.printf(Locale.ROOT, "%s, %d test clips, T=%d%n", checkpoint, r.clips(), r.timesteps());
        out.printf(Locale.ROOT, "%-4s %-20s %14s %10s %6s %14s %12s %8s%n", "#", "layer", "FL/step", "in rate", "op",
                "ops/sample", "energy nJ", "fire");
        for (EnergyEstimator.LayerEnergy l : r.layers()) {
            out.printf(Locale.ROOT, "%-4d %-20s %,14d %10.4f %6s %,14.0f %12.3f %8s%n", l.index(), l.type(), l.flPerStep(),
                    l.inputRate(), l.flPerStep() == 0 ? "-" : l.accumulate() ? "AC" : "MAC", l.opsPerSample(),
                    l.energyPj() / 1000, l.firingRate() == null ? "" : String.format(Locale.ROOT, "%.4f", l.firingRate()));
        }
        out.printf(Locale.ROOT, "SNN: %,.0f MACs + %,.0f ACs per sample = %.3f uJ; same network as an ANN: %.3f uJ "
                + "(ANN/SNN = %.2fx)%n", r.macsPerSample(), r.acsPerSample(), r.snnEnergyPj() / 1e6, r.annEnergyPj() / 1e6,
                r.annOverSnn());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("checkpoint", checkpoint.toString());
        json.put("clips", r.clips());
        json.put("timesteps", r.timesteps());
        json.put("e_mac_pj", EnergyEstimator.E_MAC_PJ);
        json.put("e_ac_pj", EnergyEstimator.E_AC_PJ);
        json.put("layers", r.layers());
        json.put("snn_macs_per_sample", r.macsPerSample());
        json.put("snn_acs_per_sample", r.acsPerSample());
        json.put("snn_energy_pj", r.snnEnergyPj());
        json.put("ann_energy_pj", r.annEnergyPj());
        json.put("ann_over_snn", r.annOverSnn());
        record.writeJson("energy.json", json);
        out.println("written " + result);
        return 0;
    }
}
