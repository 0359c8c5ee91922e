package org.snn4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** eval, energy and visualize working from the run directory that train leaves. */
class RunCommandsTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void trainTinyRun() {
        run = tmp.resolve("run");
        CliRunner r = CliRunner.run("train", "--epochs", "1", "--seed", "5", "--train-size", "88", "--test-size", "33",
                "--width-mult", "0.5", "--timesteps", "4", "--out", run.toString());
        assertEquals(0, r.exitCode, r.err);
        for (String f : new String[]{"config.json", "environment.json", "metrics.csv", "metrics.json", "state.json",
                "summary.json", "checkpoints/epoch-001.zip", "checkpoints/best.zip"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), "run record lacks " + f);
        }
        assertTrue(r.out.contains("epoch 1/1"), r.out);
    }

    @Test
    void evalPrintsAccuracyPerClassAndConfusionMatrixAndReplacesItsReport() throws Exception {
        CliRunner r = CliRunner.run("eval", "--run", run.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("on 33 test clips: accuracy"), r.out);
        assertTrue(r.out.contains("confusion matrix"), r.out);
        String json = Files.readString(run.resolve("eval-best.json"));
        assertTrue(json.contains("\"confusion_matrix\""), json);
        // an 11 x 11 matrix over the 33 test clips whose diagonal gives the reported accuracy and per-class accuracies
        JsonNode report = new ObjectMapper().readTree(json);
        JsonNode m = report.get("confusion_matrix");
        assertEquals(11, m.size());
        long clips = 0;
        long correct = 0;
        for (int i = 0; i < m.size(); i++) {
            assertEquals(11, m.get(i).size());
            long rowSum = 0;
            for (JsonNode n : m.get(i)) {
                rowSum += n.asLong();
            }
            clips += rowSum;
            correct += m.get(i).get(i).asLong();
            String cls = report.get("classes").get(i).asText();
            if (rowSum > 0) {
                assertEquals(m.get(i).get(i).asDouble() / rowSum, report.get("per_class_accuracy").get(cls).asDouble(), 1e-12, cls);
            }
        }
        assertEquals(33, clips);
        assertEquals(correct / 33.0, report.get("accuracy").asDouble(), 1e-12);
        // Evaluating changes nothing of the run: a second eval replaces the report (--force is still accepted).
        CliRunner again = CliRunner.run("eval", "--run", run.toString());
        assertEquals(0, again.exitCode, again.err);
        assertEquals(json, Files.readString(run.resolve("eval-best.json")), "same checkpoint, same test clips, same report");
        assertEquals(0, CliRunner.run("eval", "--run", run.toString(), "--force").exitCode);
    }

    @Test
    void energyReportsSpikingLayersAndAnnComparison() throws Exception {
        CliRunner r = CliRunner.run("energy", "--run", run.toString(), "--clips", "16", "--force");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("LIFNeuron"), r.out);
        assertTrue(r.out.contains(" AC "), "spike-fed layers count accumulates: " + r.out);
        assertTrue(r.out.contains("ANN/SNN"), r.out);
        assertTrue(Files.readString(run.resolve("energy.json")).contains("\"ann_energy_pj\""));
    }

    @Test
    void visualizeWritesRealPngs() throws Exception {
        Path out = tmp.resolve("plots");
        CliRunner r = CliRunner.run("visualize", "--run", run.toString(), "--sample", "3", "--out", out.toString());
        assertEquals(0, r.exitCode, r.err);
        for (String f : new String[]{"frames-sample3.png", "curves.png", "raster-layer3-sample3.png",
                "heatmap-layer3-sample3.png", "heatmap-layer7-test-average.png"}) {
            BufferedImage img = ImageIO.read(out.resolve(f).toFile());
            assertNotNull(img, f + " is not a readable PNG");
            assertTrue(img.getWidth() > 100 && img.getHeight() > 50, f);
        }
        try (Stream<Path> s = Files.list(out)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temp files left behind");
        }
        assertEquals(1, CliRunner.run("visualize", "--run", run.toString(), "--sample", "3", "--out", out.toString()).exitCode);
        assertEquals(2, CliRunner.run("visualize", "--run", run.toString(), "--sample", "999").exitCode);
    }

    @Test
    void corruptCheckpointIsReportedAsSuch() throws Exception {
        Path copy = tmp.resolve("corrupt");
        Files.createDirectories(copy.resolve("checkpoints"));
        for (String f : new String[]{"config.json", "state.json", "metrics.json"}) {
            Files.copy(run.resolve(f), copy.resolve(f));
        }
        Files.writeString(copy.resolve("checkpoints/best.zip"), "not a zip");
        CliRunner r = CliRunner.run("eval", "--run", copy.toString());
        assertEquals(1, r.exitCode);
        assertTrue(r.firstErrLine().contains("is corrupt"), r.err);
        CliRunner missing = CliRunner.run("eval", "--run", tmp.resolve("nowhere").toString());
        assertEquals(1, missing.exitCode);
        assertTrue(missing.firstErrLine().contains("not an snn4j run directory"), missing.err);
    }
}
