package org.snn4j.data.convert;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.datasets.ClassFolderDataset;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.split.Split;
import org.snn4j.data.split.SplitFile;
import org.snn4j.data.synthetic.SyntheticEventDataset;
import org.snn4j.data.testutil.Fixtures;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
        String[] args = {"--dataset", "nmnist", "--root", root.toString(), "--cache", tmp.resolve("cache").toString(),
                "--frames", "10", "--split-by", "time", "--threads", "2"};
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(0, DatasetConverter.run(args, new PrintStream(out, true)));
        assertTrue(out.toString().contains("train: 2 clips, 2 converted"), out.toString());
        assertTrue(out.toString().contains("test: 1 clips, 1 converted"), out.toString());
        out.reset();
        assertEquals(0, DatasetConverter.run(args, new PrintStream(out, true)));
        assertTrue(out.toString().contains("train: 2 clips, 0 converted, 2 already cached"), out.toString());
        try (Stream<Path> s = Files.walk(tmp.resolve("cache"))) {
            assertEquals(3, s.filter(p -> p.toString().endsWith(".frames")).count());
        }
        assertEquals(2, DatasetConverter.run(new String[]{"--dataset", "nmnist", "--root", tmp.resolve("none").toString(),
                "--cache", tmp.toString()}, new PrintStream(out, true)));
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
        assertEquals(0, DatasetConverter.run(new String[]{"--dataset", "snne", "--root", root.toString(), "--cache",
                tmp.resolve("c").toString(), "--snne-width", "16", "--snne-height", "16", "--dt-us", "5000", "--frames", "12",
                "--ds", "2", "--split-out", split.toString(), "--seed", "3404", "--threads", "1"}, new PrintStream(new ByteArrayOutputStream())));
        Split s = SplitFile.load(split);
        assertEquals(11, s.testIds().size());
        assertEquals(Split.stratified(back, 0.9, 3404), s);
    }
}
