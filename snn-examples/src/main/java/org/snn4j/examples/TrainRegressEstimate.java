package org.snn4j.examples;

import org.deeplearning4j.nn.api.Model;
import org.snn4j.train.TrainingRun;
import org.snn4j.train.analysis.EnergyEstimator;
import org.snn4j.train.data.ExperimentData;
import org.snn4j.train.options.TrainArguments;
import org.snn4j.train.options.UsageException;
import org.snn4j.train.regress.RegressionCase;
import org.snn4j.train.regress.RegressionSuite;
import org.snn4j.train.run.RunRecord;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code snn train}, {@code snn regress} and {@code snn energy} do, as library calls from a DL4J project
 * (module snn-train, no command line involved): train a zoo network into a run folder, check an accuracy
 * regression case, and estimate the trained network's energy on its test clips.
 * Run: {@code java --add-modules jdk.incubator.vector -cp ... org.snn4j.examples.TrainRegressEstimate [DIR]}.
 */
public final class TrainRegressEstimate {
    private TrainRegressEstimate() {
    }

    public static void main(String[] args) throws UsageException {
        EnergyEstimator.Report energy = run(Path.of(args.length > 0 ? args[0] : "runs/library-example"),
                List.of("--epochs", "2", "--seed", "42"));
        System.out.printf(Locale.ROOT, "SNN %.3f uJ per sample vs %.3f uJ as an ANN%n", energy.snnEnergyPj() / 1e6,
                energy.annEnergyPj() / 1e6);
    }

    /** Trains with {@code snn train}'s arguments under {@code dir}, checks a regression case, returns the energy report. */
    public static EnergyEstimator.Report run(Path dir, List<String> trainArgs) throws UsageException {
        // 1. train: the arguments are those of `snn train`, resolved into the run's configuration
        Map<String, Object> cfg = TrainArguments.resolve(TrainArguments.parse(trainArgs));
        TrainingRun.Result run = TrainingRun.train(cfg, dir.resolve("run"), false, System.out, false);

        // 2. regress: the same training must reach at least 0.5 test accuracy (a baseline file holds such cases)
        RegressionCase atLeastHalf = new RegressionCase("example", trainArgs, 0.5, 0.0, true, null, null, null, null);
        RegressionSuite.Result check = RegressionSuite.run(atLeastHalf, dir.resolve("regress"), System.out);
        if (!check.passed()) {
            throw new IllegalStateException("regression: test accuracy " + check.testAcc() + " below 0.5");
        }

        // 3. energy: firing rates and operation counts of the trained network on its own test clips
        Model net = RunRecord.loadModel(run.dir().resolve("checkpoints/best.zip"));
        ExperimentData data = ExperimentData.fromConfig(cfg);
        return EnergyEstimator.estimate(net, data.testIterator(), data.timesteps(), data.test().size());
    }
}
