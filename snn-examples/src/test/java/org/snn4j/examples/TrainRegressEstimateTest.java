package org.snn4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.train.analysis.EnergyEstimator;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The library workflow example runs: a run folder, a passing regression case and an energy report. */
class TrainRegressEstimateTest {
    @Test
    void trainsRegressesAndEstimates(@TempDir Path dir) throws Exception {
        EnergyEstimator.Report r = TrainRegressEstimate.run(dir, List.of("--epochs", "3", "--seed", "42",
                "--train-size", "440", "--test-size", "110", "--timesteps", "4"));
        assertTrue(Files.isRegularFile(dir.resolve("run/checkpoints/best.zip")));
        assertTrue(Files.isRegularFile(dir.resolve("regress/example/summary.json")));
        assertEquals(110, r.clips());
        assertTrue(r.snnEnergyPj() > 0 && r.snnEnergyPj() < r.annEnergyPj(), "SNN " + r.snnEnergyPj() + " ANN " + r.annEnergyPj());
    }
}
