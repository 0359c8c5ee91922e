package org.snn4j.train.run;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.train.TrainingRun;
import org.snn4j.train.options.TrainArguments;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A checkpoint copied out of its run folder still says which configuration, seed, data and software made it. */
class ProvenanceTest {
    @Test
    @SuppressWarnings("unchecked")
    void aCopiedCheckpointCarriesItsProvenanceAndStillLoads(@TempDir Path dir) throws Exception {
        Map<String, Object> cfg = TrainArguments.resolve(TrainArguments.parse(List.of("--epochs", "1", "--seed", "9",
                "--train-size", "44", "--test-size", "22", "--timesteps", "2", "--width-mult", "0.25")));
        TrainingRun.Result r = TrainingRun.train(cfg, dir.resolve("run"), false, null, false);
        Path copy = Files.copy(r.dir().resolve("checkpoints/best.zip"), dir.resolve("elsewhere.zip"));
        Provenance p = Provenance.read(copy);
        assertNotNull(p, "no provenance entry in the checkpoint");
        Map<String, Object> f = p.fields();
        assertEquals(9, ((Number) f.get("seed")).intValue());
        Map<String, Object> config = (Map<String, Object>) f.get("config");
        assertEquals("small-snn", config.get("model"));
        assertEquals(0.25, ((Number) config.get("width_mult")).doubleValue());
        Map<String, Object> data = (Map<String, Object>) f.get("data");
        assertEquals("synthetic", data.get("dataset"));
        assertEquals(44, ((Number) data.get("train_clips")).intValue());
        assertEquals(2, ((Number) ((Map<String, Object>) data.get("frames")).get("timesteps")).intValue());
        Map<String, Object> sw = (Map<String, Object>) f.get("software");
        assertEquals("1.0.0-M2.1", sw.get("dl4j"));
        assertTrue(sw.get("snn4j_git_commit") instanceof String && !((String) sw.get("snn4j_git_commit")).isEmpty());
        // DL4J ignores the extra entry: the file restores as an ordinary model.
        MultiLayerNetwork net = ModelSerializer.restoreMultiLayerNetwork(copy.toFile(), true);
        assertTrue(net.numParams() > 0);
    }

    @Test
    void aPlainDl4jModelHasNone(@TempDir Path dir) throws Exception {
        Map<String, Object> cfg = TrainArguments.resolve(TrainArguments.parse(List.of("--timesteps", "2", "--width-mult", "0.25")));
        MultiLayerNetwork net = (MultiLayerNetwork) org.snn4j.models.zoo.ModelZoo.build("small-snn",
                org.snn4j.models.zoo.ModelZoo.get("small-snn").defaults().timesteps(2).widthMultiplier(0.25)).init();
        Path f = dir.resolve("plain.zip");
        ModelSerializer.writeModel(net, f.toFile(), false);
        assertNull(Provenance.read(f));
        assertEquals("small-snn", cfg.get("model"));
    }
}
