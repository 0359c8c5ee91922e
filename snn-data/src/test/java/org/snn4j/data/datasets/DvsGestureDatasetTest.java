package org.snn4j.data.datasets;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.io.Aedat3Fixture;
import org.snn4j.data.io.EventFormatException;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A DVS128 Gesture folder built from the spec (no real DVS128 Gesture recording is available under testdata/). */
class DvsGestureDatasetTest {
    @TempDir
    Path root;

    @BeforeEach
    void writeFolder() throws Exception {
        Files.write(root.resolve("user01_led.aedat"), new Aedat3Fixture()
                .polarityPacket(0, ev(1, 1, 100), ev(2, 2, 150), ev(3, 3, 200), ev(4, 4, 250), ev(5, 5, 300)).bytes());
        Files.writeString(root.resolve("user01_led_labels.csv"),
                "class,startTime_usec,endTime_usec\n1,100,200\n11,200,260\n4,250,301\n");
        Files.write(root.resolve("user24_led.aedat"), new Aedat3Fixture().polarityPacket(0, ev(7, 7, 10), ev(8, 8, 20)).bytes());
        Files.writeString(root.resolve("user24_led_labels.csv"), "class,startTime_usec,endTime_usec\n2,0,15\n");
        Files.writeString(root.resolve("trials_to_train.txt"), "user01_led.aedat\n");
        Files.writeString(root.resolve("trials_to_test.txt"), "user24_led.aedat\n");
    }

    static int[] ev(int x, int y, int t) {
        return new int[]{x, y, 1, t, 1};
    }

    @Test
    void cutsClipsFromLabelsWithEndExclusive() throws Exception {
        DvsGestureDataset train = new DvsGestureDataset(root, true, true);
        assertEquals(3, train.size());
        assertEquals(11, train.numClasses());
        assertEquals(0, train.label(0));
        EventStream c0 = train.events(0);
        assertEquals(2, c0.size()); // t=100,150; 200 excluded
        assertEquals(100, c0.t(0));
        assertEquals(10, train.label(1));
        assertEquals(2, train.events(1).size()); // 200, 250
        assertEquals(3, train.label(2));
        assertEquals(2, train.events(2).size()); // 250, 300
        assertEquals("user01_led.aedat#2", train.clipId(0));
        DvsGestureDataset noOther = new DvsGestureDataset(root, true, false);
        assertEquals(2, noOther.size());
        assertEquals(10, noOther.numClasses());
        DvsGestureDataset test = new DvsGestureDataset(root, false, true);
        assertEquals(1, test.size());
        assertEquals(1, test.label(0));
        assertEquals(1, test.events(0).size());
    }

    @Test
    void missingSplitListNamesFile() throws Exception {
        Files.delete(root.resolve("trials_to_test.txt"));
        EventFormatException e = assertThrows(EventFormatException.class, () -> new DvsGestureDataset(root, false, true));
        assertTrue(e.getMessage().contains("trials_to_test.txt") && e.getMessage().contains("split list missing"), e.getMessage());
    }

    @Test
    void labelRowsOutsideRecordingOrEmptyNameTheLine() throws Exception {
        Files.writeString(root.resolve("user01_led_labels.csv"),
                "class,startTime_usec,endTime_usec\n1,100,200\n2,5000,6000\n3,201,249\n");
        DvsGestureDataset ds = new DvsGestureDataset(root, true, true);
        UncheckedIOException outside = assertThrows(UncheckedIOException.class, () -> ds.events(1));
        assertTrue(outside.getCause().getMessage().contains("user01_led_labels.csv: line 3")
                && outside.getCause().getMessage().contains("outside the recording"), outside.getCause().getMessage());
        UncheckedIOException empty = assertThrows(UncheckedIOException.class, () -> ds.events(2));
        assertTrue(empty.getCause().getMessage().contains("line 4") && empty.getCause().getMessage().contains("empty clip"),
                empty.getCause().getMessage());
    }

    @Test
    void malformedLabelRowsNameTheLine() throws Exception {
        for (String bad : new String[]{"1,100\n", "x,1,2\n", "12,1,2\n", "1,300,200\n"}) {
            Files.writeString(root.resolve("user01_led_labels.csv"), "class,startTime_usec,endTime_usec\n1,100,200\n" + bad);
            EventFormatException e = assertThrows(EventFormatException.class, () -> new DvsGestureDataset(root, true, true));
            assertEquals(3, e.position(), e.getMessage());
            assertTrue(e.isLine());
        }
        Files.writeString(root.resolve("user01_led_labels.csv"), "class,startTime_usec,endTime_usec\n1,100,200\n");
        Files.writeString(root.resolve("trials_to_train.txt"), "user01_led.aedat\nuser99_none.aedat\n");
        EventFormatException e = assertThrows(EventFormatException.class, () -> new DvsGestureDataset(root, true, true));
        assertTrue(e.getMessage().contains("trials_to_train.txt: line 2"), e.getMessage());
    }
}
