package org.snn4j.data.rules;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.cache.CacheConverter;
import org.snn4j.data.cache.ProgressListener;
import org.snn4j.data.convert.DatasetConverter;
import org.snn4j.data.convert.DatasetKind;
import org.snn4j.data.datasets.ClassFolderDataset;
import org.snn4j.data.datasets.DvsGestureDataset;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.SplitBy;
import org.snn4j.data.io.Aedat2Reader;
import org.snn4j.data.io.Aedat3Fixture;
import org.snn4j.data.io.Aedat3Reader;
import org.snn4j.data.io.Aedat4Reader;
import org.snn4j.data.io.EventFormat;
import org.snn4j.data.io.EventFormatException;
import org.snn4j.data.io.NmnistBinReader;
import org.snn4j.data.io.ReadOptions;
import org.snn4j.data.split.Split;
import org.snn4j.data.split.SplitFile;
import org.snn4j.data.split.SplitLeakException;
import org.snn4j.data.testutil.Fixtures;
import org.snn4j.core.TestData;

import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One test per rule of docs/data.md "Rules a dataset must pass", with the message a user sees. */
class DatasetRulesTest {
    @TempDir
    Path root;

    private static final ProgressListener QUIET = (done, total) -> { };
    private static final FrameSpec SPEC = FrameSpec.frameCount(2, SplitBy.NUMBER);

    private void gestureFolder(String trainList, String testList) throws Exception {
        Files.write(root.resolve("user01_led.aedat"), new Aedat3Fixture()
                .polarityPacket(0, ev(1, 1, 100), ev(2, 2, 150), ev(3, 3, 200), ev(4, 4, 250)).bytes());
        Files.writeString(root.resolve("user01_led_labels.csv"), "class,startTime_usec,endTime_usec\n1,100,200\n2,200,251\n");
        Files.write(root.resolve("user24_led.aedat"), new Aedat3Fixture().polarityPacket(0, ev(7, 7, 10), ev(8, 8, 20)).bytes());
        Files.writeString(root.resolve("user24_led_labels.csv"), "class,startTime_usec,endTime_usec\n2,0,15\n");
        Files.writeString(root.resolve("trials_to_train.txt"), trainList);
        Files.writeString(root.resolve("trials_to_test.txt"), testList);
    }

    private static int[] ev(int x, int y, int t) {
        return new int[]{x, y, 1, t, 1};
    }

    private DatasetConverter.Options convertOptions(DatasetKind kind, boolean skip) {
        return new DatasetConverter.Options(kind, root, root.resolve("cache"), SPEC, 1, null, 0, 0.9, 128, 128, skip);
    }

    @Test
    void recordingInBothTrialListsIsALeakNamingBothLists() throws Exception {
        gestureFolder("user01_led.aedat\n", "user24_led.aedat\nuser01_led.aedat\n");
        SplitLeakException e = assertThrows(SplitLeakException.class,
                () -> DatasetConverter.convert(convertOptions(DatasetKind.DVSGESTURE, false), QUIET));
        String m = e.getMessage();
        assertTrue(m.contains("recording 'user01_led.aedat' is in both the training part (" + root.resolve("trials_to_train.txt")
                + " line 1) and the test part (" + root.resolve("trials_to_test.txt") + " line 2)"), m);
        assertFalse(Files.exists(root.resolve("cache").resolve("dvsgesture-train")), "nothing converted before the check");
        assertThrows(SplitLeakException.class, () -> DatasetKind.DVSGESTURE.openOfficialSplit(root, 128, 128, true));
    }

    @Test
    void recordingTwiceInOneListNamesTheListAndBothLines() throws Exception {
        gestureFolder("user01_led.aedat\n\nuser01_led.aedat\n", "user24_led.aedat\n");
        EventFormatException e = assertThrows(EventFormatException.class, () -> new DvsGestureDataset(root, true, true));
        assertEquals(root.resolve("trials_to_train.txt") + ": line 3: recording 'user01_led.aedat' is listed twice "
                + "(lines 1 and 3); each recording must appear once", e.getMessage());
    }

    @Test
    void clipTwiceInASplitFileIsRejected() throws Exception {
        Path f = root.resolve("split.txt");
        Files.writeString(f, "# snn4j split v1\nmethod=manual\nseed=1\n[train]\na/1.bin\na/2.bin\n[test]\na/3.bin\na/1.bin\n");
        EventFormatException e = assertThrows(EventFormatException.class, () -> SplitFile.load(f));
        assertEquals(f + ": line 9: clip 'a/1.bin' is listed twice ([train] line 5 and [test] line 9): train/test leak; "
                + "each clip must appear once", e.getMessage());
        Split dup = new Split("manual", 0, List.of("x", "x"), List.of());
        ClassFolderDataset ds = nmnistLike(root.resolve("n"), 2);
        Split twice = new Split("manual", 0, List.of(ds.clipId(0), ds.clipId(0)), List.of(ds.clipId(1)));
        SplitLeakException leak = assertThrows(SplitLeakException.class, () -> twice.apply(ds));
        assertTrue(leak.getMessage().contains("appears twice in the training part"), leak.getMessage());
        assertThrows(IllegalArgumentException.class, () -> dup.apply(ds));
    }

