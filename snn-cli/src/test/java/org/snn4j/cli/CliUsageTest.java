package org.snn4j.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad command lines end in one line naming the problem, the usage, and exit code 2 (no stack trace). */
class CliUsageTest {

    @Test
    void nonNumericEpochs() {
        CliRunner r = CliRunner.run("train", "--epochs", "abc");
        assertEquals(2, r.exitCode);
        assertEquals("snn train: --epochs expects an integer, got 'abc'", r.firstErrLine());
        assertTrue(r.err.contains("usage: snn train"));
        assertFalse(r.err.contains("Exception"), r.err);
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bogus", "--epochs=0", "--batch=-1", "--lr=nan", "stray"})
    void otherBadTrainOptions(String arg) {
        CliRunner r = CliRunner.run("train", arg);
        assertEquals(2, r.exitCode, r.err);
        assertTrue(r.firstErrLine().startsWith("snn train: "), r.err);
        assertTrue(r.err.contains("usage: snn train"));
        assertFalse(r.err.contains("Exception"), r.err);
    }

    @Test
    void unknownCommandListsTheCommands() {
        CliRunner r = CliRunner.run("trian");
        assertEquals(2, r.exitCode);
        assertTrue(r.firstErrLine().contains("unknown command 'trian'") && r.firstErrLine().contains("train"), r.err);
    }

    @Test
    void helpExitsZero() {
        CliRunner r = CliRunner.run("train", "--help");
        assertEquals(0, r.exitCode);
        assertTrue(r.out.contains("--timesteps"));
        assertEquals(0, CliRunner.run("--help").exitCode);
    }
}
