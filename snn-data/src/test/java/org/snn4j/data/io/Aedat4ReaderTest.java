package org.snn4j.data.io;

import org.junit.jupiter.api.Test;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.testutil.Fixtures;
import org.snn4j.core.TestData;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class Aedat4ReaderTest {
    /** Counts and ranges from SOURCES.md (checked there with numpy + python lz4). */
    @Test
    void realDvXplorerSample() throws Exception {
        EventStream ev = Aedat4Reader.strict().read(TestData.recording(Fixtures.AEDAT4));
        assertEquals(111_954, ev.size());
        assertEquals(320, ev.width());
        assertEquals(240, ev.height());
        int maxX = 0;
        int maxY = 0;
        int on = 0;
        for (int i = 0; i < ev.size(); i++) {
            maxX = Math.max(maxX, ev.x(i));
            maxY = Math.max(maxY, ev.y(i));
            on += ev.p(i);
        }
        assertEquals(319, maxX);
        assertEquals(239, maxY);
        assertEquals(55_023, on);
        assertEquals(1605537493718345L, ev.t(0));
        assertEquals(1605537494308262L, ev.t(ev.size() - 1));
        assertEquals("59", ev.metadata().get("eventPackets"));
        assertEquals("1605507430438338", ev.metadata().get("tsOffset"));
    }

    @Test
    void lz4FrameWithOverlappingMatchAndRawBlock() throws Exception {
        byte[] fixed = {
                0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x00,
                8, 0, 0, 0,                                      // compressed block of 8 bytes:
                0x35, 'a', 'b', 'c', 3, 0, 0x10, '!',                  // 3 literals + match (offset 3, length 9); then literal "!"
                2, 0, 0, (byte) 0x80, 'x', 'y',                  // uncompressed block "xy"
                0, 0, 0, 0};
        assertArrayEquals("abcabcabcabc!xy".getBytes(StandardCharsets.US_ASCII), Lz4FrameDecoder.decode(fixed));
        assertThrows(java.util.zip.DataFormatException.class,
                () -> Lz4FrameDecoder.decode(java.util.Arrays.copyOf(fixed, 16)));
        byte[] run = {0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x00, 6, 0, 0, 0, 0x12, 'z', 1, 0, 0x10, '.', 0, 0, 0, 0};
        assertArrayEquals("zzzzzzz.".getBytes(StandardCharsets.US_ASCII), Lz4FrameDecoder.decode(run)); // offset-1 run of 6
        byte[] badOffset = fixed.clone();
        badOffset[15] = 9; // offset 9 > 3 bytes decoded
        assertThrows(java.util.zip.DataFormatException.class, () -> Lz4FrameDecoder.decode(badOffset));
    }
}
