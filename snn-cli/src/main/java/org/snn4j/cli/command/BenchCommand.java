package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;
import org.snn4j.bench.Benchmark;
import org.snn4j.bench.attention.SmaBenchmark;
import org.snn4j.bench.events.EventThroughputBenchmark;
import org.snn4j.bench.network.NetworkBenchmark;
import org.snn4j.bench.neuron.NeuronBenchmark;
import org.snn4j.cli.CliFailure;
import org.snn4j.train.engine.Engines;
import org.snn4j.train.options.UsageException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * {@code snn bench NAME [options]}: runs one benchmark of snn-bench. Those with a peer run the peer's code in
 * the same invocation and print the ratio of the two measurements, or "peer not measured" with the reason.
 * {@code snn bench NAME --help} lists that benchmark's options.
 */
public final class BenchCommand implements Command {
    /** Benchmarks of optional modules, and where to find them when they are not on the class path. */
    private static final Map<String, String> OPTIONAL = Map.of("spark", Engines.IN_SNN_SPARK);
    private final Map<String, Benchmark> benchmarks = new LinkedHashMap<>();

    public BenchCommand() {
        for (Benchmark b : List.of(new NeuronBenchmark(), NetworkBenchmark.dvsGesture(), new SmaBenchmark(),
                NetworkBenchmark.smaAzoVgg(), NetworkBenchmark.maSnn(), new EventThroughputBenchmark())) {
            benchmarks.put(b.name(), b);
        }
        // benchmarks of optional modules (snn-spark) register themselves as services
        for (Benchmark b : ServiceLoader.load(Benchmark.class)) {
            benchmarks.putIfAbsent(b.name(), b);
        }
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "benchmarks against the peer frameworks, measured in the same run: " + String.join(", ", benchmarks.keySet());
    }

    @Override
    public Options options() {
        return new Options();
    }

    @Override
    public boolean takesPositional() {
        return true;
    }

    @Override
    public boolean stopAtNonOption() {
        return true;
    }

    @Override
    public boolean printHelp(String[] args, PrintStream out) {
        Benchmark b = args.length > 0 ? benchmarks.get(args[0]) : null;
        if (b == null) {
            out.println("usage: snn bench NAME [options]   (snn bench NAME --help for its options)");
            listBenchmarks(out);
            out.println("Peers: a Python with torch (--python), and the peer's source trees (--spikingjelly, --sma-azo, "
                    + "--attention-snn or their environment variables); without them a benchmark prints our figures "
                    + "and \"peer not measured\".");
        } else {
            PrintWriter w = new PrintWriter(out);
            new HelpFormatter().printHelp(w, 110, "snn bench " + b.name() + " [options]", b.summary(), b.options(), 2, 2, "", true);
            w.flush();
        }
        return true;
    }

    private void listBenchmarks(PrintStream out) {
        benchmarks.values().forEach(b -> out.printf("  %-10s %s%n", b.name(), b.summary()));
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        List<String> args = cmd.getArgList();
        if (args.isEmpty()) {
            StringBuilder sb = new StringBuilder("name a benchmark:");
            benchmarks.values().forEach(b -> sb.append(System.lineSeparator()).append("  ").append(b.name()).append(": ").append(b.summary()));
            throw new UsageException(sb.toString());
        }
        Benchmark b = benchmarks.get(args.get(0));
        if (b == null && OPTIONAL.containsKey(args.get(0))) {
            throw new UsageException("benchmark '" + args.get(0) + "': " + OPTIONAL.get(args.get(0)));
        }
        if (b == null) {
            throw new UsageException("unknown benchmark '" + args.get(0) + "' (benchmarks: " + String.join(", ", benchmarks.keySet()) + ")");
        }
        String[] rest = args.subList(1, args.size()).toArray(new String[0]);
        CommandLine cl;
        try {
            cl = new DefaultParser().parse(b.options(), rest);
        } catch (ParseException e) {
            throw new UsageException(b.name() + ": " + e.getMessage() + " (snn bench " + b.name() + " --help lists its options)");
        }
        if (!cl.getArgList().isEmpty()) {
            throw new UsageException(b.name() + ": unexpected argument '" + cl.getArgList().get(0) + "' (options are named: snn bench "
                    + b.name() + " --help)");
        }
        try {
            b.run(cl, out);
        } catch (IOException e) {
            throw new CliFailure("benchmark " + b.name() + " failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(b.name() + ": " + e.getMessage());
        }
        return 0;
    }

    /** The benchmark names (for tests). */
    List<String> names() {
        return List.copyOf(Arrays.asList(benchmarks.keySet().toArray(new String[0])));
    }
}
