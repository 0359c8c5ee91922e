package org.snn4j.data.datavec;

import org.datavec.api.records.Record;
import org.datavec.api.split.FileSplit;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.SplitBy;
import org.snn4j.data.io.ReadOptions;
import org.snn4j.data.io.SnneFormat;
import org.snn4j.data.testutil.Fixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EventFileRecordReaderTest {
    @TempDir
    Path root;

    @Test
    void recordsAreFramesAndParentFolderLabels() throws Exception {
        Files.createDirectories(root.resolve("a"));
        Files.createDirectories(root.resolve("b"));
        Files.copy(Fixtures.nmnistFile(), root.resolve("b").resolve("x.bin"));
        SnneFormat.write(Fixtures.nmnist().slice(0, 1000), root.resolve("a").resolve("y.snne"));
        FrameSpec spec = FrameSpec.frameCount(4, SplitBy.NUMBER);
        EventFileRecordReader rr = new EventFileRecordReader(spec, 34, 34, ReadOptions.STRICT);
        rr.initialize(new FileSplit(root.toFile(), new String[]{"bin", "snne"}, true));
        assertEquals(List.of("a", "b"), rr.getLabels());
        int seen = 0;
        while (rr.hasNext()) {
            Record r = rr.nextRecord();
            List<Writable> w = r.getRecord();
            INDArray f = ((NDArrayWritable) w.get(0)).get();
            assertArrayEquals(new long[]{1, 8, 34, 34}, f.shape());
            int label = w.get(1).toInt();
            assertEquals(label == 0 ? 1000 : 4325, f.sumNumber().intValue());
            assertEquals(f, ((NDArrayWritable) rr.loadFromMetaData(r.getMetaData()).getRecord().get(0)).get());
            seen++;
        }
        assertEquals(2, seen);
        rr.reset();
        assertEquals(true, rr.hasNext());
    }
}
