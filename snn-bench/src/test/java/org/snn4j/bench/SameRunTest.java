package org.snn4j.bench;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Options;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Same-run comparison without a peer, the peer's settings, the results file and the bandwidth floor. */
class SameRunTest {

    private static CommandLine parse(String... args) throws Exception {
        return new DefaultParser().parse(BenchOptions.add(new Options(), "x.json", 1, 2, "spikingjelly", "sma-azo"), args);
    }

    @Test
    void withoutAPeerThereIsNoRatioAndTheHeadlineSaysSo() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        double[] times = {0.3, 0.1, 0.2, 0.4};
        SameRun.Outcome r = SameRun.run("x", null, i -> times[i], 1, 3, new PrintStream(buf, true, StandardCharsets.UTF_8));
        assertEquals(List.of(0.1, 0.2, 0.4), r.ours(), "the warm-up repetition is not timed");
        assertEquals(0.2, r.oursMedian(), 0);
        assertTrue(Double.isNaN(r.speedup()));
        String h = SameRun.headline("LIF", r, "no spikingjelly source tree given");
        assertTrue(h.contains("peer not measured (no spikingjelly source tree given)"), h);
        assertFalse(h.contains("faster"), h);
    }

    @Test
    void peerSettingsNameWhatIsMissing(@TempDir Path dir) throws Exception {
        PeerUnavailable none = assertThrows(PeerUnavailable.class, () -> BenchOptions.peer(parse("--no-peer"), "spikingjelly"));
        assertTrue(none.getMessage().contains("--no-peer"));
        PeerUnavailable py = assertThrows(PeerUnavailable.class,
                () -> BenchOptions.peer(parse("--python", dir.resolve("nope").toString()), "spikingjelly"));
        assertTrue(py.getMessage().contains("no Python at"), py.getMessage());
        Path fakePython = Files.createFile(dir.resolve("python"));
        fakePython.toFile().setExecutable(true);
        PeerUnavailable tree = assertThrows(PeerUnavailable.class,
                () -> BenchOptions.peer(parse("--python", fakePython.toString(), "--sma-azo", dir.resolve("missing").toString()), "sma-azo"));
        assertTrue(tree.getMessage().contains("--sma-azo") && tree.getMessage().contains("is not a folder"), tree.getMessage());
        Peer.Settings s = BenchOptions.peer(parse("--python", fakePython.toString(), "--spikingjelly", dir.toString()), "spikingjelly");
        assertEquals(List.of("--spikingjelly", dir.toAbsolutePath().toString()), s.args());
    }

    @Test
    void aPeerThatFailsToStartIsReportedNotThrown(@TempDir Path dir) throws Exception {
        // a "Python" that exits at once: the benchmark gets a reason, not a stack trace
        Path fake = dir.resolve("python");
        Files.writeString(fake, "#!/bin/sh\necho 'ModuleNotFoundError: No module named torch' >&2\nexit 1\n");
        fake.toFile().setExecutable(true);
        PeerUnavailable e = assertThrows(PeerUnavailable.class,
                () -> Peer.start(new Peer.Settings(fake.toString(), List.of()), "lif", 1, List.of()));
        assertTrue(e.getMessage().contains("No module named torch"), e.getMessage());
    }

    @Test
    void resultsFileRecordsMachineLoadAndCommand(@TempDir Path dir) throws Exception {
        Results r = new Results("neuron", parse("--reps", "4"));
        r.section("ratio").put("speedup_vs_peer", 2.5);
        Path f = r.write(dir.resolve("sub/neuron.json"));
        JsonNode j = new ObjectMapper().readTree(Files.readString(f));
        assertEquals("snn bench neuron --reps 4", j.get("command").asText());
        assertTrue(j.get("machine").get("cores").asInt() >= 1);
        assertTrue(j.has("loadavg_before") && j.has("loadavg_after"));
        assertEquals(2.5, j.get("ratio").get("speedup_vs_peer").asDouble(), 0);
        assertFalse(Files.exists(dir.resolve("sub/neuron.json.tmp")));
    }

    @Test
    void triadBandwidthIsPlausible() {
        double bw = Bandwidth.triadBytesPerSecond(1 << 20, 3);
        assertTrue(bw > 1e8 && bw < 1e13, "bytes/s " + bw);
        assertEquals(0.5, Threads.efficiency(1.0, 1.0, 2), 0);
        assertEquals(1.0, Threads.efficiency(2.0, 1.0, 2), 0);
    }
}
