package org.snn4j.cli.regression;

import java.util.List;

/**
 * One accuracy regression case: an {@code snn train} command line (without --out) and the test accuracy
 * it reached when the baseline was recorded. The case fails when a new run ends more than
 * {@code tolerance} below the baseline. {@code requiresPath}: data the case needs; when absent the case is
 * skipped with a message saying how to get it.
 */
public record RegressionCase(String name, List<String> trainArgs, double baselineTestAcc, double tolerance,
                             boolean fast, String requiresPath, String requiresHint) {

    public double threshold() {
        return baselineTestAcc - tolerance;
    }
}
