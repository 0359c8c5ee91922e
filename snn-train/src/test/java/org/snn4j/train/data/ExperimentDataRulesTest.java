package org.snn4j.train.data;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.core.TestData;
import org.snn4j.train.TrainingException;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Training builds its train/test pair through the same checks as snn convert (docs/data.md, "Rules a dataset must pass"). */
class ExperimentDataRulesTest {
    @TempDir
    Path root;

    private Map<String, Object> config(String dataset, boolean skipEmpty) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("dataset", dataset);
        cfg.put("data_dir", root.toString());
        cfg.put("seed", 1L);
        cfg.put("train_size", 10);
        cfg.put("test_size", 10);
        cfg.put("timesteps", 2);
        cfg.put("batch", 2);
        if (skipEmpty) {
            cfg.put("skip_empty", true);
        }
        return cfg;
    }

    /** An AEDAT 3.1 recording with one polarity packet of events at (1, 1) and the given times. */
    private static byte[] aedat3(int... times) {
        byte[] head = "#!AER-DAT3.1\r\n#!END-HEADER\r\n".getBytes(StandardCharsets.US_ASCII);
        ByteBuffer b = ByteBuffer.allocate(head.length + 28 + 8 * times.length).order(ByteOrder.LITTLE_ENDIAN);
        b.put(head).putShort((short) 1).putShort((short) 1).putInt(8).putInt(4).putInt(0)
                .putInt(times.length).putInt(times.length).putInt(times.length);
        for (int t : times) {
            b.putInt(1 << 17 | 1 << 2 | 1 << 1 | 1).putInt(t);
        }
        return b.array();
    }

    @Test
    void recordingInBothTrialListsStopsTraining() throws Exception {
        Files.write(root.resolve("user01_led.aedat"), aedat3(100, 150, 200));
        Files.writeString(root.resolve("user01_led_labels.csv"), "class,startTime_usec,endTime_usec\n1,100,201\n");
        Files.writeString(root.resolve("trials_to_train.txt"), "user01_led.aedat\n");
        Files.writeString(root.resolve("trials_to_test.txt"), "user01_led.aedat\n");
        TrainingException e = assertThrows(TrainingException.class, () -> ExperimentData.fromConfig(config("dvsgesture", false)));
        assertTrue(e.getMessage().contains("recording 'user01_led.aedat' is in both the training part ("
                + root.resolve("trials_to_train.txt") + " line 1) and the test part (" + root.resolve("trials_to_test.txt")
                + " line 1)"), e.getMessage());
    }

    @Test
    void skipEmptyLeavesOutAndReportsEmptyRecordings() throws Exception {
        for (String part : new String[]{"Train", "Test"}) {
            Path dir = Files.createDirectories(root.resolve(part).resolve("0"));
            Files.copy(TestData.recording("events/tonic_sample_nmnist.bin"), dir.resolve("1.bin"));
        }
        Files.write(root.resolve("Test/0/2.bin"), new byte[0]);
        ExperimentData strict = ExperimentData.fromConfig(config("nmnist", false));
        assertEquals(2, strict.test().size());
        assertThrows(RuntimeException.class, () -> strict.test().events(1));
        ExperimentData skipping = ExperimentData.fromConfig(config("nmnist", true));
        assertEquals(1, skipping.test().size());
        assertEquals("skipped 1 empty recordings: Test/0/2.bin", skipping.skipped().describe());
    }
}
