package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.snn4j.cli.UsageException;

import java.io.PrintStream;

/** One {@code snn} sub-command: its options, and what it does with a parsed command line. */
public interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    Options options();

    /** Runs the command; returns the process exit code. */
    int run(CommandLine cmd, PrintStream out) throws UsageException;
}
