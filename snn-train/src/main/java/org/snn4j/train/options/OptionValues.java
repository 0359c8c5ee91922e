package org.snn4j.train.options;

import org.apache.commons.cli.CommandLine;


/** Typed option values with errors that name the option and the bad value. */
public final class OptionValues {
    private OptionValues() {
    }

    public static int intValue(CommandLine cmd, String opt, int dflt, int min) throws UsageException {
        String v = cmd.getOptionValue(opt);
        if (v == null) {
            return dflt;
        }
        int x;
        try {
            x = Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + opt + " expects an integer, got '" + v + "'");
        }
        if (x < min) {
            throw new UsageException("--" + opt + " must be >= " + min + ", got " + x);
        }
        return x;
    }

    public static long longValue(CommandLine cmd, String opt, long dflt) throws UsageException {
        String v = cmd.getOptionValue(opt);
        if (v == null) {
            return dflt;
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + opt + " expects an integer, got '" + v + "'");
        }
    }

    public static double doubleValue(CommandLine cmd, String opt, double dflt, double minExclusive) throws UsageException {
        String v = cmd.getOptionValue(opt);
        if (v == null) {
            return dflt;
        }
        double x;
        try {
            x = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + opt + " expects a number, got '" + v + "'");
        }
        if (!(x > minExclusive) || Double.isInfinite(x)) {
            throw new UsageException("--" + opt + " must be > " + minExclusive + ", got " + v);
        }
        return x;
    }
}
