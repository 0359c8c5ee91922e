package org.snn4j.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.testutil.Fixtures;
import org.snn4j.core.TestData;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutates every real sample of testdata/events and the spec-built fixtures (CIFAR10-DVS AEDAT 2.0, DVS Gesture
 * AEDAT 3.1, our .snne) and reads each mutant: truncation at every record or packet boundary (capped per file)
 * and inside records, seeded byte flips anywhere and in the header, zero-length files, huge declared sizes,
 * foreign files under our extensions, and non-regular files (a folder, a FIFO). Each case must end within its
 * time limit in a plausible stream (event count bounded by the file size, coordinates inside the sensor,
 * polarity 0/1, time non-decreasing) or in one IOException (normally {@link EventFormatException}) whose message
 * names the file: never a hang, an OutOfMemoryError or an unchecked exception. Every mutation of a CRC-protected
 * .snne file must be detected.
 */
class ReaderFuzzTest {
    private static final long SEED = 20261204L;
    private static final int MAX_BOUNDARIES = 40;
    private static final int FLIPS = 60;
    private static final int HEADER_FLIPS = 25;
    private static final Duration PER_CASE = Duration.ofSeconds(10);

    @TempDir
    Path tmp;

    /** A file under test: its bytes, reader, smallest bytes per event, record boundaries and header length. */
    record Target(String name, byte[] bytes, EventFileReader reader, int minRecordBytes, boolean allMutationsDetected,
                  List<Integer> boundaries, int headerLength) {
    }

    /** One read: a name for messages, the file's bytes (null: a special file already at {@code path}). */
    record Case(String label, Path path, byte[] bytes, Target target) {
    }

    @Test
    void everyMutantEndsInAPlausibleStreamOrOneClearError() throws Exception {
        List<Target> targets = targets();
        assertTrue(targets.stream().map(Target::name).toList().containsAll(List.of("n.bin", "s.dat", "h.aedat", "s.aedat4")),
                "every real sample of testdata/events is fuzzed");
        List<Case> cases = cases(targets);
        assertTrue(cases.size() >= 1000, cases.size() + " cases");
        int[] outcomes = new int[2];
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
        try {
            assertTimeoutPreemptively(Duration.ofSeconds(90), () -> {
                for (Case c : cases) {
                    if (c.bytes() != null) {
                        Files.write(c.path(), c.bytes());
                    }
                    Future<EventStream> f = pool.submit(() -> c.target().reader().read(c.path()));
                    try {
                        EventStream ev = f.get(PER_CASE.toMillis(), TimeUnit.MILLISECONDS);
                        long size = c.bytes() == null ? 0 : c.bytes().length;
                        assertPlausible(ev, size, c);
                        if (c.target().allMutationsDetected() && !Arrays.equals(c.bytes(), c.target().bytes())) {
                            fail(c.label() + ": mutation not detected");
                        }
                        outcomes[0]++;
                    } catch (TimeoutException e) {
                        f.cancel(true);
                        fail(c.label() + ": no result within " + PER_CASE + " (hang)");
                    } catch (java.util.concurrent.ExecutionException e) {
                        Throwable t = e.getCause();
                        if (!(t instanceof IOException)) {
                            throw new AssertionError(c.label() + ": " + t, t);
                        }
                        assertTrue(t.getMessage() != null && t.getMessage().contains(c.path().getFileName().toString()),
                                c.label() + ": message does not name the file: " + t.getMessage());
                        assertTrue(t.getMessage().chars().noneMatch(ch -> ch < 0x20),
                                c.label() + ": raw control character in " + t.getMessage());
                        outcomes[1]++;
                    }
                    if (c.bytes() != null) {
                        Files.deleteIfExists(c.path());
                    }
                }
            });
        } finally {
            pool.shutdownNow();
        }
        assertTrue(outcomes[0] > 0 && outcomes[1] > 0, "both outcomes occur: " + Arrays.toString(outcomes));
    }

