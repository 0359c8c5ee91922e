package org.snn4j.cli;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code snn train --recipe}: the recipe sets the run, explicit options override it, config.json holds the result. */
class TrainRecipeTest {

    @Test
    void bundledRecipeSetsTheRunAndExplicitOptionsOverrideIt(@TempDir Path tmp) throws Exception {
        Path run = tmp.resolve("run");
        CliRunner r = CliRunner.run("train", "--recipe", "small-snn-synthetic", "--epochs", "1", "--timesteps", "2",
                "--train-size", "32", "--test-size", "11", "--width-mult", "0.5", "--out", run.toString());
        assertEquals(0, r.exitCode, r.err);
        JsonNode cfg = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertEquals("small-snn-synthetic", cfg.path("recipe").asText());
        assertEquals("small-snn", cfg.path("model").asText());
        assertEquals(7, cfg.path("seed").asLong(), "seed from the recipe");
        assertEquals(1e-3, cfg.path("lr").asDouble(), 1e-12, "lr from the recipe");
        assertEquals("adam", cfg.path("optimizer").path("type").asText());
        assertEquals("constant", cfg.path("schedule").path("type").asText());
        assertEquals("ce", cfg.path("loss").asText());
        assertEquals(1, cfg.path("epochs").asInt(), "--epochs overrides the recipe's 3");
        assertEquals(2, cfg.path("timesteps").asInt(), "--timesteps overrides the recipe's 8");
        assertTrue(r.out.contains("T=2, batch 16, seed 7"), r.out);
    }

    @Test
    void recipeFileWithCosineScheduleStepsTheLearningRatePerEpoch(@TempDir Path tmp) throws Exception {
        Path recipe = tmp.resolve("mine.json");
        Files.writeString(recipe, "{\"name\":\"mine\",\"source\":\"docs/models.md\",\"model\":\"small-snn\","
                + "\"dataset\":\"synthetic\",\"timesteps\":2,\"channels\":2,\"resolution\":[32,32],\"classes\":11,"
                + "\"loss\":\"mse\",\"optimizer\":{\"type\":\"sgd\",\"lr\":0.1,\"momentum\":0.9,\"weightDecay\":1e-4},"
                + "\"schedule\":{\"type\":\"cosine\",\"tMax\":4},\"epochs\":2,\"batch\":8,\"seed\":11}");
        Path run = tmp.resolve("run");
        CliRunner r = CliRunner.run("train", "--recipe", recipe.toString(), "--train-size", "16", "--test-size", "11",
                "--width-mult", "0.5", "--out", run.toString());
        assertEquals(0, r.exitCode, r.err);
        JsonNode cfg = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertEquals(recipe.toString(), cfg.path("recipe").asText());
        assertEquals("sgd", cfg.path("optimizer").path("type").asText());
        assertEquals(4, cfg.path("schedule").path("t_max").asInt());
        assertEquals("mse", cfg.path("loss").asText());
        assertEquals(8, cfg.path("batch").asInt());
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(run.resolve("checkpoints/epoch-002.zip").toFile(), false);
        assertEquals(2, net.getEpochCount(), "each epoch advances the epoch count the cosine schedule reads");
        // lr(e) = 0.1 (1 + cos(pi e / 4)) / 2 at e = 2: 0.05
        assertEquals(0.05, net.getLearningRate(1), 1e-9);
    }

    @Test
    void badRecipesGetClearErrors(@TempDir Path tmp) throws Exception {
        CliRunner unknown = CliRunner.run("train", "--recipe", "sma-vgg-mars");
        assertEquals(2, unknown.exitCode);
        assertTrue(unknown.firstErrLine().contains("unknown recipe 'sma-vgg-mars'")
                && unknown.firstErrLine().contains("small-snn-synthetic"), unknown.err);
        CliRunner imagenet = CliRunner.run("train", "--recipe", "sma-ms-resnet18-imagenet");
        assertEquals(2, imagenet.exitCode);
        assertTrue(imagenet.firstErrLine().contains("unknown dataset 'imagenet-1k' (from recipe sma-ms-resnet18-imagenet; "
                + "override with --dataset)") && imagenet.firstErrLine().contains("synthetic"), imagenet.err);
        CliRunner missing = CliRunner.run("train", "--recipe", tmp.resolve("nope.json").toString());
        assertEquals(2, missing.exitCode);
        assertTrue(missing.firstErrLine().contains("not found"), missing.err);
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"name\":\"bad\",\"epochz\":3}");
        CliRunner badKey = CliRunner.run("train", "--recipe", bad.toString());
        assertEquals(2, badKey.exitCode);
        assertTrue(badKey.firstErrLine().contains("unknown key 'epochz'"), badKey.err);
    }
}
