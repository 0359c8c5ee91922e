package org.snn4j.data.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.testutil.Fixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Real N-MNIST sample: counts and first/last events as listed in shared/data/events/SOURCES.md. */
class NmnistBinReaderTest {
    @TempDir
    Path tmp;

    @Test
    void realSampleMatchesSources() throws Exception {
        EventStream ev = NmnistBinReader.nmnist().read(Fixtures.nmnistFile());
        assertEquals(4325, ev.size());
        assertEquals(34, ev.width());
        int[][] first = {{7, 15, 1, 654}, {19, 18, 0, 2999}, {21, 17, 0, 3017}, {10, 18, 0, 3893}, {12, 9, 1, 4023}};
        for (int i = 0; i < first.length; i++) {
            assertEquals(first[i][0], ev.x(i));
            assertEquals(first[i][1], ev.y(i));
            assertEquals(first[i][2], ev.p(i));
            assertEquals(first[i][3], ev.t(i));
        }
        int last = ev.size() - 1;
        assertEquals(21, ev.x(last));
        assertEquals(14, ev.y(last));
        assertEquals(1, ev.p(last));
        assertEquals(311175, ev.t(last));
        int on = 0;
        for (int i = 0; i < ev.size(); i++) {
            on += ev.p(i);
        }
        assertEquals(2145, on);
        assertEquals("0", ev.metadata().get("overflowRecords"));
    }

    @Test
    void overflowRecordAddsTwoToTheThirteenth() throws Exception {
        byte[] b = {
                3, 4, (byte) 0x80, 0, 10,       // x3 y4 ON t=10
                0, (byte) 240, 0, 0, 0,          // overflow marker
                5, 6, 0x01, 0, 1};               // x5 y6 OFF t=65537 + 8192
        Path f = tmp.resolve("o.bin");
        Files.write(f, b);
        EventStream ev = NmnistBinReader.nmnist().read(f);
        assertEquals(2, ev.size());
        assertEquals(10, ev.t(0));
        assertEquals(1, ev.p(0));
        assertEquals(65537 + 8192, ev.t(1));
        assertEquals(0, ev.p(1));
        assertEquals("1", ev.metadata().get("overflowRecords"));
    }

    @Test
    void truncatedFileNamesOffset() throws Exception {
        byte[] all = Files.readAllBytes(Fixtures.nmnistFile());
        Path f = tmp.resolve("t.bin");
        Files.write(f, Arrays.copyOf(all, 5 * 100 + 3));
        EventFormatException e = assertThrows(EventFormatException.class, () -> NmnistBinReader.nmnist().read(f));
        assertEquals(500, e.position());
        assertTrue(e.getMessage().contains("t.bin") && e.getMessage().contains("byte offset 500"), e.getMessage());
    }

    @Test
    void outOfSensorAndTimeReversalFailOrAreCounted() throws Exception {
        byte[] b = {
                3, 4, 0, 0, 10,
                40, 4, 0, 0, 11,   // x = 40 outside 34
                3, 4, 0, 0, 5,     // time goes back
                3, 4, 0, 0, 12};
        Path f = tmp.resolve("bad.bin");
        Files.write(f, b);
        EventFormatException e = assertThrows(EventFormatException.class, () -> NmnistBinReader.nmnist().read(f));
        assertEquals(5, e.position());
        assertTrue(e.getMessage().contains("outside the 34x34 sensor"), e.getMessage());
        EventFormatException e2 = assertThrows(EventFormatException.class,
                () -> new NmnistBinReader(34, 34, new ReadOptions(BadEventPolicy.DROP, BadEventPolicy.FAIL)).read(f));
        assertEquals(10, e2.position());
        assertTrue(e2.getMessage().contains("earlier than the previous"), e2.getMessage());
        EventStream ev = new NmnistBinReader(34, 34, ReadOptions.LENIENT).read(f);
        assertEquals(2, ev.size());
        assertEquals("1", ev.metadata().get("dropped.outOfSensor"));
        assertEquals("1", ev.metadata().get("dropped.timeReversed"));
    }

    @Test
    void ncaltechInfersSensorSize() throws Exception {
        EventStream ev = NmnistBinReader.ncaltech101().read(Fixtures.nmnistFile());
        assertEquals(34, ev.width());
        assertEquals(34, ev.height());
    }
}
