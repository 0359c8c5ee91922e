package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Options;
import org.snn4j.train.options.UsageException;

import java.io.PrintStream;

/** One {@code snn} sub-command: its options, and what it does with a parsed command line. */
public interface Command {
    String name();

    /** One line for the command list. */
    String summary();

    Options options();

    /** Whether the command takes positional arguments (e.g. a model name); others reject them. */
    default boolean takesPositional() {
        return false;
    }

    /** Whether option parsing stops at the first positional argument (the rest is passed on untouched). */
    default boolean stopAtNonOption() {
        return false;
    }

    /** The single positional argument of a command that takes exactly one (what it is, for the message). */
    static String onePositional(CommandLine cmd, String what) throws UsageException {
        if (cmd.getArgList().size() != 1) {
            throw new UsageException("expects one " + what + ", got " + (cmd.getArgList().isEmpty() ? "none" : cmd.getArgList()));
        }
        return cmd.getArgList().get(0);
    }

    /**
     * Prints help for these arguments (those after the command name, {@code --help} among them) and returns
     * true, or returns false to get the standard option list. Lets a command with sub-commands (snn bench
     * NAME --help) show the options of the one named.
     */
    default boolean printHelp(String[] args, PrintStream out) {
        return false;
    }

    /** Runs the command; returns the process exit code. */
    int run(CommandLine cmd, PrintStream out) throws UsageException;
}
