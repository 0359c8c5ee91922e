package org.snn4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A run of small-sma-azo-snn: training through the SMA+AZO layer, then its attention pictures and energy. */
class AttentionRunCommandsTest {
    @TempDir
    static Path tmp;
    static Path run;

    @BeforeAll
    static void trainTinySmaRun() {
        run = tmp.resolve("sma");
        CliRunner r = CliRunner.run("train", "--model", "small-sma-azo-snn", "--width-mult", "0.5", "--timesteps", "4",
                "--epochs", "1", "--seed", "5", "--train-size", "16", "--test-size", "11", "--out", run.toString());
        assertEquals(0, r.exitCode, r.err);
    }

    @Test
    void visualizeDrawsTemporalAndChannelAttentionOfTheSmaLayer() throws Exception {
        Path out = tmp.resolve("plots");
        CliRunner r = CliRunner.run("visualize", "--run", run.toString(), "--sample", "2", "--out", out.toString());
        assertEquals(0, r.exitCode, r.err);
        // layers: 0 FoldTime, 1 conv, 2 BN, 3 LIF, 4 pool, 5 conv, 6 SMA
        for (String f : new String[]{"attention-time-layer6-sample2.png", "attention-channel-layer6-sample2.png",
                "heatmap-layer8-sample2.png"}) {
            BufferedImage img = ImageIO.read(out.resolve(f).toFile());
            assertNotNull(img, f + " is not a readable PNG");
            assertTrue(img.getWidth() > 100 && img.getHeight() > 50, f);
            assertTrue(r.out.contains(f), r.out);
        }
        CliRunner again = CliRunner.run("visualize", "--run", run.toString(), "--sample", "2", "--out", out.toString());
        assertEquals(1, again.exitCode);
        assertTrue(again.firstErrLine().contains("--force"), again.err);
    }

    @Test
    void energyRunsOnTheSmaNetwork() {
        CliRunner r = CliRunner.run("energy", "--run", run.toString(), "--clips", "11");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("ANN/SNN"), r.out);
    }
}
