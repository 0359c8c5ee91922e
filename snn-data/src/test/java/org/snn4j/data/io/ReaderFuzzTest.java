package org.snn4j.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.testutil.Fixtures;
import org.snn4j.core.TestData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Mutates the real sample files (and our own format, and a spec-built AEDAT 3.1 file) by truncation and
 * bit flips, seeded, and checks that every read ends in a stream or an {@link EventFormatException}:
 * never a hang, never another exception type. Returned streams must stay plausible (event count bounded
 * by the file size, coordinates inside the sensor, polarity 0/1, time non-decreasing); for the CRC-protected
 * .snne format every mutation must be detected.
 */
class ReaderFuzzTest {
    private static final int ITERATIONS_PER_FILE = 60;

    @TempDir
    Path tmp;

    record Target(String name, byte[] bytes, EventFileReader reader, int minRecordBytes, boolean allMutationsDetected) {
    }

    @Test
    void mutatedFilesEndInResultOrEventFormatException() throws Exception {
        List<Target> targets = new ArrayList<>();
        targets.add(new Target("n.bin", Files.readAllBytes(Fixtures.nmnistFile()), NmnistBinReader.nmnist(), 5, false));
        targets.add(new Target("s.dat", Files.readAllBytes(TestData.recording(Fixtures.NCARS)),
                PropheseeDatReader.inferSize(), 8, false));
        targets.add(new Target("h.aedat", Files.readAllBytes(TestData.recording(Fixtures.AEDAT2_HEADER)),
                new Aedat2Reader(null, ReadOptions.STRICT), 8, false));
        java.io.ByteArrayOutputStream c10 = new java.io.ByteArrayOutputStream();
        c10.writeBytes("#!AER-DAT2.0\r\n# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128\r\n".getBytes(
                java.nio.charset.StandardCharsets.US_ASCII));
        for (int i = 0; i < 200; i++) {
            Aedat2ReaderTest.write(c10, (i * 37 & 0x7F) << 8 | (i * 11 & 0x7F) << 1 | (i & 1), 10 * i);
        }
        targets.add(new Target("c.aedat", c10.toByteArray(), Aedat2Reader.cifar10Dvs(), 8, false));
        targets.add(new Target("s.aedat4", Files.readAllBytes(TestData.recording(Fixtures.AEDAT4)), Aedat4Reader.strict(),
                1, false));
        Path snne = tmp.resolve("orig.snne");
        SnneFormat.write(Fixtures.nmnist(), snne);
        targets.add(new Target("m.snne", Files.readAllBytes(snne), SnneFormat.strict(), 13, true));
        byte[] a3 = new Aedat3Fixture().polarityPacket(0, new int[]{1, 2, 1, 100, 1}, new int[]{3, 4, 0, 120, 1})
                .otherPacket(2, 12, 2).polarityPacket(0, new int[]{9, 9, 1, 130, 1}).bytes();
        targets.add(new Target("g.aedat", a3, Aedat3Reader.dvsGesture(), 8, false));

        int[] outcomes = new int[2];
        assertTimeoutPreemptively(Duration.ofSeconds(120), () -> {
            Random rnd = new Random(20261123L);
            for (Target target : targets) {
                for (int it = 0; it < ITERATIONS_PER_FILE; it++) {
                    byte[] m = mutate(target.bytes(), rnd);
                    Path f = tmp.resolve(target.name());
                    Files.write(f, m);
                    try {
                        EventStream ev = target.reader().read(f);
                        assertPlausible(ev, m.length, target);
                        if (target.allMutationsDetected() && !java.util.Arrays.equals(m, target.bytes())) {
                            fail(target.name() + " iteration " + it + ": mutation not detected");
                        }
                        outcomes[0]++;
                    } catch (EventFormatException e) {
                        assertTrue(e.getMessage().contains(target.name()), e.getMessage());
                        outcomes[1]++;
                    } catch (Throwable t) {
                        throw new AssertionError(target.name() + " iteration " + it + ": " + t, t);
                    }
                }
            }
        });
        assertEquals(targets.size() * ITERATIONS_PER_FILE, outcomes[0] + outcomes[1]);
        assertTrue(outcomes[1] > 0, "some mutations must be rejected");
    }

    private static byte[] mutate(byte[] src, Random rnd) {
        byte[] m = src.clone();
        int kind = rnd.nextInt(3);
        if (kind != 1) {
            int flips = 1 + rnd.nextInt(8);
            for (int i = 0; i < flips; i++) {
                int pos = rnd.nextInt(m.length);
                m[pos] ^= (byte) (1 << rnd.nextInt(8));
            }
        }
        if (kind != 0) {
            m = java.util.Arrays.copyOf(m, rnd.nextInt(m.length));
        }
        return m;
    }

    private static void assertPlausible(EventStream ev, int fileBytes, Target target) {
        assertTrue((long) ev.size() * target.minRecordBytes() <= fileBytes, target.name() + ": " + ev.size()
                + " events cannot fit in " + fileBytes + " bytes");
        for (int i = 0; i < ev.size(); i++) {
            assertTrue(ev.x(i) >= 0 && ev.x(i) < ev.width() && ev.y(i) >= 0 && ev.y(i) < ev.height());
            assertTrue(ev.p(i) == 0 || ev.p(i) == 1);
            assertTrue(i == 0 || ev.t(i) >= ev.t(i - 1));
        }
    }
}
