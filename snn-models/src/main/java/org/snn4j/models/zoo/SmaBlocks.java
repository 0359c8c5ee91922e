package org.snn4j.models.zoo;

import java.util.Arrays;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The {@code sma-blocks} variant option of the sequential SMA networks (SMA-VGG, small-sma-snn): which
 * 1-based conv blocks get an SMA after their conv, as comma-separated block numbers.
 */
final class SmaBlocks {
    static final String KEY = "sma-blocks";

    private SmaBlocks() {
    }

    /** The insertion points after the conv of the chosen blocks; the error names the model and valid range. */
    static Predicate<InsertionPoint> where(String model, String value, int blockCount) {
        Set<Integer> blocks = parse(model, value, blockCount);
        return p -> p.site() == InsertionPoint.Site.AFTER_CONV && blocks.contains(p.block());
    }

    static Set<Integer> parse(String model, String value, int blockCount) {
        try {
            Set<Integer> blocks = Arrays.stream(value.split(",")).map(String::trim).map(Integer::parseInt)
                    .collect(Collectors.toSet());
            for (int b : blocks) {
                if (b < 1 || b > blockCount) {
                    throw new NumberFormatException("block " + b + " out of 1.." + blockCount);
                }
            }
            return blocks;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(model + ": option " + KEY + "='" + value
                    + "' must be comma-separated block numbers in 1.." + blockCount + " (" + e.getMessage() + ")");
        }
    }
}
