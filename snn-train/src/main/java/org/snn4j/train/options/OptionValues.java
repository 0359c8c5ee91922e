package org.snn4j.train.options;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

import java.util.HashSet;
import java.util.Set;

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
        return longValue(cmd, opt, dflt, Long.MIN_VALUE);
    }

    public static long longValue(CommandLine cmd, String opt, long dflt, long min) throws UsageException {
        String v = cmd.getOptionValue(opt);
        if (v == null) {
            return dflt;
        }
        long x;
        try {
            x = Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new UsageException("--" + opt + " expects an integer, got '" + v + "'");
        }
        if (x < min) {
            throw new UsageException("--" + opt + " must be >= " + min + ", got " + x);
        }
        return x;
    }

    /**
     * {@code count} integers separated by {@code sep}, each at least {@code min} (e.g. --input C,H,W); null if
     * the option is not given. {@code form} names them for the message.
     */
    public static int[] intList(CommandLine cmd, String opt, String sep, int count, int min, String form)
            throws UsageException {
        String v = cmd.getOptionValue(opt);
        if (v == null) {
            return null;
        }
        String[] parts = v.split(java.util.regex.Pattern.quote(sep), -1);
        int[] out = new int[parts.length];
        try {
            if (parts.length != count) {
                throw new NumberFormatException();
            }
            for (int i = 0; i < count; i++) {
                out[i] = Integer.parseInt(parts[i].trim());
            }
        } catch (NumberFormatException e) {
            throw new UsageException("--" + opt + " expects " + count + " integers " + form + ", got '" + v + "'");
        }
        for (int x : out) {
            if (x < min) {
                throw new UsageException("--" + opt + " expects " + form + " with each value >= " + min + ", got '" + v + "'");
            }
        }
        return out;
    }

    /**
     * Refuses an option given more than once (a second --epochs would otherwise silently win or lose), except
     * those declared to take a list of values ({@code hasArgs()}, e.g. --variant), which are meant to repeat.
     */
    public static void refuseRepeated(CommandLine cmd) throws UsageException {
        Set<String> seen = new HashSet<>();
        for (Option o : cmd.getOptions()) {
            String name = o.getLongOpt() != null ? "--" + o.getLongOpt() : "-" + o.getOpt();
            if (o.getArgs() == Option.UNLIMITED_VALUES) {
                continue;
            }
            if (!seen.add(name)) {
                throw new UsageException(name + " is given more than once; pass it once");
            }
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
