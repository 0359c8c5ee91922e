package org.snn4j.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.events.EventStream;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Fixtures written from the spec's byte layout (no real DVS128 Gesture file exists under testdata/). */
class Aedat3ReaderTest {
    @TempDir
    Path tmp;

    @Test
    void decodesPolarityPacketsSkipsInvalidAndOtherPackets() throws Exception {
        byte[] b = new Aedat3Fixture()
                .polarityPacket(0, new int[]{1, 2, 1, 100, 1}, new int[]{127, 127, 0, 150, 0}, new int[]{5, 6, 0, 200, 1})
                .otherPacket(2, 12, 3)
                .polarityPacket(1, new int[]{9, 8, 1, 5, 1})
                .bytes();
        Path f = tmp.resolve("user01_fluorescent.aedat");
        Files.write(f, b);
        EventStream ev = Aedat3Reader.dvsGesture().read(f);
        assertEquals(3, ev.size());
        assertEquals(1, ev.x(0));
        assertEquals(2, ev.y(0));
        assertEquals(1, ev.p(0));
        assertEquals(100, ev.t(0));
        assertEquals(5, ev.x(1));
        assertEquals(200, ev.t(1));
        assertEquals((1L << 31) | 5, ev.t(2));
        assertEquals("1", ev.metadata().get("skipped.invalid"));
        assertEquals("1", ev.metadata().get("skipped.nonPolarityPackets"));
        assertEquals(EventFormat.AEDAT3, EventFormat.detect(f));
    }

    @Test
    void truncatedPacketAndBadEventSizeNameOffsets() throws Exception {
        byte[] b = new Aedat3Fixture().polarityPacket(0, new int[]{1, 2, 1, 100, 1}, new int[]{5, 6, 0, 200, 1}).bytes();
        Path f = tmp.resolve("cut.aedat");
        Files.write(f, Arrays.copyOf(b, b.length - 6));
        EventFormatException e = assertThrows(EventFormatException.class, () -> Aedat3Reader.dvsGesture().read(f));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("cut.aedat"), e.getMessage());
        assertEquals(b.length - 8, e.position());

        byte[] bad = new Aedat3Fixture().otherPacket(1, 12, 1).bytes();
        Files.write(f, bad);
        EventFormatException e2 = assertThrows(EventFormatException.class, () -> Aedat3Reader.dvsGesture().read(f));
        assertTrue(e2.getMessage().contains("eventSize 12, expected 8"), e2.getMessage());
    }
}
