package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.train.TrainingRun;
import org.snn4j.train.data.ExperimentData;
import org.snn4j.train.options.TrainArguments;
import org.snn4j.train.options.UsageException;
import org.snn4j.train.run.RunRecord;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;

import static org.snn4j.train.options.OptionValues.intValue;

/** {@code snn train}: parses the training arguments and runs {@link TrainingRun} (a run directory, see {@link RunRecord}). */
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
        return TrainArguments.options();
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        int threads = intValue(cmd, "threads", Runtime.getRuntime().availableProcessors(), 1);
        // The fused neuron kernels run on the common fork-join pool (its workers plus the calling thread);
        // this takes effect when the pool has not been created yet, i.e. on a fresh CLI process.
        System.setProperty("java.util.concurrent.ForkJoinPool.common.parallelism", Integer.toString(Math.max(1, threads - 1)));
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        boolean terminal = System.console() != null;
        if (cmd.hasOption("resume")) {
            // Everything but the epoch count (and the threads) comes from the run being resumed; an option that
            // would change its configuration is refused rather than ignored.
            RunRecord record = RunRecord.open(Path.of(cmd.getOptionValue("resume")));
            Map<String, Object> recorded = record.readJson("config.json");
            TrainArguments.checkResume(cmd, recorded);
            int epochs = cmd.hasOption("epochs") ? intValue(cmd, "epochs", 3, 1)
                    : ExperimentData.number(recorded, "epochs").intValue();
            TrainingRun.resume(record, epochs, out, terminal);
        } else {
            Map<String, Object> cfg = TrainArguments.resolve(cmd);
            TrainingRun.train(cfg, TrainArguments.outDir(cmd, cfg), cmd.hasOption("force"), out, terminal);
        }
        return 0;
    }
}
