package org.snn4j.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.testutil.Fixtures;
import org.snn4j.core.TestData;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class Aedat2ReaderTest {
    @TempDir
    Path tmp;

    @Test
    void realJaerHeaderHasNoEvents() throws Exception {
        Path f = TestData.recording(Fixtures.AEDAT2_HEADER);
        Aedat2Header h = Aedat2Reader.readHeader(f);
        assertEquals("2.0", h.version());
        assertEquals(1695355587880L, h.creationTimeMs());
        assertEquals("eu.seebetter.ini.chips.davis.Davis346red", h.chipClass());
        assertEquals(Files.size(f), h.headerBytes());
        assertEquals("#!AER-DAT2.0", h.lines().get(0));
        EventStream ev = new Aedat2Reader(null, ReadOptions.STRICT).read(f);
        assertEquals(0, ev.size());
        assertEquals(346, ev.width());
        assertEquals(260, ev.height());
        assertEquals(EventFormat.AEDAT2, EventFormat.detect(f));
    }

    /** CIFAR10-DVS addresses written from docs/data.md (x mirrored, big-endian, CRLF header). */
    @Test
    void cifar10DvsAddressesDecodeAsJaer() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("#!AER-DAT2.0\r\n# This is a raw AE data file - do not edit\r\n# AEChip: ch.unizh.ini.jaer.chip.retina.DVS128\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        // address 0x0A03: xRaw = 1 -> x = 126, y = 10, p = 1; address 0x7FFE: xRaw=127 -> x=0, y=127, p=0
        write(out, 0x00000A03, 100);
        write(out, 0x00007FFE, 100);
        write(out, 0x00000000, 250);
        Path f = tmp.resolve("cifar10_airplane_0.aedat");
        Files.write(f, out.toByteArray());
        EventStream ev = Aedat2Reader.cifar10Dvs().read(f);
        assertEquals(3, ev.size());
        assertEquals(128, ev.width());
        assertEquals(126, ev.x(0));
        assertEquals(10, ev.y(0));
        assertEquals(1, ev.p(0));
        assertEquals(0, ev.x(1));
        assertEquals(127, ev.y(1));
        assertEquals(0, ev.p(1));
        assertEquals(127, ev.x(2));
        assertEquals(250, ev.t(2));
        Files.write(f, java.util.Arrays.copyOf(out.toByteArray(), out.size() - 3));
        EventFormatException e = assertThrows(EventFormatException.class, () -> Aedat2Reader.cifar10Dvs().read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void wrongMagicIsRejected() throws Exception {
        Path f = tmp.resolve("x.aedat");
        Files.write(f, "#!AER-DAT9.9\n".getBytes(StandardCharsets.US_ASCII));
        EventFormatException e = assertThrows(EventFormatException.class, () -> Aedat2Reader.cifar10Dvs().read(f));
        assertEquals(0, e.position());
        assertTrue(e.getMessage().contains("#!AER-DAT2.0"), e.getMessage());
    }

    static void write(ByteArrayOutputStream out, int address, int t) {
        byte[] r = new byte[8];
        Bytes.putI32be(r, 0, address);
        Bytes.putI32be(r, 4, t);
        out.writeBytes(r);
    }
}
