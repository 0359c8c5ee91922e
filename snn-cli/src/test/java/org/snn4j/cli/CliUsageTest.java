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

    @Test
    void unknownModelListsTheValidNames() {
        CliRunner r = CliRunner.run("train", "--model", "resnet9000");
        assertEquals(2, r.exitCode);
        assertTrue(r.firstErrLine().contains("unknown model 'resnet9000'") && r.firstErrLine().contains("small-snn")
                && r.firstErrLine().contains("dvs-gesture-net"), r.err);
        assertEquals(2, CliRunner.run("info", "resnet9000").exitCode);
    }

    @Test
    void infoListsTheZooAndShowsAModelsLayers() {
        CliRunner list = CliRunner.run("info");
        assertEquals(0, list.exitCode, list.err);
        assertTrue(list.out.contains("small-snn") && list.out.contains("sma-azo-vgg"), list.out);
        assertTrue(list.out.startsWith("12 models"), list.out);
        // small-snn (27,579) plus one SMA(C=32, T=8) of 87,930 (the SMA module's parameter formula; AZO adds none)
        assertTrue(list.out.lines().anyMatch(l -> l.trim().startsWith("small-sma-snn ") && l.contains(" 115,509 ")), list.out);
        assertTrue(list.out.lines().anyMatch(l -> l.trim().startsWith("small-sma-azo-snn ") && l.contains(" 115,509 ")), list.out);
        assertTrue(list.out.lines().anyMatch(l -> l.trim().startsWith("small-snn ") && l.contains(" 27,579 ")), list.out);
        CliRunner sma = CliRunner.run("info", "small-sma-azo-snn", "--timesteps", "4", "--width-mult", "0.5");
        assertEquals(0, sma.exitCode, sma.err);
        assertTrue(sma.out.contains("SpikingMultiscaleAttention") && sma.out.contains("sma-blocks"), sma.out);
        CliRunner one = CliRunner.run("info", "dvs-gesture-net");
        assertEquals(0, one.exitCode, one.err);
        // SpikingJelly's DVSGestureNet has 1,698,926 parameters
        assertTrue(one.out.contains("1,698,926 trainable parameters"), one.out);
        assertTrue(one.out.contains("MACs"), one.out);
    }

    @Test
    void benchNeedsAKnownBenchmarkName() {
        assertEquals(2, CliRunner.run("bench").exitCode);
        CliRunner r = CliRunner.run("bench", "warp-drive");
        assertEquals(2, r.exitCode);
        assertTrue(r.firstErrLine().contains("unknown benchmark 'warp-drive'"), r.err);
    }
}
