package org.snn4j.spark;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.train.Networks;
import org.snn4j.train.TrainingRun;
import org.snn4j.train.options.TrainArguments;
import org.snn4j.train.run.RunRecord;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parameter averaging with one worker that averages after every mini-batch is plain mini-batch training: the
 * worker starts each step from the driver's parameters and updater state and returns them after one step. So a
 * one-worker Spark run must give the single-process run's parameters, updater state and accuracies.
 */
@Tag("spark")
class OneWorkerEqualsOneProcessTest {
    @Test
    void oneWorkerAveragingEveryStepIsTheSingleProcessRun(@TempDir Path dir) throws Exception {
        assertSameRun(dir, 2, List.of("--epochs", "2", "--train-size", "80", "--test-size", "32", "--timesteps", "3",
                "--width-mult", "0.25", "--batch", "16", "--seed", "5"));
    }

    @Test
    @org.junit.jupiter.api.Disabled("open: for a ComputationGraph (ms-resnet-18) the one-worker Spark run differs from the "
            + "single-process run after one epoch (max |param diff| 5.5e-3, updater 1.1e-2); not yet explained")
    void theSameForAComputationGraph(@TempDir Path dir) throws Exception {
        assertSameRun(dir, 1, List.of("--model", "ms-resnet-18", "--width-mult", "0.0625", "--timesteps", "1",
                "--epochs", "1", "--seed", "3", "--train-size", "24", "--test-size", "11", "--batch", "8"));
    }

    private static void assertSameRun(Path dir, int epochs, List<String> common) throws Exception {
        Map<String, Object> local = TrainArguments.resolve(TrainArguments.parse(common));
        List<String> spark = new java.util.ArrayList<>(common);
        spark.addAll(List.of("--spark", "local[1]", "--workers", "1", "--averaging-frequency", "1"));
        Map<String, Object> sparkCfg = TrainArguments.resolve(TrainArguments.parse(spark));
        TrainingRun.Result a = TrainingRun.train(new LinkedHashMap<>(local), dir.resolve("local"), false, null, false);
        TrainingRun.Result b = TrainingRun.train(sparkCfg, dir.resolve("spark"), false, null, false);
        String last = String.format("checkpoints/epoch-%03d.zip", epochs);
        Model na = RunRecord.loadModel(a.dir().resolve(last));
        Model nb = RunRecord.loadModel(b.dir().resolve(last));
        double paramDiff = maxAbsDiff(na.params(), nb.params());
        double updaterDiff = maxAbsDiff(updaterState(na), updaterState(nb));
        System.out.printf("%s: max |param diff| %.3e, max |updater diff| %.3e, accuracies %s vs %s%n", local.get("model"),
                paramDiff, updaterDiff, a.epochs(), b.epochs());
        assertEquals(0, paramDiff, 1e-6, "parameters differ");
        assertEquals(0, updaterDiff, 1e-6, "updater state differs");
        assertEquals(Networks.epochCount(na), Networks.epochCount(nb), "epoch count");
        for (int e = 0; e < epochs; e++) {
            assertEquals(a.epochs().get(e).testAccuracy(), b.epochs().get(e).testAccuracy(), 1e-9, "test accuracy, epoch " + (e + 1));
            assertEquals(a.epochs().get(e).testLoss(), b.epochs().get(e).testLoss(), 1e-5, "test loss, epoch " + (e + 1));
            assertEquals(a.epochs().get(e).trainAccuracy(), b.epochs().get(e).trainAccuracy(), 1e-9, "train accuracy");
        }
    }

    private static INDArray updaterState(Model m) {
        return m instanceof MultiLayerNetwork n ? n.getUpdater().getStateViewArray()
                : ((ComputationGraph) m).getUpdater().getStateViewArray();
    }

    static double maxAbsDiff(INDArray x, INDArray y) {
        assertEquals(x.length(), y.length(), "lengths");
        return x.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sub(y.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE))
                .amaxNumber().doubleValue();
    }
}
