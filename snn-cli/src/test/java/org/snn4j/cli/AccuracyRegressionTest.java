package org.snn4j.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.snn4j.train.regress.RegressionCase;
import org.snn4j.train.regress.RegressionSuite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The accuracy regression suite of snn-cli/src/main/resources/regression/baselines.json. Cases marked
 * fast run in the default test run; all of them run with {@code mvn -B -pl snn-cli -am verify -Pregression}.
 */
class AccuracyRegressionTest {

    static Stream<RegressionCase> fastCases() {
        return RegressionSuite.builtIn().cases().stream().filter(RegressionCase::fast);
    }

    static Stream<RegressionCase> slowCases() {
        return RegressionSuite.builtIn().cases().stream().filter(c -> !c.fast());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fastCases")
    void fastCase(RegressionCase c, @TempDir Path work) {
        check(c, work);
    }

    @Tag("regression")
    @ParameterizedTest(name = "{0}")
    @MethodSource("slowCases")
    void slowCase(RegressionCase c, @TempDir Path work) {
        check(c, work);
    }

    private static void check(RegressionCase c, Path work) {
        RegressionSuite.Result r = RegressionSuite.run(c, work, new PrintStream(System.out, true));
        Assumptions.assumeTrue(r.skipped() == null, () -> "skipped: " + r.skipped());
        assertTrue(r.passed(), c.name() + ": test accuracy " + r.testAcc() + " < baseline " + c.baselineTestAcc()
                + " - tolerance " + c.tolerance());
    }
}