    private static ClassFolderDataset nmnistLike(Path dir, int files) throws Exception {
        Files.createDirectories(dir.resolve("0"));
        for (int i = 0; i < files; i++) {
            Files.copy(Fixtures.nmnistFile(), dir.resolve("0").resolve(i + ".bin"));
        }
        return new ClassFolderDataset(dir, ".bin", NmnistBinReader.nmnist(), 34, 34);
    }

    @Test
    void emptyRecordingsFailByDefaultAndAreCountedWhenSkipped() throws Exception {
        for (String part : new String[]{"Train", "Test"}) {
            Files.createDirectories(root.resolve(part).resolve("3"));
            Files.copy(Fixtures.nmnistFile(), root.resolve(part).resolve("3").resolve("00001.bin"));
        }
        Files.write(root.resolve("Train/3/00002.bin"), new byte[0]);
        Files.write(root.resolve("Train/3/00003.bin"), new byte[0]);
        UncheckedIOException e = assertThrows(UncheckedIOException.class,
                () -> DatasetConverter.convert(convertOptions(DatasetKind.NMNIST, false), QUIET));
        assertEquals(root.resolve("Train/3/00002.bin") + ": recording has no events (0-byte or header-only file, e.g. an "
                + "interrupted download); --skip-empty skips such recordings", e.getCause().getMessage());

        Map<String, CacheConverter.Report> r = DatasetConverter.convert(convertOptions(DatasetKind.NMNIST, true),
                QUIET);
        assertEquals(1, r.get("train").clips());
        assertEquals("skipped 2 empty recordings: Train/3/00002.bin, Train/3/00003.bin", r.get("train").skipped().describe());
        assertTrue(r.get("test").skipped().isEmpty());
    }

