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

/** snn convert/train --skip-empty: empty recordings fail by default, and are counted, printed and recorded when skipped. */
class SkipEmptyCommandTest {
    @Test
    void emptyRecordingFailsByDefaultAndIsReportedWhenSkipped(@TempDir Path tmp) throws Exception {
        Path root = tmp.resolve("syn");
        DatasetConverter.exportSnne(new SyntheticEventDataset(4, 0, 66, 16), root);
        Path cls;
        try (Stream<Path> s = Files.list(root)) {
            cls = s.filter(Files::isDirectory).sorted().findFirst().orElseThrow();
        }
        Path empty = Files.write(cls.resolve("9999999.snne"), new byte[0]);
        String name = cls.getFileName() + "/9999999.snne";
        String[] convert = {"convert", "--dataset", "snne", "--root", root.toString(), "--cache", tmp.resolve("cache").toString(),
                "--snne-size", "16x16", "--frames", "2", "--threads", "1"};
        CliRunner strict = CliRunner.run(convert);
        assertEquals(1, strict.exitCode, strict.err);
        assertTrue(strict.firstErrLine().contains(empty.toString()), strict.err);
        assertEquals(1, strict.err.lines().count(), strict.err);

        String[] skipping = java.util.Arrays.copyOf(convert, convert.length + 1);
        skipping[convert.length] = "--skip-empty";
        CliRunner skipped = CliRunner.run(skipping);
        assertEquals(0, skipped.exitCode, skipped.err);
        assertTrue(skipped.out.contains("all: 66 clips") && skipped.out.contains("all: skipped 1 empty recordings: " + name),
                skipped.out);

        CliRunner train = CliRunner.run("train", "--dataset", "snne", "--data-dir", root.toString(), "--timesteps", "2",
                "--epochs", "1", "--batch", "8", "--width-mult", "0.25", "--skip-empty", "--out", tmp.resolve("run").toString());
        assertEquals(0, train.exitCode, train.err);
        assertTrue(train.out.contains("skipped 1 empty recordings: " + name), train.out);
        String record = Files.readString(tmp.resolve("run/skipped.json"));
        assertTrue(record.contains("\"count\"") && record.contains(name), record);
        assertTrue(Files.readString(tmp.resolve("run/config.json")).contains("\"skip_empty\""));
    }
}
