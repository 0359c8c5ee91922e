package org.snn4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** snn bench: per-benchmark help, named options, and a run without a peer that reports no ratio. */
class BenchCommandTest {

    @Test
    void eachBenchmarkListsItsOwnOptions() {
        CliRunner r = CliRunner.run("bench", "neuron", "--help");
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("--scaling-reps") && r.out.contains("--spikingjelly"), r.out);
        assertFalse(r.out.contains("--sma-azo"), "the LIF benchmark has no SMA peer: " + r.out);
        CliRunner m = CliRunner.run("bench", "ma-snn", "--help");
        assertTrue(m.out.contains("--attention-snn") && m.out.contains("--batch"), m.out);
        CliRunner all = CliRunner.run("bench", "--help");
        assertEquals(0, all.exitCode);
        for (String name : new String[]{"neuron", "network", "attention", "sma-vgg", "ma-snn", "events"}) {
            assertTrue(all.out.contains("  " + name + " "), name + " missing from " + all.out);
        }
    }

    @Test
    void theSparkBenchmarkSaysWhereItLivesWhenSnnSparkIsAbsent() {
        CliRunner r = CliRunner.run("bench", "spark", "--epochs", "1");
        assertEquals(2, r.exitCode);
        assertTrue(r.firstErrLine().contains("snn-spark/target/snn-spark.jar"), r.err);
    }

    @Test
    void badOptionValuesAreOneLineUsageErrors() {
        CliRunner r = CliRunner.run("bench", "neuron", "--T", "x");
        assertEquals(2, r.exitCode);
        assertEquals("snn bench: neuron: --T expects an integer, got 'x'", r.firstErrLine());
        CliRunner u = CliRunner.run("bench", "neuron", "--warp", "9");
        assertEquals(2, u.exitCode);
        assertTrue(u.firstErrLine().contains("Unrecognized option: --warp"), u.err);
        CliRunner p = CliRunner.run("bench", "neuron", "16");
        assertEquals(2, p.exitCode);
        assertTrue(p.firstErrLine().contains("unexpected argument '16'"), p.err);
    }

    @Test
    void withoutAPeerOurFiguresComeWithoutARatio(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("neuron.json");
        CliRunner r = CliRunner.run("bench", "neuron", "--T", "4", "--N", "2", "--C", "4", "--H", "8", "--W", "8",
                "--warmup", "1", "--reps", "2", "--scaling-reps", "1", "--no-peer", "--out", out.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("peer not measured (--no-peer given)"), r.out);
        assertFalse(r.out.contains("faster"), r.out);
        JsonNode j = new ObjectMapper().readTree(Files.readString(out));
        assertTrue(j.get("ratio").get("speedup_vs_peer").isNull() || Double.isNaN(j.get("ratio").get("speedup_vs_peer").asDouble()),
                j.get("ratio").toString());
        assertTrue(j.get("floor").get("x_floor").asDouble() > 0, j.get("floor").toString());
        double rate = j.get("snn4j").get("firing_rate").get("lif").asDouble();
        assertTrue(rate > 0 && rate < 1, "U(0,2) input makes the LIF fire sometimes: " + rate);
        assertTrue(j.get("machine").has("cpu_model") && j.has("loadavg_before") && j.has("loadavg_after"));
        assertTrue(j.get("thread_scaling").get("snn4j_efficiency").asDouble() > 0 || Runtime.getRuntime().availableProcessors() < 2);
        assertEquals("snn bench neuron --T 4 --N 2 --C 4 --H 8 --W 8 --warmup 1 --reps 2 --scaling-reps 1 --no-peer --out " + out,
                j.get("command").asText());
    }
}