    private List<Target> targets() throws IOException {
        List<Target> targets = new ArrayList<>();
        byte[] nmnist = Files.readAllBytes(Fixtures.nmnistFile());
        targets.add(new Target("n.bin", nmnist, NmnistBinReader.nmnist(), 5, false, fixed(0, 5, nmnist.length), 0));
        byte[] ncars = Files.readAllBytes(TestData.recording(Fixtures.NCARS));
        int ncarsHeader = textHeader(ncars, '%') + 2;
        targets.add(new Target("s.dat", ncars, PropheseeDatReader.inferSize(), 8, false, fixed(ncarsHeader, 8, ncars.length),
                ncarsHeader));
        byte[] header = Files.readAllBytes(TestData.recording(Fixtures.AEDAT2_HEADER));
        targets.add(new Target("h.aedat", header, new Aedat2Reader(null, ReadOptions.STRICT), 8, false, lineEnds(header),
                header.length));
        ByteArrayOutputStream c10 = new ByteArrayOutputStream();
        c10.writeBytes("#!AER-DAT2.0\r\n# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128\r\n".getBytes(StandardCharsets.US_ASCII));
        int c10Header = c10.size();
        for (int i = 0; i < 200; i++) {
            Aedat2ReaderTest.write(c10, (i * 37 & 0x7F) << 8 | (i * 11 & 0x7F) << 1 | (i & 1), 10 * i);
        }
        byte[] cifar = c10.toByteArray();
        targets.add(new Target("c.aedat", cifar, Aedat2Reader.cifar10Dvs(), 8, false, fixed(c10Header, 8, cifar.length), c10Header));
        byte[] a4 = Files.readAllBytes(TestData.recording(Fixtures.AEDAT4));
        int a4Header = 18 + ByteBuffer.wrap(a4, 14, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        List<Integer> a4b = new ArrayList<>(List.of(14, 18));
        a4b.addAll(packets(a4, a4Header, 0, 4, 8));
        targets.add(new Target("s.aedat4", a4, Aedat4Reader.strict(), 1, false, a4b, a4Header));
        Path snne = tmp.resolve("orig.snne");
        SnneFormat.write(Fixtures.nmnist(), snne);
        byte[] sn = Files.readAllBytes(snne);
        int snHeader = 28 + ByteBuffer.wrap(sn, 24, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        List<Integer> snb = new ArrayList<>(fixed(snHeader, 13, sn.length - 4));
        snb.add(sn.length - 4);
        targets.add(new Target("m.snne", sn, SnneFormat.strict(), 13, true, snb, snHeader));
        byte[] a3 = new Aedat3Fixture().polarityPacket(0, new int[]{1, 2, 1, 100, 1}, new int[]{3, 4, 0, 120, 1})
                .otherPacket(2, 12, 2).polarityPacket(0, new int[]{9, 9, 1, 130, 1}).bytes();
        int a3Header = textHeader(a3, '#');
        targets.add(new Target("g.aedat", a3, Aedat3Reader.dvsGesture(), 8, false, aedat3Packets(a3, a3Header), a3Header));
        try (Stream<Path> s = Files.list(TestData.recording(Fixtures.NMNIST).getParent())) {
            for (Path p : s.toList()) {
                String n = p.getFileName().toString();
                assertTrue(List.of(Fixtures.NMNIST, Fixtures.NCARS, Fixtures.AEDAT2_HEADER, Fixtures.AEDAT4).contains("events/" + n),
                        "sample " + n + " has no fuzz target");
            }
        }
        return targets;
    }

    private List<Case> cases(List<Target> targets) throws IOException {
        Random rnd = new Random(SEED);
        List<Case> cases = new ArrayList<>();
        for (Target t : targets) {
            Path p = tmp.resolve(t.name());
            byte[] b = t.bytes();
            cases.add(new Case(t.name() + " unchanged", p, b, t));
            cases.add(new Case(t.name() + " zero-length", p, new byte[0], t));
            TreeSet<Integer> cuts = new TreeSet<>();
            for (int boundary : sample(t.boundaries(), MAX_BOUNDARIES)) {
                for (int d : new int[]{0, 1, Math.max(1, t.minRecordBytes() / 2), -1}) {
                    cuts.add(boundary + d);
                }
            }
            for (int i = 0; i < Math.min(t.headerLength(), 48); i++) {
                cuts.add(i); // every byte of the header (capped)
            }
            for (int cut : cuts) {
                if (cut > 0 && cut < b.length) {
                    cases.add(new Case(t.name() + " cut at " + cut, p, Arrays.copyOf(b, cut), t));
                }
            }
            for (int i = 0; i < FLIPS; i++) {
                byte[] m = b.clone();
                int flips = 1 + rnd.nextInt(8);
                for (int k = 0; k < flips; k++) {
                    m[rnd.nextInt(m.length)] ^= (byte) (1 << rnd.nextInt(8));
                }
                if (rnd.nextBoolean()) {
                    m = Arrays.copyOf(m, rnd.nextInt(m.length));
                }
                cases.add(new Case(t.name() + " flips #" + i, p, m, t));
            }
            if (t.headerLength() > 0) {
                for (int i = 0; i < HEADER_FLIPS; i++) {
                    byte[] m = b.clone();
                    int pos = rnd.nextInt(t.headerLength());
                    m[pos] = (byte) (rnd.nextBoolean() ? rnd.nextInt(256) : "\r\n\u0000\u001b#%<>\"".charAt(rnd.nextInt(9)));
                    cases.add(new Case(t.name() + " header byte " + pos, p, m, t));
                }
            }
            for (byte[] foreign : foreign(rnd)) {
                cases.add(new Case(t.name() + " foreign content", p, foreign, t));
            }
            Path dir = tmp.resolve("dir-" + t.name());
            Files.createDirectories(dir);
            cases.add(new Case(t.name() + " as a directory", dir, null, t));
        }
        cases.addAll(hugeSizes(targets));
        Path fifo = tmp.resolve("fifo.bin");
        if (mkfifo(fifo)) {
            for (Target t : targets) {
                cases.add(new Case(t.name() + " as a FIFO", fifo, null, t));
            }
        }
        return cases;
    }

    /** Declared lengths and counts far beyond the file: must be an error at once, not an allocation or a long loop. */
    private List<Case> hugeSizes(List<Target> targets) {
        List<Case> cases = new ArrayList<>();
        for (Target t : targets) {
            Path p = tmp.resolve(t.name());
            List<int[]> edits = new ArrayList<>(); // {offset, value} little-endian int32
            switch (t.name()) {
                case "s.aedat4" -> {
                    edits.add(new int[]{14, Integer.MAX_VALUE});
                    edits.add(new int[]{14, t.bytes().length});
                    edits.add(new int[]{14, -1});
                    edits.add(new int[]{t.headerLength() + 4, Integer.MAX_VALUE});
                    edits.add(new int[]{t.headerLength() + 4, -8});
                    edits.add(new int[]{t.headerLength(), Integer.MIN_VALUE});
                }
                case "g.aedat" -> {
                    edits.add(new int[]{t.headerLength() + 4, Integer.MAX_VALUE});
                    edits.add(new int[]{t.headerLength() + 16, Integer.MAX_VALUE});
                    edits.add(new int[]{t.headerLength() + 20, Integer.MAX_VALUE});
                    edits.add(new int[]{t.headerLength() + 16, -1});
                }
                case "m.snne" -> {
                    edits.add(new int[]{16, Integer.MAX_VALUE});
                    edits.add(new int[]{20, Integer.MAX_VALUE});
                    edits.add(new int[]{24, Integer.MAX_VALUE});
                    edits.add(new int[]{8, Integer.MAX_VALUE});
                    edits.add(new int[]{24, -5});
                }
                default -> {
                }
            }
            for (int[] e : edits) {
                byte[] m = t.bytes().clone();
                ByteBuffer.wrap(m).order(ByteOrder.LITTLE_ENDIAN).putInt(e[0], e[1]);
                cases.add(new Case(t.name() + " int32 " + e[1] + " at " + e[0], p, m, t));
            }
        }
        Target dat = targets.stream().filter(t -> t.name().equals("s.dat")).findFirst().orElseThrow();
        cases.add(new Case("s.dat huge width", tmp.resolve("w.dat"), ("% Width 99999999999\n% Height 2000000000\n")
                .getBytes(StandardCharsets.US_ASCII), dat));
        return cases;
    }

    /** Bytes of other kinds of file, stored under our extensions. */
    private static List<byte[]> foreign(Random rnd) {
        byte[] random = new byte[4096];
        rnd.nextBytes(random);
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        byte[] zip = {'P', 'K', 3, 4, 20, 0, 0, 0, 8, 0};
        byte[] text = "class,startTime_usec,endTime_usec\n1,100,200\n".getBytes(StandardCharsets.US_ASCII);
        byte[] longLine = new byte[(1 << 16) + 10];
        Arrays.fill(longLine, (byte) 'A');
        longLine[0] = '#';
        byte[] manyLines = "#\n".repeat(110_000).getBytes(StandardCharsets.US_ASCII);
        return List.of(random, png, zip, text, longLine, manyLines, "SNNE".getBytes(StandardCharsets.US_ASCII),
                "#!AER-DAT4.0\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static List<Integer> fixed(int start, int record, int end) {
        List<Integer> b = new ArrayList<>();
        for (int o = start; o <= end; o += record) {
            b.add(o);
        }
        return b;
    }

    private static List<Integer> lineEnds(byte[] b) {
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                r.add(i + 1);
            }
        }
        return r;
    }

    private static int textHeader(byte[] b, char comment) {
        int o = 0;
        while (o < b.length && b[o] == comment) {
            while (o < b.length && b[o] != '\n') {
                o++;
            }
            o++;
        }
        return o;
    }

    /** Packet starts of an AEDAT 4 file: int32 stream id, int32 size, payload. */
    private static List<Integer> packets(byte[] b, int start, int idAt, int sizeAt, int headerBytes) {
        List<Integer> r = new ArrayList<>();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int o = start;
        while (o + headerBytes <= b.length) {
            int size = bb.getInt(o + sizeAt);
            if (size < 0 || (long) o + headerBytes + size > b.length) {
                break; // the data table after the packets
            }
            r.add(o);
            r.add(o + headerBytes);
            o += headerBytes + size;
        }
        r.add(o);
        return r;
    }

    /** Packet starts of an AEDAT 3.1 file: 28-byte header, eventSize at +4, eventNumber at +20. */
    private static List<Integer> aedat3Packets(byte[] b, int start) {
        List<Integer> r = new ArrayList<>();
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int o = start;
        while (o + 28 <= b.length) {
            r.add(o);
            int size = bb.getInt(o + 4);
            int number = bb.getInt(o + 20);
            for (int k = 0; k <= number; k++) {
                r.add(o + 28 + k * size);
            }
            o += 28 + size * number;
        }
        return r;
    }

    /** At most {@code n} evenly spread elements (always the first and last). */
    private static List<Integer> sample(List<Integer> all, int n) {
        if (all.size() <= n) {
            return all;
        }
        List<Integer> r = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            r.add(all.get((int) ((long) i * (all.size() - 1) / (n - 1))));
        }
        return r;
    }

    static boolean mkfifo(Path p) {
        try {
            Process pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            return pr.waitFor(10, TimeUnit.SECONDS) && pr.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void assertPlausible(EventStream ev, long fileBytes, Case c) {
        assertTrue((long) ev.size() * c.target().minRecordBytes() <= fileBytes, c.label() + ": " + ev.size()
                + " events cannot fit in " + fileBytes + " bytes");
        for (int i = 0; i < ev.size(); i++) {
            assertTrue(ev.x(i) >= 0 && ev.x(i) < ev.width() && ev.y(i) >= 0 && ev.y(i) < ev.height(), c.label());
            assertTrue(ev.p(i) == 0 || ev.p(i) == 1, c.label());
            assertTrue(i == 0 || ev.t(i) >= ev.t(i - 1), c.label());
        }
    }
}
