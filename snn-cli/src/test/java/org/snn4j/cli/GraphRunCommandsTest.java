package org.snn4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * energy and visualize on a ComputationGraph run (MS-ResNet-18, tiny: width x1/16, T=1 so the static
 * RepeatOverTime input matches one event frame), walked vertex by vertex in topological order.
 */
class GraphRunCommandsTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void trainTinyGraphRun() {
        run = tmp.resolve("resnet");
        CliRunner r = CliRunner.run("train", "--model", "ms-resnet-18", "--width-mult", "0.0625", "--timesteps", "1",
                "--epochs", "1", "--seed", "3", "--train-size", "16", "--test-size", "11", "--batch", "8",
                "--out", run.toString());
        assertEquals(0, r.exitCode, r.err);
    }

    @Test
    void energyCountsTheGraphsConvsAndNeurons() throws Exception {
        CliRunner r = CliRunner.run("energy", "--run", run.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("ConvolutionLayer") && r.out.contains("ANN/SNN"), r.out);
        assertTrue(r.out.contains(" MAC ") && r.out.contains(" AC "), "stem MACs, spike-fed convs ACs: " + r.out);
        String json = Files.readString(run.resolve("energy.json"));
        assertTrue(json.contains("\"stem_conv\"") && json.contains("\"fc\""), "rows carry the vertex names: " + json);
    }

    @Test
    void visualizeDrawsTheGraphsSpikingLayers() throws Exception {
        Path out = tmp.resolve("plots");
        CliRunner r = CliRunner.run("visualize", "--run", run.toString(), "--out", out.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("heatmap-layer"), r.out);
        for (String line : r.out.lines().filter(l -> l.startsWith("written ")).toList()) {
            Path png = Path.of(line.substring("written ".length()));
            assertNotNull(ImageIO.read(png.toFile()), png + " is not a readable PNG");
        }
    }
}
