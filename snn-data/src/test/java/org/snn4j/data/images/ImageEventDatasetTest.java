package org.snn4j.data.images;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.io.Bytes;
import org.snn4j.data.io.EventFormatException;
import org.snn4j.data.iterator.FrameDataSetIterator;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageEventDatasetTest {
    @TempDir
    Path tmp;

    static byte[] idx(int[] dims, byte[] data) {
        byte[] b = new byte[4 + 4 * dims.length + data.length];
        b[2] = 8;
        b[3] = (byte) dims.length;
        for (int i = 0; i < dims.length; i++) {
            Bytes.putI32be(b, 4 + 4 * i, dims[i]);
        }
        System.arraycopy(data, 0, b, 4 + 4 * dims.length, data.length);
        return b;
    }

    /** A blank image gives no events; a single bright pixel gives events only along its saccade path. */
    @Test
    void saccadesOfSyntheticImages() throws Exception {
        byte[] px = new byte[2 * 5 * 5];
        px[25 + 2 * 5 + 2] = (byte) 255; // image 1: centre pixel lit
        Path img = tmp.resolve("imgs.gz");
        try (OutputStream o = new GZIPOutputStream(Files.newOutputStream(img))) {
            o.write(idx(new int[]{2, 5, 5}, px));
        }
        Path lab = tmp.resolve("labels");
        Files.write(lab, idx(new int[]{2}, new byte[]{0, 1}));
        ImageEventDataset ds = new ImageEventDataset(IdxFile.read(img), IdxFile.read(lab), List.of("a", "b"),
                SaccadeConverter.nmnistLike(), 1, 10);
        assertEquals(2, ds.size());
        assertEquals(11, ds.width());
        assertEquals(0, ds.events(0).size());
        EventStream ev = ds.events(1);
        assertTrue(ev.size() > 20, "events: " + ev.size());
        int on = 0;
        for (int i = 0; i < ev.size(); i++) {
            // the pixel starts at sensor (5,5) and moves by at most 3 px right and 3 px down
            assertTrue(ev.x(i) >= 4 && ev.x(i) <= 9 && ev.y(i) >= 4 && ev.y(i) <= 9, "event at " + ev.x(i) + "," + ev.y(i));
            assertTrue(i == 0 || ev.t(i) >= ev.t(i - 1));
            on += ev.p(i);
        }
        assertTrue(on > 0 && on < ev.size(), "both polarities");
        assertTrue(ev.t(ev.size() - 1) < 300_000);
        assertArrayEquals(ev.xs(), ds.events(1).xs(), "seeded");

        FrameDataSetIterator it = ImageEventDataset.repeatedFrameIterator(ds, 3, 2, null);
        DataSet b = it.next();
        assertArrayEquals(new long[]{2, 3, 11, 11}, b.getFeatures().shape());
        assertEquals(1.0, b.getFeatures().getDouble(1, 2, 5, 5), 1e-6);
        assertEquals(3.0, b.getFeatures().sumNumber().doubleValue(), 1e-6);
    }

    @Test
    void truncatedOrWrongIdxIsRejected() throws Exception {
        Path f = tmp.resolve("bad");
        Files.write(f, java.util.Arrays.copyOf(idx(new int[]{2, 5, 5}, new byte[50]), 40));
        EventFormatException e = assertThrows(EventFormatException.class, () -> IdxFile.read(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        byte[] wrongType = idx(new int[]{1}, new byte[1]);
        wrongType[2] = 0x0D;
        Files.write(f, wrongType);
        assertEquals(2, assertThrows(EventFormatException.class, () -> IdxFile.read(f)).position());
    }

    /** Real Fashion-MNIST when Debian's dataset-fashion-mnist is installed. */
    @Test
    void debianFashionMnist() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(ImageEventDataset.DEBIAN_FASHION_MNIST),
                "skipped: " + ImageEventDataset.DEBIAN_FASHION_MNIST + " absent (apt-get install dataset-fashion-mnist)");
        ImageEventDataset test = ImageEventDataset.fashionMnist(ImageEventDataset.DEBIAN_FASHION_MNIST, false, 20, 7);
        assertEquals(20, test.size());
        assertEquals(34, test.width());
        assertEquals(9, test.label(0)); // the first t10k image is an ankle boot
        for (int i = 0; i < 5; i++) {
            EventStream ev = test.events(i);
            assertTrue(ev.size() > 100, "image " + i + " gave " + ev.size() + " events");
        }
    }
}