    @Test
    void headerOnlyAedatIsEmpty() throws Exception {
        Path cls = Files.createDirectories(root.resolve("airplane"));
        Files.copy(TestData.recording(Fixtures.AEDAT2_HEADER), cls.resolve("cifar10_airplane_0.aedat"));
        ClassFolderDataset strict = ClassFolderDataset.cifar10Dvs(root);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> strict.events(0));
        assertTrue(e.getCause().getMessage().startsWith(cls.resolve("cifar10_airplane_0.aedat") + ": recording has no events"),
                e.getCause().getMessage());
        java.io.ByteArrayOutputStream one = new java.io.ByteArrayOutputStream();
        one.writeBytes("#!AER-DAT2.0\r\n".getBytes(StandardCharsets.US_ASCII));
        one.writeBytes(new byte[]{0, 0, 2, 2, 0, 0, 0, 5});
        Files.write(cls.resolve("cifar10_airplane_1.aedat"), one.toByteArray());
        ClassFolderDataset skipping = ClassFolderDataset.cifar10Dvs(root, true);
        assertEquals(1, skipping.size());
        assertEquals("skipped 1 empty recordings: airplane/cifar10_airplane_0.aedat", skipping.skipped().describe());
    }

    @Test
    void aClassWhoseRecordingsAreAllSkippedKeepsItsLabel() throws Exception {
        for (String c : new String[]{"a", "b", "c"}) {
            Files.createDirectories(root.resolve(c));
        }
        Files.copy(Fixtures.nmnistFile(), root.resolve("a/1.bin"));
        Files.write(root.resolve("b/1.bin"), new byte[0]);
        Files.copy(Fixtures.nmnistFile(), root.resolve("c/1.bin"));
        ClassFolderDataset ds = new ClassFolderDataset(root, ".bin", NmnistBinReader.nmnist(), 34, 34, true);
        assertEquals(List.of("a", "b", "c"), ds.classNames());
        assertEquals(2, ds.size());
        assertEquals(2, ds.label(1), "c keeps label 2");
        assertEquals("skipped 1 empty recordings: b/1.bin", ds.skipped().describe());
    }

    @Test
    void gestureLabelPastTheLastEventIsAnErrorOrASkip() throws Exception {
        gestureFolder("user01_led.aedat\n", "user24_led.aedat\n");
        // truncated download: the second gesture ends long after the last event (t=250)
        Files.writeString(root.resolve("user01_led_labels.csv"), "class,startTime_usec,endTime_usec\n1,100,200\n2,200,900\n");
        DvsGestureDataset strict = new DvsGestureDataset(root, true, true);
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> strict.events(1));
        assertEquals(root.resolve("user01_led_labels.csv") + ": line 3: gesture [200, 900) us ends after the last event of "
                + "the recording user01_led.aedat at 250 us (truncated recording?); --skip-empty skips such recordings and clips",
                e.getCause().getMessage());
        DvsGestureDataset skipping = new DvsGestureDataset(root, true, true, Aedat3Reader.dvsGesture(), true);
        assertEquals(1, skipping.size());
        assertEquals(2, skipping.events(0).size());
        assertEquals("skipped 1 empty or truncated recordings or clips: user01_led.aedat#3 (gesture [200, 900) us ends after "
                + "the last event of the recording user01_led.aedat at 250 us (truncated recording?))", skipping.skipped().describe());
    }

    @Test
    void gestureRecordingWithoutEventsIsSkippedWhole() throws Exception {
        gestureFolder("user01_led.aedat\nuser24_led.aedat\n", "user24_led.aedat\n".replace("24", "01"));
        Files.write(root.resolve("user24_led.aedat"), new Aedat3Fixture().bytes()); // header only
        DvsGestureDataset strict = new DvsGestureDataset(root, true, true);
        assertThrows(UncheckedIOException.class, () -> strict.events(2));
        DvsGestureDataset skipping = new DvsGestureDataset(root, true, true, Aedat3Reader.dvsGesture(), true);
        assertEquals(2, skipping.size());
        assertEquals("skipped 1 empty or truncated recordings or clips: user24_led.aedat (no events)",
                skipping.skipped().describe());
    }

    /** A packet of a stream id the IOHeader XML does not declare (one flipped byte) is an error at its offset. */
    @Test
    void aedat4PacketOfUndeclaredStreamIsAnError() throws Exception {
        byte[] b = Files.readAllBytes(TestData.recording(Fixtures.AEDAT4));
        int first = 14 + 4 + ByteBuffer.wrap(b, 14, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        b[first] = 7; // stream 0 -> 7; the XML declares 0, 2, 3
        Path f = root.resolve("flipped.aedat4");
        Files.write(f, b);
        EventFormatException e = assertThrows(EventFormatException.class, () -> Aedat4Reader.strict().read(f));
        assertEquals(f + ": byte offset " + first + ": packet of stream 7, which the IOHeader infoNode XML does not declare "
                + "(declared streams: [0, 2, 3]; corrupt packet header or XML)", e.getMessage());
    }

    @Test
    void aedat4WithoutPolarityEventsIsAnError() throws Exception {
        byte[] b = Files.readAllBytes(TestData.recording(Fixtures.AEDAT4));
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int o = 14 + 4 + bb.getInt(14);
        int relabelled = 0;
        while (o + 8 <= b.length) {
            int size = bb.getInt(o + 4);
            if (bb.getInt(o) == 0) {
                bb.putInt(o, 3); // declared, but not the EVTS stream
                relabelled++;
            }
            o += 8 + size;
            if (size < 0 || relabelled > 10_000) {
                break;
            }
        }
        assertTrue(relabelled > 0);
        Path f = root.resolve("noevents.aedat4");
        Files.write(f, b);
        EventFormatException e = assertThrows(EventFormatException.class, () -> Aedat4Reader.strict().read(f));
        assertTrue(e.getMessage().startsWith(f + ": no polarity events in EVTS stream 0 (0 event packets)"), e.getMessage());
    }

    @Test
    void nonRegularFilesAreRefusedByName() throws Exception {
        Path cls = Files.createDirectories(root.resolve("airplane"));
        Files.createDirectories(cls.resolve("cifar10_airplane_0.aedat"));
        EventFormatException dir = assertThrows(EventFormatException.class, () -> ClassFolderDataset.cifar10Dvs(root));
        assertEquals(cls.resolve("cifar10_airplane_0.aedat") + " is not a regular file (a directory)", dir.getMessage());
        EventFormatException read = assertThrows(EventFormatException.class,
                () -> Aedat2Reader.cifar10Dvs().read(cls.resolve("cifar10_airplane_0.aedat")));
        assertEquals(dir.getMessage(), read.getMessage());
        Path fifo = root.resolve("pipe.bin");
        if (mkfifo(fifo)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                EventFormatException e = assertThrows(EventFormatException.class, () -> NmnistBinReader.nmnist().read(fifo));
                assertEquals(fifo + " is not a regular file (a named pipe (FIFO))", e.getMessage());
                assertThrows(EventFormatException.class, () -> EventFormat.detect(fifo));
            });
        }
    }

    static boolean mkfifo(Path p) {
        try {
            Process pr = new ProcessBuilder("mkfifo", p.toString()).redirectErrorStream(true).start();
            return pr.waitFor(10, TimeUnit.SECONDS) && pr.exitValue() == 0 && Files.exists(p);
        } catch (Exception e) {
            return false;
        }
    }

    @Test
    void headerTextInErrorsHasNoRawControlCharacters() throws Exception {
        Path f = root.resolve("evil.aedat");
        Files.write(f, "#!AER-DAT2.0\u0001\rX\u001b[2J\r\n".getBytes(StandardCharsets.ISO_8859_1));
        EventFormatException e = assertThrows(EventFormatException.class, () -> new Aedat2Reader(null, ReadOptions.STRICT).read(f));
        assertEquals(f + ": byte offset 0: expected first line '#!AER-DAT2.0' but found '#!AER-DAT2.0\\x01\\rX\\x1b[2J'",
                e.getMessage());
        for (char c : e.getMessage().toCharArray()) {
            assertTrue(c >= 0x20 && c != 0x7F, "raw control character " + (int) c);
        }
    }
}
