package org.snn4j.cli;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training through the CLI: resume and output protection. The accuracy guarantee is in
 * AccuracyRegressionTest (fast case: >= 97 % where chance is 9 % and a single-frame network stays
 * near 55 %, docs/design.md).
 */
class SmallSnnTrainingTest {

    @Test
    void resumedRunEndsWhereTheUninterruptedOneDoes(@TempDir Path tmp) throws Exception {
        String[] common = {"--seed", "3", "--train-size", "110", "--test-size", "55", "--width-mult", "0.5", "--timesteps", "4"};
        Path full = tmp.resolve("full");
        Path split = tmp.resolve("split");
        assertEquals(0, CliRunner.run(concat(new String[]{"train", "--epochs", "2", "--out", full.toString()}, common)).exitCode);
        assertEquals(0, CliRunner.run(concat(new String[]{"train", "--epochs", "1", "--out", split.toString()}, common)).exitCode);
        CliRunner resumed = CliRunner.run("train", "--resume", split.toString(), "--epochs", "2");
        assertEquals(0, resumed.exitCode, resumed.err);
        List<String> a = Files.readAllLines(full.resolve("metrics.csv"));
        List<String> b = Files.readAllLines(split.resolve("metrics.csv"));
        assertEquals(column(a.get(2), 4), column(b.get(2), 4), "test accuracy after epoch 2");
        MultiLayerNetwork na = ModelSerializer.restoreMultiLayerNetwork(full.resolve("checkpoints/epoch-002.zip").toFile());
        MultiLayerNetwork nb = ModelSerializer.restoreMultiLayerNetwork(split.resolve("checkpoints/epoch-002.zip").toFile());
        double diff = na.params().sub(nb.params()).amaxNumber().doubleValue();
        assertTrue(diff < 1e-4, "parameters differ by " + diff);
    }

    @Test
    void existingRunDirectoryIsNotOverwritten(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        Files.createDirectories(run);
        Files.writeString(run.resolve("keep.txt"), "mine");
        CliRunner r = CliRunner.run("train", "--epochs", "1", "--out", run.toString());
        assertEquals(1, r.exitCode);
        assertTrue(r.firstErrLine().contains("already exists"), r.err);
        assertEquals("mine", Files.readString(run.resolve("keep.txt")));
    }

    private static String column(String csvRow, int i) {
        return csvRow.split(",")[i];
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
