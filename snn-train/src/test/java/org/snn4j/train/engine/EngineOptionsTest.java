package org.snn4j.train.engine;

import org.junit.jupiter.api.Test;
import org.snn4j.train.TrainingException;
import org.snn4j.train.options.TrainArguments;
import org.snn4j.train.options.UsageException;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** --spark / --devices resolve into the run configuration's engine entry; misuse gets a one-line usage error. */
class EngineOptionsTest {
    private static Map<String, Object> resolve(String... args) throws UsageException {
        return TrainArguments.resolve(TrainArguments.parse(List.of(args)));
    }

    @Test
    void noEngineOptionIsThisProcess() throws Exception {
        Map<String, Object> cfg = resolve();
        assertFalse(cfg.containsKey("engine"));
        assertEquals("local", Engines.type(cfg));
        assertInstanceOf(LocalEngine.class, Engines.forConfig(cfg));
    }

    @Test
    void sparkOptionsGoIntoTheEngineEntry() throws Exception {
        Map<String, Object> cfg = resolve("--spark", "local[3]", "--averaging-frequency", "4", "--batch", "8");
        assertEquals(Map.of("type", "spark", "master", "local[3]", "workers", 3, "averaging_frequency", 4,
                "batch_per_worker", 8), cfg.get("engine"));
        Map<String, Object> c2 = resolve("--spark", "spark://10.0.0.1:7077", "--workers", "6", "--batch-per-worker", "32");
        assertEquals(6, ((Map<?, ?>) c2.get("engine")).get("workers"));
        assertEquals(32, ((Map<?, ?>) c2.get("engine")).get("batch_per_worker"));
        assertEquals(Map.of("type", "devices", "devices", 2, "averaging_frequency", 1), resolve("--devices", "2").get("engine"));
    }

    @Test
    void misuseIsAUsageError() {
        assertTrue(assertThrows(UsageException.class, () -> resolve("--workers", "2")).getMessage().contains("--spark"));
        assertTrue(assertThrows(UsageException.class, () -> resolve("--spark", "cluster1")).getMessage()
                .contains("Spark master URL"));
        assertTrue(assertThrows(UsageException.class, () -> resolve("--spark", "local[2]", "--devices", "2")).getMessage()
                .contains("one of them"));
        assertTrue(assertThrows(UsageException.class, () -> resolve("--devices", "2", "--workers", "3")).getMessage()
                .contains("--spark options"));
        String refused = assertThrows(UsageException.class, () -> resolve("--spark", "local[2]", "--gradient-sharing"))
                .getMessage();
        assertTrue(refused.contains("refused") && refused.contains("batch-norm"), refused);
        assertThrows(UsageException.class, () -> resolve("--spark", "local[2]", "--workers", "0"));
    }

    @Test
    void anEngineThatIsNotOnTheClassPathSaysWhereItIs() throws Exception {
        // snn-train's tests have no snn-spark on the class path
        TrainingException e = assertThrows(TrainingException.class, () -> Engines.forConfig(resolve("--spark", "local[2]")));
        assertTrue(e.getMessage().contains("snn-spark") && e.getMessage().contains("docs/distributed.md"), e.getMessage());
    }
}
