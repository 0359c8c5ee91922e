package org.snn4j.spark;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.train.TrainingRun;
import org.snn4j.train.data.ExperimentData;
import org.snn4j.train.engine.LocalEngine;
import org.snn4j.train.recipe.NetworkFactory;
import org.snn4j.train.options.TrainArguments;
import org.snn4j.train.run.RunRecord;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code snn train --spark local[2]}: two workers with parameter averaging write the run record a local run
 * writes, and the checkpoint restores to the trained network the cluster evaluated. (How far averaging trains:
 * SparkAccuracyTest; that it is exact mini-batch training with one worker: OneWorkerEqualsOneProcessTest.)
 */
class SparkLocalTrainingTest {
    @Test
    void twoLocalWorkersTrainAndWriteALoadableCheckpoint(@TempDir Path dir) throws Exception {
        Map<String, Object> cfg = TrainArguments.resolve(TrainArguments.parse(List.of("--spark", "local[2]",
                "--epochs", "1", "--train-size", "96", "--test-size", "32", "--timesteps", "3", "--width-mult", "0.25")));
        TrainingRun.Result r = TrainingRun.train(cfg, dir.resolve("run"), false, null, false);
        for (String f : new String[]{"config.json", "metrics.csv", "state.json", "summary.json", "checkpoints/epoch-001.zip",
                "checkpoints/best.zip"}) {
            assertTrue(Files.isRegularFile(r.dir().resolve(f)), "missing " + f);
        }
        RunRecord record = RunRecord.open(r.dir());
        assertEquals("spark", ((Map<?, ?>) record.readJson("config.json").get("engine")).get("type"));
        assertEquals(1, record.readMetrics().size());
        assertTrue(Double.isFinite(r.epochs().get(0).trainLoss()));
        // The checkpoint is the trained network: evaluated here it gives the loss and accuracy the cluster
        // measured, and its parameters moved away from the seeded initial ones.
        MultiLayerNetwork net = (MultiLayerNetwork) RunRecord.loadModel(r.dir().resolve("checkpoints/epoch-001.zip"));
        ExperimentData data = ExperimentData.fromConfig(cfg);
        double[] here = LocalEngine.evaluateHere(net, data.testIterator(), true);
        assertEquals(r.finalTestAccuracy(), here[1], 1e-9);
        assertEquals(r.epochs().get(0).testLoss(), here[0], 1e-5);
        MultiLayerNetwork initial = (MultiLayerNetwork) NetworkFactory.build(cfg, data, 42L);
        assertEquals(initial.numParams(), net.numParams());
        assertTrue(OneWorkerEqualsOneProcessTest.maxAbsDiff(initial.params(), net.params()) > 1e-4, "parameters did not change");
        assertEquals(1, net.getEpochCount(), "one epoch counted");
    }
}
