package org.snn4j.bench;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options every benchmark shares: repetitions, results file, and where the peer lives. Each peer
 * location is an option or an environment variable; a benchmark whose peer is not given runs alone and
 * says "peer not measured".
 */
public final class BenchOptions {
    public static final String PYTHON_ENV = "SNN4J_PEER_PYTHON";
    public static final String SPIKINGJELLY_ENV = "SNN4J_SPIKINGJELLY";
    public static final String SMA_AZO_ENV = "SNN4J_SMA_AZO";
    public static final String ATTENTION_SNN_ENV = "SNN4J_ATTENTION_SNN";
    public static final String PEER_PATH_ENV = "SNN4J_PEER_PYTHONPATH";

    private BenchOptions() {
    }

    /**
     * Adds the shared options, with this benchmark's defaults for warm-up and timed repetitions, and the
     * source-tree options of the peers it runs ("spikingjelly", "sma-azo", "attention-snn").
     */
    public static Options add(Options o, String defaultOut, int warmup, int reps, String... peers) {
        List<String> need = List.of(peers);
        o.addOption(Option.builder().longOpt("warmup").hasArg().argName("N")
                .desc("untimed repetitions of each side first (default " + warmup + ")").build());
        o.addOption(Option.builder().longOpt("reps").hasArg().argName("N")
                .desc("timed repetitions of each side, alternating peer and snn4j (default " + reps + ")").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("FILE")
                .desc("results file, JSON (default " + defaultOut + ")").build());
        o.addOption(Option.builder().longOpt("python").hasArg().argName("EXE")
                .desc("Python with torch for the peer (env " + PYTHON_ENV + "; default /usr/bin/python3)").build());
        if (need.contains("spikingjelly")) {
            o.addOption(Option.builder().longOpt("spikingjelly").hasArg().argName("DIR")
                    .desc("folder holding the spikingjelly package source (env " + SPIKINGJELLY_ENV + ")").build());
        }
        if (need.contains("sma-azo")) {
            o.addOption(Option.builder().longOpt("sma-azo").hasArg().argName("DIR")
                    .desc("source tree of the official SMA code, YmShan/SMA-AZO (env " + SMA_AZO_ENV + ")").build());
        }
        if (need.contains("attention-snn")) {
            o.addOption(Option.builder().longOpt("attention-snn").hasArg().argName("DIR")
                    .desc("source tree of the official MA-SNN code, BICLab/Attention-SNN (env " + ATTENTION_SNN_ENV + ")").build());
        }
        if (need.contains("attention-snn")) {
            o.addOption(Option.builder().longOpt("peer-path").hasArg().argName("DIR")
                    .desc("another folder for the peer's import path, e.g. one holding einops (env " + PEER_PATH_ENV + ")").build());
        }
        o.addOption(Option.builder().longOpt("no-peer").desc("run snn4j alone").build());
        return o;
    }

    public static int intOption(CommandLine cl, String name, int fallback, int min) {
        String v = cl.getOptionValue(name);
        if (v == null) {
            return fallback;
        }
        try {
            int i = Integer.parseInt(v.trim());
            if (i < min) {
                throw new IllegalArgumentException("--" + name + " must be at least " + min + ", got " + v);
            }
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " expects an integer, got '" + v + "'");
        }
    }

    public static double doubleOption(CommandLine cl, String name, double fallback) {
        String v = cl.getOptionValue(name);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " expects a number, got '" + v + "'");
        }
    }

    public static Path out(CommandLine cl, String fallback) {
        return Path.of(cl.getOptionValue("out", fallback));
    }

    /**
     * The peer's settings from the options and environment. Returns the reason it cannot run instead
     * when a needed source tree (any of {@code needs}: "spikingjelly", "sma-azo", "attention-snn") or the
     * Python executable is missing.
     */
    public static Peer.Settings peer(CommandLine cl, String... needs) throws PeerUnavailable {
        if (cl.hasOption("no-peer")) {
            throw new PeerUnavailable("--no-peer given");
        }
        String python = value(cl, "python", PYTHON_ENV, "/usr/bin/python3");
        if (!Files.isExecutable(Path.of(python))) {
            throw new PeerUnavailable("no Python at " + python + " (--python or " + PYTHON_ENV + ")");
        }
        List<String> args = new ArrayList<>();
        for (String need : needs) {
            String env = switch (need) {
                case "spikingjelly" -> SPIKINGJELLY_ENV;
                case "sma-azo" -> SMA_AZO_ENV;
                case "attention-snn" -> ATTENTION_SNN_ENV;
                default -> throw new IllegalStateException(need);
            };
            String dir = value(cl, need, env, null);
            if (dir == null) {
                throw new PeerUnavailable("no " + need + " source tree given (--" + need + " DIR or " + env + ")");
            }
            if (!Files.isDirectory(Path.of(dir))) {
                throw new PeerUnavailable("--" + need + " " + dir + " is not a folder");
            }
            args.add("--" + need);
            args.add(Path.of(dir).toAbsolutePath().toString());
        }
        String extra = value(cl, "peer-path", PEER_PATH_ENV, null);
        if (extra != null) {
            args.add("--extra-path");
            args.add(Path.of(extra).toAbsolutePath().toString());
        }
        return new Peer.Settings(python, args);
    }

    private static String value(CommandLine cl, String option, String env, String fallback) {
        String v = cl.getOptionValue(option);
        if (v == null) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? fallback : v;
    }
}
