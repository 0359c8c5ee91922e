package org.snn4j.spark;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.snn4j.cli.SnnCli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code snn bench spark} is found through the service registration when snn-spark is on the class path, takes
 * named options, and with one-process and local[2] modes writes a row per mode and epoch.
 */
class SparkBenchCommandTest {
    @Test
    void theSparkBenchmarkIsListedAndRuns(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream list = new ByteArrayOutputStream();
        assertEquals(0, new SnnCli(new PrintStream(list, true, StandardCharsets.UTF_8), System.err).run(new String[]{"bench", "--help"}));
        assertTrue(list.toString(StandardCharsets.UTF_8).contains("  spark "), list.toString(StandardCharsets.UTF_8));

        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int bad = new SnnCli(System.out, new PrintStream(err, true, StandardCharsets.UTF_8))
                .run(new String[]{"bench", "spark", "--modes", "local,cloud"});
        assertEquals(2, bad);
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--modes: unknown mode 'cloud'"), err.toString(StandardCharsets.UTF_8));

        Path json = dir.resolve("spark.json");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int rc = new SnnCli(new PrintStream(out, true, StandardCharsets.UTF_8), System.err).run(new String[]{"bench", "spark",
                "--modes", "local,local-spark", "--epochs", "1", "--train-size", "64", "--test-size", "32", "--timesteps", "3",
                "--out", json.toString()});
        assertEquals(0, rc, out.toString(StandardCharsets.UTF_8));
        JsonNode rows = new ObjectMapper().readTree(Files.readString(json)).get("epochs");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals("local", rows.get(0).get("mode").asText());
        assertEquals("local-spark", rows.get(1).get("mode").asText());
        for (JsonNode r : rows) {
            assertTrue(r.get("fit_seconds").asDouble() > 0 && r.get("test_accuracy").asDouble() >= 0, r.toString());
        }
        double share = rows.get(1).get("outside_task_share").asDouble();
        assertTrue(share >= 0 && share <= 1, "a share of the fit time: " + share);
    }
}
