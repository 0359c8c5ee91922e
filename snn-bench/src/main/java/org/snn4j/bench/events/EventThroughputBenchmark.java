package org.snn4j.bench.events;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.snn4j.bench.Benchmark;
import org.snn4j.bench.Machine;
import java.io.PrintStream;

import org.snn4j.data.events.EventStream;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.Frames;
import org.snn4j.data.frames.SplitBy;
import org.snn4j.data.io.Aedat4Reader;
import org.snn4j.data.io.EventFileReader;
import org.snn4j.data.io.NmnistBinReader;
import org.snn4j.data.io.PropheseeDatReader;
import org.snn4j.data.io.SnneFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Single-thread throughput of event decoding and event-to-frame integration on the real sample files
 * (a folder of sample files, e.g. the repository's testdata). Prints a table and writes it to {@code target/event-throughput.txt} (or the
 * second argument). Every measurement repeats the operation for at least {@code SECONDS} after a
 * warm-up of the same length, and reports events per second. Integration rates include allocating and
 * zeroing the output frames, as callers of {@link FrameSpec#integrate} pay for them.
 *
 */
public final class EventThroughputBenchmark implements Benchmark {
    private static final double SECONDS = 1.5;
    private static volatile long sink;

    @Override
    public String name() {
        return "events";
    }

    @Override
    public String summary() {
        return "event reading and frame integration throughput on one core (no peer)";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("dir").hasArg().argName("DIR").required()
                .desc("folder of sample event files (.aedat4, .dat, .bin, .snne), e.g. testdata").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("FILE")
                .desc("report file (default snn-bench-results/event-throughput.txt)").build());
        return o;
    }

    @Override
    public void run(CommandLine cl, PrintStream out) throws IOException {
        Path dir = Path.of(cl.getOptionValue("dir"));
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--dir " + dir + " is not a folder");
        }
        out.println("machine: " + Machine.oneLine() + "; load " + Machine.loadAverage());
        run(dir, Path.of(cl.getOptionValue("out", "snn-bench-results/event-throughput.txt")), out);
    }

    @FunctionalInterface
    interface Op {
        int run() throws IOException;
    }

    /** Events per second of {@code op}, which returns the number of events it handled. */
    static double rate(Op op) throws IOException {
        for (int pass = 0; pass < 2; pass++) {
            long events = 0;
            long start = System.nanoTime();
            long end = start + (long) (SECONDS * 1e9);
            long now;
            do {
                events += op.run();
                now = System.nanoTime();
            } while (now < end);
            if (pass == 1) {
                return events / ((now - start) / 1e9);
            }
        }
        throw new AssertionError();
    }

    private static void run(Path dir, Path outFile, PrintStream out) throws IOException {
        Map<String, EventFileReader> readers = new LinkedHashMap<>();
        Map<String, Path> files = new LinkedHashMap<>();
        files.put("N-MNIST .bin (4,325 ev)", dir.resolve("tonic_sample_nmnist.bin"));
        readers.put("N-MNIST .bin (4,325 ev)", NmnistBinReader.nmnist());
        files.put("AEDAT 4.0 LZ4 (111,954 ev)", dir.resolve("tonic_sample.aedat4"));
        readers.put("AEDAT 4.0 LZ4 (111,954 ev)", Aedat4Reader.strict());
        files.put("Prophesee DAT (2,009 ev)", dir.resolve("tonic_sample_ncars.dat"));
        readers.put("Prophesee DAT (2,009 ev)", PropheseeDatReader.inferSize());
        EventStream dvx = Aedat4Reader.strict().read(files.get("AEDAT 4.0 LZ4 (111,954 ev)"));
        Path snne = Files.createTempFile("bench", SnneFormat.EXTENSION);
        SnneFormat.write(dvx, snne);
        files.put(".snne of the AEDAT4 events", snne);
        readers.put(".snne of the AEDAT4 events", SnneFormat.strict());

        List<String> lines = new ArrayList<>();
        lines.add("# snn4j event throughput, 1 thread, Java " + System.getProperty("java.version") + ", "
                + Runtime.getRuntime().availableProcessors() + " CPUs visible");
        lines.add(String.format("%-48s %14s", "decode (file -> EventStream)", "M events/s"));
        for (Map.Entry<String, Path> e : files.entrySet()) {
            EventFileReader r = readers.get(e.getKey());
            Path f = e.getValue();
            lines.add(String.format("%-48s %14.1f", e.getKey(), rate(() -> r.read(f).size()) / 1e6));
        }

        EventStream nmnist = NmnistBinReader.nmnist().read(files.get("N-MNIST .bin (4,325 ev)"));
        EventStream big = tile(dvx, 50);
        lines.add(String.format("%-48s %14s", "integrate (EventStream -> frames)", "M events/s"));
        Map<String, FrameSpec> specs = new LinkedHashMap<>();
        specs.put("T=16 split by number", FrameSpec.frameCount(16, SplitBy.NUMBER));
        specs.put("T=16 split by time", FrameSpec.frameCount(16, SplitBy.TIME));
        specs.put("dt=15 ms x T=60 windows", FrameSpec.dtWindows(15_000, 60));
        specs.put("T=16 by number, ds=4", FrameSpec.frameCount(16, SplitBy.NUMBER).withDownsample(4));
        for (Map.Entry<String, FrameSpec> s : specs.entrySet()) {
            for (EventStream ev : new EventStream[]{nmnist, dvx, big}) {
                int used = eventsUsed(ev, s.getValue());
                String name = s.getKey() + ", " + used + " ev " + ev.width() + "x" + ev.height();
                lines.add(String.format("%-48s %14.1f", name, rate(() -> {
                    Frames f = s.getValue().integrate(ev);
                    sink += f.data().length;
                    return used;
                }) / 1e6));
            }
        }
        lines.add(String.format("%-48s %14s", "read + integrate T=16 by number (file -> frames)", "M events/s"));
        FrameSpec t16 = FrameSpec.frameCount(16, SplitBy.NUMBER);
        for (Map.Entry<String, Path> e : files.entrySet()) {
            if (e.getKey().startsWith(".snne")) {
                continue;
            }
            EventFileReader r = readers.get(e.getKey());
            Path f = e.getValue();
            lines.add(String.format("%-48s %14.1f", e.getKey(), rate(() -> {
                EventStream ev = r.read(f);
                sink += t16.integrate(ev).data().length;
                return ev.size();
            }) / 1e6));
        }
        lines.forEach(out::println);
        if (outFile.toAbsolutePath().getParent() != null) {
            Files.createDirectories(outFile.toAbsolutePath().getParent());
        }
        Files.write(outFile, lines);
        Files.deleteIfExists(snne);
        out.println("written to " + outFile.toAbsolutePath());
    }

    /** Events that land in a frame: all, except after the last window of a DT_WINDOWS spec (those are not counted). */
    static int eventsUsed(EventStream ev, FrameSpec spec) {
        if (spec.mode() != org.snn4j.data.frames.FrameMode.DT_WINDOWS) {
            return ev.size();
        }
        long end = ev.t(0) + spec.frames() * spec.durationUs();
        int n = 0;
        while (n < ev.size() && ev.t(n) < end) {
            n++;
        }
        return n;
    }

    /** {@code copies} back-to-back copies of a recording, shifted in time, as one long stream (~5.6 M events for 50). */
    static EventStream tile(EventStream ev, int copies) {
        int n = ev.size();
        long span = ev.t(n - 1) - ev.t(0) + 1;
        long[] t = new long[n * copies];
        int[] x = new int[n * copies];
        int[] y = new int[n * copies];
        byte[] p = new byte[n * copies];
        for (int c = 0; c < copies; c++) {
            for (int i = 0; i < n; i++) {
                t[c * n + i] = ev.t(i) + c * span;
            }
            System.arraycopy(ev.xs(), 0, x, c * n, n);
            System.arraycopy(ev.ys(), 0, y, c * n, n);
            System.arraycopy(ev.polarities(), 0, p, c * n, n);
        }
        return new EventStream(t, x, y, p, ev.width(), ev.height(), Map.of("source", "tiled x" + copies));
    }
}
