package org.snn4j.cli;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** snn export-nir / import-nir on a saved small-snn: the imported model computes what the saved one does. */
class NirCommandsTest {

    @Test
    void exportThenImportGivesTheSameOutputs(@TempDir Path tmp) throws Exception {
        ModelOptions o = ModelZoo.get("small-snn").defaults().timesteps(2).dataType(DataType.DOUBLE).seed(3);
        MultiLayerNetwork net = (MultiLayerNetwork) ModelZoo.build("small-snn", o).init();
        Path model = tmp.resolve("small.zip");
        ModelSerializer.writeModel(net, model.toFile(), false);
        Path nir = tmp.resolve("small.nir");

        CliRunner noInput = CliRunner.run("export-nir", "--model", model.toString(), "--dt", "1e-3", nir.toString());
        assertEquals(2, noInput.exitCode);
        assertTrue(noInput.firstErrLine().contains("--input C,H,W"), noInput.err);

        CliRunner ex = CliRunner.run("export-nir", "--model", model.toString(), "--input", "2,32,32", "--dt", "1e-3", nir.toString());
        assertEquals(0, ex.exitCode, ex.err);
        assertTrue(ex.out.contains("Input -> Conv2d -> LIF -> SumPool2d -> Threshold -> Conv2d"), ex.out);
        CliRunner again = CliRunner.run("export-nir", "--model", model.toString(), "--input", "2,32,32", "--dt", "1e-3", nir.toString());
        assertEquals(1, again.exitCode);
        assertTrue(again.firstErrLine().contains("--force"), again.err);

        Path back = tmp.resolve("back.zip");
        CliRunner im = CliRunner.run("import-nir", nir.toString(), "--dt", "1e-3", "--loss", "ce", "--out", back.toString());
        assertEquals(0, im.exitCode, im.err);
        MultiLayerNetwork b = ModelSerializer.restoreMultiLayerNetwork(back.toFile(), false);
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 4, 32, 32).lt(0.4).castTo(DataType.DOUBLE);
        assertTrue(net.output(x).equalsWithEps(b.output(x), 1e-10));
    }

    @Test
    void exportsARunsBestCheckpointWithTheInputOfItsData(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        CliRunner r = CliRunner.run("train", "--epochs", "1", "--seed", "5", "--train-size", "22", "--test-size", "11",
                "--width-mult", "0.25", "--timesteps", "2", "--out", run.toString());
        assertEquals(0, r.exitCode, r.err);
        Path nir = tmp.resolve("run.nir");
        CliRunner ex = CliRunner.run("export-nir", "--run", run.toString(), "--dt", "1e-3", nir.toString());
        assertEquals(0, ex.exitCode, ex.err);
        org.snn4j.nir.NirGraph g = org.snn4j.nir.NirFile.read(nir);
        assertEquals(2, ((org.snn4j.nir.NirArray) g.metadata().get("snn4j_timesteps")).asLongs()[0]);
        org.junit.jupiter.api.Assertions.assertArrayEquals(new long[] {2, 32, 32}, g.nodes().get("input").array("shape").asLongs());
    }

    @Test
    void refusalsAreOneLineNamingTheLayerOrNode(@TempDir Path tmp) throws Exception {
        MultiLayerNetwork sma = (MultiLayerNetwork) ModelZoo.build("small-sma-snn",
                ModelZoo.get("small-sma-snn").defaults().timesteps(4)).init();
        Path model = tmp.resolve("sma.zip");
        ModelSerializer.writeModel(sma, model.toFile(), false);
        CliRunner r = CliRunner.run("export-nir", "--model", model.toString(), "--input", "2,32,32", "--dt", "1e-3",
                tmp.resolve("sma.nir").toString());
        assertEquals(1, r.exitCode);
        assertEquals(1, r.err.lines().count(), r.err);
        assertTrue(r.err.contains("SMA (spiking multiscale attention) has no NIR node"), r.err);
        assertTrue(Files.notExists(tmp.resolve("sma.nir")));

        Path notNir = tmp.resolve("x.nir");
        Files.writeString(notNir, "hello");
        CliRunner bad = CliRunner.run("import-nir", notNir.toString(), "--dt", "1e-3", "--out", tmp.resolve("m.zip").toString());
        assertEquals(1, bad.exitCode);
        assertEquals(1, bad.err.lines().count(), bad.err);
        assertTrue(bad.err.contains("x.nir"), bad.err);
    }
}
