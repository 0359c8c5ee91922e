package org.snn4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.convert.DatasetConverter;
import org.snn4j.data.synthetic.SyntheticEventDataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** snn convert on a dataset folder (synthetic clips exported as per-class .snne files). */
class ConvertCommandTest {

    @Test
    void convertsAFolderWritesASplitAndReusesTheCache(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("syn");
        DatasetConverter.exportSnne(new SyntheticEventDataset(4, 0, 44, 16), root);
        String[] args = {"convert", "--dataset", "snne", "--root", root.toString(), "--cache", tmp.resolve("cache").toString(),
                "--snne-size", "16x16", "--frames", "8", "--split-out", tmp.resolve("split.txt").toString(), "--seed", "1"};
        CliRunner first = CliRunner.run(args);
        assertEquals(0, first.exitCode, first.err);
        assertTrue(first.out.contains("all: 44 clips, 44 converted"), first.out);
        assertTrue(Files.isRegularFile(tmp.resolve("split.txt")));
        try (Stream<Path> s = Files.walk(tmp.resolve("cache"))) {
            assertEquals(44, s.filter(p -> p.toString().endsWith(".frames")).count());
        }
        CliRunner again = CliRunner.run(args);
        assertEquals(1, again.exitCode, "split file exists");
        assertTrue(again.firstErrLine().contains("--force"), again.err);
        String[] forced = java.util.Arrays.copyOf(args, args.length + 1);
        forced[args.length] = "--force";
        CliRunner cached = CliRunner.run(forced);
        assertEquals(0, cached.exitCode, cached.err);
        assertTrue(cached.out.contains("44 clips, 0 converted, 44 already cached"), cached.out);
    }

    @Test
    void missingFolderSaysWhatIsExpected(@TempDir Path tmp) {
        CliRunner r = CliRunner.run("convert", "--dataset", "nmnist", "--root", tmp.resolve("NMNIST").toString(),
                "--cache", tmp.resolve("c").toString());
        assertEquals(1, r.exitCode);
        assertTrue(r.firstErrLine().contains("does not exist") && r.firstErrLine().contains("docs/data.md"), r.err);
    }

    @Test
    void badOptionsExitTwo(@TempDir Path tmp) {
        assertEquals(2, CliRunner.run("convert", "--dataset", "mnist-3d", "--root", ".", "--cache", ".").exitCode);
        assertEquals(2, CliRunner.run("convert", "--dataset", "nmnist", "--root", ".", "--cache", ".", "--split-by", "mood").exitCode);
        assertEquals(2, CliRunner.run("convert", "--dataset", "nmnist").exitCode);
    }

    @Test
    void trainReadsAndFillsTheSameCacheAsConvert(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("syn");
        DatasetConverter.exportSnne(new SyntheticEventDataset(4, 0, 66, 16), root);     // 6 clips per class: 5 train, 1 test
        Path cache = tmp.resolve("cache");
        CliRunner train = CliRunner.run("train", "--dataset", "snne", "--data-dir", root.toString(), "--cache", cache.toString(),
                "--timesteps", "2", "--epochs", "1", "--batch", "8", "--width-mult", "0.25", "--out", tmp.resolve("run").toString());
        assertEquals(0, train.exitCode, train.err);
        try (Stream<Path> s = Files.walk(cache)) {
            assertEquals(66, s.filter(p -> p.toString().endsWith(".frames")).count(), "every clip integrated once and stored");
        }
        assertTrue(Files.readString(tmp.resolve("run/config.json")).contains("\"cache_dir\""));
        // snn convert with the same frame settings finds every clip train stored: one key scheme for both.
        CliRunner convert = CliRunner.run("convert", "--dataset", "snne", "--root", root.toString(), "--cache", cache.toString(),
                "--snne-size", "128x128", "--frames", "2");
        assertEquals(0, convert.exitCode, convert.err);
        assertTrue(convert.out.contains("66 clips, 0 converted, 66 already cached"), convert.out);
        CliRunner eval = CliRunner.run("eval", "--run", tmp.resolve("run").toString());
        assertEquals(0, eval.exitCode, eval.err);
    }

    @Test
    void aFolderTooSmallToSplitSaysSo(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("syn");
        DatasetConverter.exportSnne(new SyntheticEventDataset(4, 0, 44, 16), root);     // 4 per class: no test clip
        CliRunner r = CliRunner.run("train", "--dataset", "snne", "--data-dir", root.toString(), "--timesteps", "2",
                "--epochs", "1", "--out", tmp.resolve("run").toString());
        assertEquals(1, r.exitCode, r.out);
        assertTrue(r.firstErrLine().contains("test part empty"), r.err);
    }

    @Test
    void cacheIsRefusedForGeneratedData(@TempDir Path tmp) {
        CliRunner r = CliRunner.run("train", "--cache", tmp.toString(), "--out", tmp.resolve("run").toString());
        assertEquals(2, r.exitCode);
        assertTrue(r.err.contains("--cache is for dataset folders"), r.err);
    }
}
