package org.snn4j.data.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.cache.CacheConverter;
import org.snn4j.data.datasets.ClassFolderDataset;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.SplitBy;
import org.snn4j.data.split.Split;
import org.snn4j.data.split.SplitFile;
import org.snn4j.data.synthetic.SyntheticEventDataset;
import org.snn4j.data.testutil.Fixtures;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DatasetConverterTest {
    @TempDir
    Path tmp;

    @Test
    void nmnistFolderToCacheTwiceSecondAllCached() throws Exception {
        Path root = tmp.resolve("NMNIST");
        for (String f : new String[]{"Train/0/a.bin", "Train/1/b.bin", "Test/0/c.bin"}) {
            Files.createDirectories(root.resolve(f).getParent());
            Files.copy(Fixtures.nmnistFile(), root.resolve(f));
        }
        DatasetConverter.Options o = new DatasetConverter.Options(DatasetKind.NMNIST, root, tmp.resolve("cache"),
                FrameSpec.frameCount(10, SplitBy.TIME), 2, null, 0, 0.9, 128, 128);
        Map<String, CacheConverter.Report> first = DatasetConverter.convert(o, (done, total) -> { });
        assertEquals(2, first.get("train").clips());
        assertEquals(2, first.get("train").converted());
        assertEquals(1, first.get("test").converted());
        Map<String, CacheConverter.Report> second = DatasetConverter.convert(o, (done, total) -> { });
        assertEquals(0, second.get("train").converted());
        assertEquals(2, second.get("train").cacheHits());
        try (Stream<Path> s = Files.walk(tmp.resolve("cache"))) {
            assertEquals(3, s.filter(p -> p.toString().endsWith(".frames")).count());
        }
        DatasetConverter.Options missing = new DatasetConverter.Options(DatasetKind.NMNIST, tmp.resolve("none"), tmp,
                FrameSpec.frameCount(10, SplitBy.TIME), 1, null, 0, 0.9, 128, 128);
        assertThrows(IOException.class, () -> DatasetConverter.convert(missing, (done, total) -> { }));
    }

    @Test
    void syntheticExportedAsSnneConvertsWithSplitFile() throws Exception {
        SyntheticEventDataset syn = new SyntheticEventDataset(4, 0, 110, 16);
        Path root = tmp.resolve("syn");
        assertEquals(110, DatasetConverter.exportSnne(syn, root));
        ClassFolderDataset back = ClassFolderDataset.snne(root, 16, 16);
        assertEquals(110, back.size());
        assertEquals(11, back.numClasses());
        EventStream a = syn.events(0);
        int same = -1;
        for (int i = 0; i < back.size(); i++) {
            same = back.clipId(i).equals("right/0000000.snne") ? i : same; // class folders are listed alphabetically
        }
        EventStream b = back.events(same);
        assertEquals("right", back.classNames().get(back.label(same)));
        assertArrayEquals(a.timestamps(), b.timestamps());
        assertArrayEquals(a.xs(), b.xs());
        Path split = tmp.resolve("split.txt");
        DatasetConverter.convert(new DatasetConverter.Options(DatasetKind.SNNE, root, tmp.resolve("c"),
                FrameSpec.dtWindows(5000, 12).withDownsample(2), 1, split, 3404, 0.9, 16, 16), (done, total) -> { });
        Split s = SplitFile.load(split);
        assertEquals(11, s.testIds().size());
        assertEquals(Split.stratified(back, 0.9, 3404), s);
    }
}
