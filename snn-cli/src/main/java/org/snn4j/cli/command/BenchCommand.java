package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.snn4j.cli.CliFailure;
import org.snn4j.train.options.UsageException;
import org.snn4j.core.bench.AttentionBenchmark;
import org.snn4j.core.bench.NeuronBenchmark;
import org.snn4j.data.bench.EventThroughputBenchmark;
import org.snn4j.models.bench.NetworkBenchmark;

import java.io.IOException;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code snn bench NAME [options]}: runs one of the benchmarks, which print their figures with the ratio to
 * the SpikingJelly baseline (peers.md §B) and write a results file. Options after NAME go to the benchmark.
 */
public final class BenchCommand implements Command {

    /** A benchmark entry point (its own argument parsing, results file and report). */
    @FunctionalInterface
    interface Benchmark {
        void run(String[] args) throws IOException;
    }

    private final Map<String, Benchmark> benchmarks = new LinkedHashMap<>();
    private final Map<String, String> descriptions = new LinkedHashMap<>();

    public BenchCommand() {
        add("neuron", NeuronBenchmark::main, "one LIF layer, T=16 N=16 C=64 32x32 forward+backward vs SpikingJelly "
                + "(--T --N --C --H --W --warmup --iters --impl fused|samediff --kernel auto|vector|scalar --out FILE.json)");
        add("attention", AttentionBenchmark::main, "SMA forward+backward vs one conv of the same width "
                + "(positional: C T N H reps output-file [samediff]; issue setting 128 16 4 32; "
                + "samediff also times the SameDiff oracle, small N only)");
        add("network", NetworkBenchmark::main, "DVSGestureNet training step, inference and memory vs SpikingJelly "
                + "(--steps N --warmup N --infer N --out FILE)");
        add("events", EventThroughputBenchmark::main, "event reading and frame integration throughput on one core "
                + "(positional: folder of sample event files, e.g. ../shared/data/events)");
    }

    private void add(String name, Benchmark b, String description) {
        benchmarks.put(name, b);
        descriptions.put(name, description);
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "benchmarks with ratios to SpikingJelly: " + String.join(", ", benchmarks.keySet());
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
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        List<String> args = cmd.getArgList();
        if (args.isEmpty()) {
            StringBuilder sb = new StringBuilder("name a benchmark:");
            descriptions.forEach((k, v) -> sb.append(System.lineSeparator()).append("  ").append(k).append(": ").append(v));
            throw new UsageException(sb.toString());
        }
        Benchmark b = benchmarks.get(args.get(0));
        if (b == null) {
            throw new UsageException("unknown benchmark '" + args.get(0) + "' (benchmarks: " + String.join(", ", benchmarks.keySet()) + ")");
        }
        try {
            b.run(args.subList(1, args.size()).toArray(new String[0]));
        } catch (IOException e) {
            throw new CliFailure("benchmark " + args.get(0) + " failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        return 0;
    }
}
