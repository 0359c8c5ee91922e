package org.snn4j.train.regress;

import java.util.List;

/**
 * One accuracy regression case: an {@code snn train} command line (without --out) and the test accuracy
 * it reached when the baseline was recorded. The case fails when a new run ends more than
 * {@code tolerance} below the baseline. {@code requiresPath}: data the case needs; when absent the case is
 * skipped with a message saying how to get it.
 *
 * <p>{@code comparedWith}: for a variant of another case (e.g. the same network with attention, on the same
 * data, seed and epochs), that case's name; {@code attentionHelps} then records whether this case's baseline
 * is above the other's (null when there is no comparison).
 */
public record RegressionCase(String name, List<String> trainArgs, double baselineTestAcc, double tolerance,
                             boolean fast, String requiresPath, String requiresHint, String comparedWith,
                             Boolean attentionHelps) {

    public double threshold() {
        return baselineTestAcc - tolerance;
    }
}
