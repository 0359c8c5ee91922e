package org.snn4j.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.synthetic.SyntheticEventDataset;
import org.snn4j.data.testutil.Fixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SnneFormatTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripRealAndSyntheticStreams() throws Exception {
        for (EventStream ev : new EventStream[]{Fixtures.nmnist(), new SyntheticEventDataset(3, 0, 2, 32).events(1)}) {
            Path f = tmp.resolve("a.snne");
            SnneFormat.write(ev, f);
            EventStream back = SnneFormat.strict().read(f);
            assertArrayEquals(ev.timestamps(), back.timestamps());
            assertArrayEquals(ev.xs(), back.xs());
            assertArrayEquals(ev.ys(), back.ys());
            assertArrayEquals(ev.polarities(), back.polarities());
            assertEquals(ev.width(), back.width());
            assertEquals(ev.height(), back.height());
            ev.metadata().forEach((k, v) -> {
                if (!k.equals("file")) {
                    assertEquals(v, back.metadata().get(k), k);
                }
            });
            assertEquals(EventFormat.SNNE, EventFormat.detect(f));
        }
        try (var s = Files.list(tmp)) {
            assertEquals(1, s.count(), "no temporary file left behind");
        }
    }

    @Test
    void truncationBitFlipAndMagicAreDetected() throws Exception {
        Path f = tmp.resolve("b.snne");
        SnneFormat.write(Fixtures.nmnist(), f);
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 20));
        EventFormatException e = assertThrows(EventFormatException.class, () -> SnneFormat.strict().read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] flip = b.clone();
        flip[b.length / 2] ^= 0x10;
        Files.write(f, flip);
        EventFormatException e2 = assertThrows(EventFormatException.class, () -> SnneFormat.strict().read(f));
        assertTrue(e2.getMessage().contains("CRC32") || e2.getMessage().contains("sensor")
                || e2.getMessage().contains("earlier"), e2.getMessage());
        byte[] magic = b.clone();
        magic[0] = 'X';
        Files.write(f, magic);
        assertEquals(0, assertThrows(EventFormatException.class, () -> SnneFormat.strict().read(f)).position());
    }
}
