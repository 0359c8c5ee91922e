package org.snn4j.bench;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;

import java.io.IOException;
import java.io.PrintStream;

/**
 * One benchmark: its named options, and a run that prints its figures to the given stream and writes a
 * results file. Benchmarks that have a peer run the peer's code in the same invocation, alternating its
 * repetitions with ours, and report the ratio of those two measurements (or "peer not measured").
 */
public interface Benchmark {
    /** The name {@code snn bench NAME} uses. */
    String name();

    /** One line for the benchmark list. */
    String summary();

    /** Its options (the shared ones included: {@link BenchOptions#add}). */
    Options options();

    /** Runs it; bad option values throw {@link IllegalArgumentException} naming the option. */
    void run(CommandLine cl, PrintStream out) throws IOException;
}
