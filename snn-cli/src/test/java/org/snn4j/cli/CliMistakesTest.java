package org.snn4j.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.snn4j.core.io.IoReason;
import org.snn4j.data.convert.DatasetConverter;
import org.snn4j.data.synthetic.SyntheticEventDataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The CLI under mistakes: every bad input ends in a message that names what is wrong and the exit code
 * (2: bad command line, 1: the run cannot go on), never a stack trace; run folders are replaced or left
 * untouched as a whole.
 */
class CliMistakesTest {
    private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at [\\w.$]+\\(");
    private static final Pattern CLASS_PREFIX = Pattern.compile("[\\w$]*(Exception|Error):");
    /** The fastest training that still writes a real run: 22 synthetic clips, T=2, a quarter of the widths. */
    private static final String[] TINY = {"--train-size", "22", "--test-size", "11", "--width-mult", "0.25",
            "--timesteps", "2", "--batch", "8", "--seed", "5", "--threads", "2"};

    @TempDir
    static Path tmp;
    /** A finished one-epoch run, read (never written) by the tests that need one. */
    static Path run;
    static Path file;

    @BeforeAll
    static void setUp() throws Exception {
        run = tmp.resolve("run");
        CliRunner r = CliRunner.run(concat(new String[]{"train", "--epochs", "1", "--out", run.toString()}, TINY));
        assertEquals(0, r.exitCode, r.err);
        file = tmp.resolve("a-file.txt");
        Files.writeString(file, "not a folder");
    }

    /** No line of either stream looks like a stack frame or starts a message with an exception class name. */
    static void assertNoStackTrace(CliRunner r) {
        for (String line : (r.out + "\n" + r.err).split("\n")) {
            assertFalse(STACK_FRAME.matcher(line).find(), "stack frame printed: " + line + "\n" + r.err);
            assertFalse(CLASS_PREFIX.matcher(line).find(), "exception class name printed: " + line + "\n" + r.err);
        }
    }

    static Stream<Arguments> outOfRangeNumbers() {
        return Stream.of(
                Arguments.of("--dt-us", List.of("convert", "--dataset", "nmnist", "--root", ".", "--cache", ".", "--dt-us", "-5")),
                Arguments.of("--duration-us", List.of("convert", "--dataset", "nmnist", "--root", ".", "--cache", ".",
                        "--duration-us", "0")),
                Arguments.of("--frames", List.of("convert", "--dataset", "nmnist", "--root", ".", "--cache", ".", "--frames", "0")),
                Arguments.of("--ds", List.of("convert", "--dataset", "nmnist", "--root", ".", "--cache", ".", "--ds", "-1")),
                Arguments.of("--threads", List.of("convert", "--dataset", "nmnist", "--root", ".", "--cache", ".", "--threads", "0")),
                Arguments.of("--snne-size", List.of("convert", "--dataset", "snne", "--root", ".", "--cache", ".",
                        "--snne-size", "0x128")),
                Arguments.of("--train-fraction", List.of("convert", "--dataset", "nmnist", "--root", ".", "--cache", ".",
                        "--train-fraction", "-0.5")),
                Arguments.of("--epochs", List.of("train", "--epochs", "0")),
                Arguments.of("--batch", List.of("train", "--batch", "-3")),
                Arguments.of("--lr", List.of("train", "--lr", "-0.1")),
                Arguments.of("--timesteps", List.of("train", "--timesteps", "0")),
                Arguments.of("--width-mult", List.of("train", "--width-mult", "0")),
                Arguments.of("--threads", List.of("train", "--threads", "-1")),
                Arguments.of("--clips", List.of("energy", "--run", "nowhere", "--clips", "0")),
                Arguments.of("--timesteps", List.of("info", "small-snn", "--timesteps", "-2")),
                Arguments.of("--input", List.of("info", "small-snn", "--input", "2,0,32")),
                Arguments.of("--dt", List.of("export-nir", "out.nir", "--run", "nowhere", "--dt", "0")),
                Arguments.of("--timesteps", List.of("import-nir", "in.nir", "--out", "m.zip", "--dt", "0.001", "--timesteps", "0")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("outOfRangeNumbers")
    void negativeOrZeroNumbersAreRefusedByName(String option, List<String> args) {
        CliRunner r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(2, r.exitCode, r.err);
        assertTrue(r.firstErrLine().contains(option) && (r.firstErrLine().contains("must be") || r.firstErrLine().contains("expects")),
                r.err);
        assertTrue(r.err.contains("usage: snn " + args.get(0)), r.err);
        assertNoStackTrace(r);
    }

    static Stream<Arguments> nonNumbers() {
        return Stream.of(
                Arguments.of("--dt-us", List.of("convert", "--dataset", "nmnist", "--root", ".", "--cache", ".", "--dt-us", "ten")),
                Arguments.of("--snne-size", List.of("convert", "--dataset", "snne", "--root", ".", "--cache", ".",
                        "--snne-size", "12xab")),
                Arguments.of("--seed", List.of("train", "--seed", "x")),
                Arguments.of("--lr", List.of("train", "--lr", "1e")),
                Arguments.of("--clips", List.of("energy", "--run", "nowhere", "--clips", "many")),
                Arguments.of("--sample", List.of("visualize", "--run", run.toString(), "--sample", "first")),
                Arguments.of("--input", List.of("info", "small-snn", "--input", "2,32")));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("nonNumbers")
    void nonNumericValuesAreRefusedByName(String option, List<String> args) {
        CliRunner r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(2, r.exitCode, r.err);
        assertTrue(r.firstErrLine().contains(option + " expects"), r.err);
        assertTrue(r.firstErrLine().contains("got '"), "the bad value is quoted: " + r.err);
        assertNoStackTrace(r);
    }

    static Stream<Arguments> repeatedOptions() {
        return Stream.of(
                Arguments.of("--epochs", List.of("train", "--epochs", "1", "--epochs", "2")),
                Arguments.of("--force", List.of("train", "--force", "--force")),
                Arguments.of("--frames", List.of("convert", "--dataset", "nmnist", "--root", ".", "--cache", ".",
                        "--frames", "4", "--frames", "8")),
                Arguments.of("--run", List.of("eval", "--run", "a", "--run", "b")),
                Arguments.of("--timesteps", List.of("info", "small-snn", "--timesteps", "2", "--timesteps=3")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ignoredOptions")
    void anOptionTheFrameModeWouldIgnoreIsRefused(String option, List<String> args) {
        CliRunner r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(2, r.exitCode, r.err);
        assertTrue(r.firstErrLine().startsWith("snn convert: " + option), r.err);
        assertNoStackTrace(r);
    }

    static Stream<Arguments> ignoredOptions() {
        List<String> base = List.of("convert", "--dataset", "nmnist", "--root", ".", "--cache", ".");
        return Stream.of(
                Arguments.of("--frames", join(base, "--duration-us", "1000", "--frames", "8")),
                Arguments.of("--duration-us", join(base, "--duration-us", "1000", "--dt-us", "10")),
                Arguments.of("--split-by", join(base, "--dt-us", "1000", "--split-by", "time")));
    }

    private static List<String> join(List<String> a, String... b) {
        List<String> r = new ArrayList<>(a);
        r.addAll(List.of(b));
        return r;
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("repeatedOptions")
    void aRepeatedOptionIsRefusedByName(String option, List<String> args) {
        CliRunner r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(2, r.exitCode, r.err);
        assertEquals("snn " + args.get(0) + ": " + option + " is given more than once; pass it once", r.firstErrLine());
        assertNoStackTrace(r);
    }

    @Test
    void aListOptionMayRepeat() {
        CliRunner r = CliRunner.run("info", "small-sma-snn", "--timesteps", "4", "--variant", "sma-blocks=1",
                "--variant", "sma-blocks=2");
        assertEquals(0, r.exitCode, r.err);
    }

    static Stream<Arguments> resumeConflicts() {
        return Stream.of(
                Arguments.of(List.of("--lr", "0.5"), "--lr 0.5 conflicts with the resumed run's lr 0.002"),
                Arguments.of(List.of("--batch", "3"), "--batch 3 conflicts with the resumed run's batch 8"),
                Arguments.of(List.of("--seed", "99"), "--seed 99 conflicts with the resumed run's seed 5"),
                Arguments.of(List.of("--model", "small-sma-snn"), "--model small-sma-snn conflicts with the resumed run's model small-snn"),
                Arguments.of(List.of("--variant", "sma-blocks=1"), "--variant sma-blocks=1 conflicts with the resumed run's variant"),
                Arguments.of(List.of("--out", "elsewhere"), "--out elsewhere conflicts with --resume"),
                Arguments.of(List.of("--force"), "--force does not apply to --resume"),
                Arguments.of(List.of("--skip-empty"), "--skip-empty conflicts with the resumed run's skip_empty (not set)"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("resumeConflicts")
    void resumeRefusesOptionsThatChangeTheRun(List<String> extra, String message) throws Exception {
        String before = Files.readString(run.resolve("config.json"));
        List<String> args = new ArrayList<>(List.of("train", "--resume", run.toString(), "--epochs", "2"));
        args.addAll(extra);
        CliRunner r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(2, r.exitCode, r.err);
        assertTrue(r.firstErrLine().startsWith("snn train: " + message), r.err);
        assertNoStackTrace(r);
        assertEquals(before, Files.readString(run.resolve("config.json")), "the refused resume changed the run");
        assertFalse(Files.exists(run.resolve("checkpoints/epoch-002.zip")));
    }

    @Test
    void resumeAcceptsMoreEpochsAndOptionsThatRepeatTheRecordedValues(@TempDir Path dir) throws Exception {
        Path r1 = dir.resolve("r");
        assertEquals(0, CliRunner.run(concat(new String[]{"train", "--epochs", "1", "--out", r1.toString()}, TINY)).exitCode);
        CliRunner r = CliRunner.run("train", "--resume", r1.toString(), "--epochs", "2", "--threads", "1", "--seed", "5",
                "--batch", "8", "--lr", "2e-3", "--model", "small-snn");
        assertEquals(0, r.exitCode, r.err);
        assertNoStackTrace(r);
        assertTrue(Files.isRegularFile(r1.resolve("checkpoints/epoch-002.zip")));
        assertEquals(3, Files.readAllLines(r1.resolve("metrics.csv")).size(), "header and two epochs");
    }

    static Stream<Arguments> filesWhereFoldersBelong() {
        String f = file.toString();
        return Stream.of(
                Arguments.of(List.of("convert", "--dataset", "nmnist", "--root", f, "--cache", tmp.resolve("c").toString()),
                        "is a file, not a folder"),
                Arguments.of(List.of("convert", "--dataset", "snne", "--root", run.toString(), "--cache", f),
                        "is a file, not a folder"),
                Arguments.of(List.of(concat(new String[]{"train", "--dataset", "snne", "--data-dir", f, "--out",
                        tmp.resolve("never").toString()}, TINY)), "is a file, not a folder"),
                Arguments.of(List.of("eval", "--run", f), "is a file, not a run directory"),
                Arguments.of(List.of("train", "--resume", f), "is a file, not a run directory"),
                Arguments.of(List.of(concat(new String[]{"train", "--epochs", "1", "--out", f}, TINY)),
                        "cannot create run directory " + f + ": a file of that name exists"),
                Arguments.of(List.of(concat(new String[]{"train", "--epochs", "1", "--out", file.resolve("sub").toString()}, TINY)),
                        "cannot create run directory " + file.resolve("sub") + ": " + f + " is a file, not a folder"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("filesWhereFoldersBelong")
    void aFileWhereAFolderBelongsIsCalledAFile(List<String> args, String message) throws Exception {
        CliRunner r = CliRunner.run(args.toArray(new String[0]));
        assertEquals(1, r.exitCode, r.err);
        assertTrue(r.firstErrLine().contains(message), r.err);
        assertFalse(r.err.contains("does not exist"), r.err);
        assertNoStackTrace(r);
        assertEquals("not a folder", Files.readString(file));
        assertFalse(Files.exists(tmp.resolve("never")));
    }

    @Test
    void forceReplacesTheRunAsAWhole(@TempDir Path dir) throws Exception {
        Path r1 = dir.resolve("r");
        assertEquals(0, CliRunner.run(concat(new String[]{"train", "--epochs", "2", "--out", r1.toString()}, TINY)).exitCode);
        assertTrue(Files.isRegularFile(r1.resolve("checkpoints/epoch-002.zip")));
        assertEquals(0, CliRunner.run("eval", "--run", r1.toString()).exitCode);
        Files.writeString(r1.resolve("notes.txt"), "mine");
        CliRunner refused = CliRunner.run(concat(new String[]{"train", "--epochs", "1", "--out", r1.toString()}, TINY));
        assertEquals(1, refused.exitCode, "without --force an existing run is kept");
        assertTrue(refused.firstErrLine().contains("--force"), refused.err);
        CliRunner r = CliRunner.run(concat(new String[]{"train", "--epochs", "1", "--force", "--out", r1.toString()}, TINY));
        assertEquals(0, r.exitCode, r.err);
        assertNoStackTrace(r);
        assertFalse(Files.exists(r1.resolve("checkpoints/epoch-002.zip")), "the old run's later checkpoint is left");
        assertFalse(Files.exists(r1.resolve("eval-best.json")), "the old run's eval report is left");
        assertTrue(Files.isRegularFile(r1.resolve("checkpoints/epoch-001.zip")));
        assertEquals(2, Files.readAllLines(r1.resolve("metrics.csv")).size(), "header and the new run's one epoch");
        assertEquals("mine", Files.readString(r1.resolve("notes.txt")), "a file the run did not write is kept");
        assertFalse(Files.exists(r1.resolve(".replaced-run")), "the replaced run is gone once the new one has a checkpoint");
    }

    @Test
    void aForcedRunThatFailsBeforeItsFirstCheckpointPutsTheOldRunBack(@TempDir Path dir) throws Exception {
        Path r1 = dir.resolve("r");
        assertEquals(0, CliRunner.run(concat(new String[]{"train", "--epochs", "1", "--out", r1.toString()}, TINY)).exitCode);
        byte[] checkpoint = Files.readAllBytes(r1.resolve("checkpoints/epoch-001.zip"));
        String metrics = Files.readString(r1.resolve("metrics.csv"));
        String config = Files.readString(r1.resolve("config.json"));
        Path root = dir.resolve("syn");
        Path victim = firstSnneOf(root, 66);
        byte[] b = Files.readAllBytes(victim);
        b[b.length - 1] ^= 0x55;   // found only when the clip is read, during the first epoch
        Files.write(victim, b);
        CliRunner r = CliRunner.run(concat(new String[]{"train", "--dataset", "snne", "--data-dir", root.toString(),
                "--epochs", "1", "--force", "--out", r1.toString()}, TINY));
        assertEquals(1, r.exitCode, r.err);
        assertTrue(r.firstErrLine().contains("CRC32"), "fails while training, after the old run was moved aside: " + r.err);
        assertNoStackTrace(r);
        assertArrayEquals(checkpoint, Files.readAllBytes(r1.resolve("checkpoints/epoch-001.zip")), "the old checkpoint is back");
        assertEquals(metrics, Files.readString(r1.resolve("metrics.csv")));
        assertEquals(config, Files.readString(r1.resolve("config.json")), "the old run's configuration, not the failed one's");
        assertFalse(Files.exists(r1.resolve(".replaced-run")));
    }

    @Test
    void aMissingDatasetFolderLeavesNoRunFolder(@TempDir Path dir) {
        Path out = dir.resolve("runs/new-run");
        CliRunner r = CliRunner.run(concat(new String[]{"train", "--dataset", "dvsgesture", "--data-dir",
                dir.resolve("DVSGesture").toString(), "--out", out.toString()}, TINY));
        assertEquals(1, r.exitCode, r.err);
        assertTrue(r.firstErrLine().contains("does not exist"), r.err);
        assertNoStackTrace(r);
        assertFalse(Files.exists(dir.resolve("runs")), "a run folder was created for a run that never started");
    }

    @Test
    void aDatasetThatFailsWhileTrainingLeavesNoRunFolder(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("syn");
        Path victim = firstSnneOf(root, 66);
        byte[] b = Files.readAllBytes(victim);
        b[b.length - 1] ^= 0x55;   // the CRC no longer matches: found only when the clip is read
        Files.write(victim, b);
        Path out = dir.resolve("runs/new-run");
        CliRunner r = CliRunner.run(concat(new String[]{"train", "--dataset", "snne", "--data-dir", root.toString(),
                "--epochs", "1", "--out", out.toString()}, TINY));
        assertEquals(1, r.exitCode, r.err);
        assertTrue(r.firstErrLine().startsWith("snn train: ") && r.firstErrLine().contains(victim.getFileName().toString())
                && r.firstErrLine().contains("CRC32"), r.err);
        assertNoStackTrace(r);
        assertFalse(Files.exists(dir.resolve("runs")), "a failed start left " + out);
    }

    @Test
    void conversionFailuresSayWhyInWords(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("DvsGesture");
        Files.createDirectories(root);
        Files.writeString(root.resolve("trials_to_train.txt"), "user01_fluorescent.aedat\n");
        Files.writeString(root.resolve("trials_to_test.txt"), "user01_fluorescent.aedat\n");
        Files.writeString(root.resolve("user01_fluorescent.aedat"), "#!AER-DAT2.0\n");
        Path labels = root.resolve("user01_fluorescent_labels.csv");
        CliRunner missing = CliRunner.run("convert", "--dataset", "dvsgesture", "--root", root.toString(), "--cache",
                dir.resolve("cache").toString());
        assertEquals(1, missing.exitCode, missing.err);
        assertTrue(missing.firstErrLine().contains(labels + ": label file missing"), missing.err);
        assertNoStackTrace(missing);
        // An unreadable file (which root cannot produce in a test) used to read "conversion failed: PATH".
        assertEquals(labels + ": permission denied",
                IoReason.of(new java.nio.file.AccessDeniedException(labels.toString()), null));
        assertEquals("a file of that name exists",
                IoReason.of(new java.nio.file.FileAlreadyExistsException(file.toString()), file));
    }

    @Test
    void anSnneHeaderWithANegativeCountIsNotGivenANegativeSize(@TempDir Path dir) throws Exception {
        Path root = dir.resolve("syn");
        Path victim = firstSnneOf(root, 22);
        byte[] b = Files.readAllBytes(victim);
        java.util.Arrays.fill(b, 16, 24, (byte) 0xFF);    // event count -1
        Files.write(victim, b);
        CliRunner r = CliRunner.run("convert", "--dataset", "snne", "--root", root.toString(), "--cache",
                dir.resolve("cache").toString(), "--snne-size", "16x16", "--frames", "2", "--threads", "1");
        assertEquals(1, r.exitCode, r.err);
        assertTrue(r.firstErrLine().contains(victim.getFileName().toString()) && r.firstErrLine().contains("-1 events"), r.err);
        assertFalse(r.firstErrLine().matches(".*\\s-\\d+ bytes.*"), "a negative size: " + r.err);
        assertNoStackTrace(r);
    }

    @Test
    void evalTwiceReplacesItsReport() throws Exception {
        CliRunner first = CliRunner.run("eval", "--run", run.toString());
        assertEquals(0, first.exitCode, first.err);
        Files.writeString(run.resolve("eval-best.json"), "stale");
        CliRunner again = CliRunner.run("eval", "--run", run.toString());
        assertEquals(0, again.exitCode, again.err);
        assertNoStackTrace(again);
        assertTrue(Files.readString(run.resolve("eval-best.json")).contains("\"confusion_matrix\""));
    }

    @Test
    void debugShowsTheStackThatIsOtherwiseHidden() {
        CliRunner plain = CliRunner.run("eval", "--run", tmp.resolve("nowhere").toString());
        assertEquals(1, plain.exitCode);
        assertNoStackTrace(plain);
        CliRunner debug = CliRunner.run("--debug", "eval", "--run", tmp.resolve("nowhere").toString());
        assertEquals(1, debug.exitCode);
        assertEquals(plain.firstErrLine(), debug.firstErrLine());
        assertTrue(debug.err.lines().anyMatch(l -> STACK_FRAME.matcher(l).find()), "--debug prints the stack: " + debug.err);
    }

    @Test
    void unexpectedFailuresAreOneLineInWords() {
        String npe = Failures.describe(new IllegalStateException(new NullPointerException()));
        assertTrue(npe.startsWith("unexpected NullPointerException"), npe);
        String oom = Failures.describe(new RuntimeException(new OutOfMemoryError("Java heap space")));
        assertTrue(oom.startsWith("out of memory (Java heap space)") && oom.contains("SNN_JAVA_OPTS"), oom);
        String wrapped = Failures.describe(new java.io.UncheckedIOException(new java.io.IOException(
                "java.nio.file.NoSuchFileException: /data/labels.txt")));
        assertEquals("no such file or folder: /data/labels.txt (IOException)", wrapped);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    /** Writes {@code clips} synthetic clips as a .snne class-folder dataset under {@code root}; returns its first file. */
    private static Path firstSnneOf(Path root, int clips) throws java.io.IOException {
        DatasetConverter.exportSnne(new SyntheticEventDataset(4, 0, clips, 16), root);
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.toString().endsWith(".snne")).sorted().findFirst().orElseThrow();
        }
    }
}
