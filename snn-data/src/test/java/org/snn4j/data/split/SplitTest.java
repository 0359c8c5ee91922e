package org.snn4j.data.split;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.io.Aedat3Fixture;
import org.snn4j.data.io.EventFormatException;
import org.snn4j.data.synthetic.SyntheticEventDataset;
import org.snn4j.data.testutil.Fixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SplitTest {
    @TempDir
    Path tmp;

    private final SyntheticEventDataset ds = new SyntheticEventDataset(1, 0, 110, 16);

    @Test
    void stratifiedNinetyTenPerClassIsDisjointCompleteAndSeeded() throws Exception {
        Split s = Split.stratified(ds, 0.9, 3404);
        assertEquals(99, s.trainIds().size());
        assertEquals(11, s.testIds().size());
        Set<String> all = new HashSet<>(s.trainIds());
        for (String id : s.testIds()) {
            assertTrue(all.add(id), "test clip in train: " + id);
        }
        assertEquals(110, all.size());
        TrainTest tt = s.apply(ds);
        int[] testPerClass = new int[11];
        for (int i = 0; i < tt.test().size(); i++) {
            testPerClass[tt.test().label(i)]++;
        }
        for (int c : testPerClass) {
            assertEquals(1, c);
        }
        assertEquals(s, Split.stratified(ds, 0.9, 3404));
        assertNotEquals(s.testIds(), Split.stratified(ds, 0.9, 3402).testIds());

        Path f = tmp.resolve("split.txt");
        SplitFile.save(s, f);
        assertEquals(s, SplitFile.load(f));
    }

    @Test
    void leaksAndUnknownIdsAreRejected() {
        Split leak = new Split("manual", 0, List.of(ds.clipId(0), ds.clipId(1)), List.of(ds.clipId(1)));
        SplitLeakException e = assertThrows(SplitLeakException.class, () -> leak.apply(ds));
        assertTrue(e.getMessage().contains("leak"), e.getMessage());
        Split unknown = new Split("manual", 0, List.of("nope"), List.of());
        assertThrows(IllegalArgumentException.class, () -> unknown.apply(ds));
    }

    @Test
    void perClassOrderTakesFirstFiles() {
        Split s = Split.perClassOrder(ds, 9);
        assertEquals(99, s.trainIds().size());
        assertEquals(ds.clipId(99), s.testIds().get(0)); // clip 99 is the 10th of class 0
    }

    @Test
    void missingOrMalformedSplitFile() throws Exception {
        EventFormatException missing = assertThrows(EventFormatException.class, () -> SplitFile.load(tmp.resolve("none.txt")));
        assertTrue(missing.getMessage().contains("split file missing"));
        Path f = tmp.resolve("bad.txt");
        Files.writeString(f, SplitFile.HEADER + "\nmethod=x\nseed=abc\n[train]\n[test]\n");
        assertEquals(3, assertThrows(EventFormatException.class, () -> SplitFile.load(f)).position());
    }

    @Test
    void officialListsSharingARecordingAreALeak() throws Exception {
        Files.write(tmp.resolve("user01_led.aedat"), new Aedat3Fixture().polarityPacket(0, new int[]{1, 1, 1, 5, 1}).bytes());
        Files.writeString(tmp.resolve("user01_led_labels.csv"), "class,startTime_usec,endTime_usec\n1,0,10\n");
        Files.writeString(tmp.resolve("trials_to_train.txt"), "user01_led.aedat\n");
        Files.writeString(tmp.resolve("trials_to_test.txt"), "user01_led.aedat\n");
        SplitLeakException e = assertThrows(SplitLeakException.class, () -> OfficialSplits.dvsGesture(tmp, true));
        assertTrue(e.getMessage().contains("user01_led.aedat"), e.getMessage());
        assertTrue(e.getMessage().contains("trials_to_train.txt line 1") && e.getMessage().contains("trials_to_test.txt line 1"),
                e.getMessage());
    }

    @Test
    void nmnistOfficialFoldersDoNotCollide() throws Exception {
        for (String part : new String[]{"Train", "Test"}) {
            Files.createDirectories(tmp.resolve(part).resolve("7"));
            Files.copy(Fixtures.nmnistFile(), tmp.resolve(part).resolve("7").resolve("00001.bin"));
        }
        TrainTest tt = OfficialSplits.nmnist(tmp);
        assertEquals("Train/7/00001.bin", tt.train().clipId(0));
        assertEquals("Test/7/00001.bin", tt.test().clipId(0));
    }
}
