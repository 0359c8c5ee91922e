package org.snn4j.cli;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.ParseException;
import org.snn4j.cli.command.BenchCommand;
import org.snn4j.cli.command.Command;
import org.snn4j.cli.command.ConvertCommand;
import org.snn4j.cli.command.EnergyCommand;
import org.snn4j.cli.command.EvalCommand;
import org.snn4j.cli.command.ExportNirCommand;
import org.snn4j.cli.command.ImportNirCommand;
import org.snn4j.cli.command.InfoCommand;
import org.snn4j.cli.command.RegressCommand;
import org.snn4j.cli.command.TrainCommand;
import org.snn4j.cli.command.VisualizeCommand;
import org.snn4j.core.Snn4j;
import org.snn4j.train.TrainingException;
import org.snn4j.train.options.OptionValues;
import org.snn4j.train.options.UsageException;

import org.snn4j.core.io.IoReason;
import org.snn4j.data.io.EventFormatException;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code snn} command line. {@code snn <command> [options]}; {@code snn <command> --help}.
 * Exit codes: 0 success, 1 the run failed (message on stderr), 2 bad command line (message + usage).
 * Every failure is one line on stderr; {@code --debug} (anywhere on the line) or {@code SNN_DEBUG=1} adds its stack trace.
 */
public final class SnnCli {
    private final Map<String, Command> commands = new LinkedHashMap<>();
    private final PrintStream out;
    private final PrintStream err;

    public SnnCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
        register(new TrainCommand());
        register(new EvalCommand());
        register(new InfoCommand());
        register(new ConvertCommand());
        register(new EnergyCommand());
        register(new VisualizeCommand());
        register(new RegressCommand());
        register(new BenchCommand());
        register(new ExportNirCommand());
        register(new ImportNirCommand());
        register(new org.snn4j.cli.command.ImportTorchCommand());
    }

    private void register(Command c) {
        commands.put(c.name(), c);
    }

    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        // The application owns its stdout: drop the one line per op that ND4J M2.1 prints unconditionally
        // whenever SameDiff builds a gradient graph (SameDiff-based layers, the fused SMA's decoder).
        System.setOut(new Nd4jChatterFilter(System.out));
        System.exit(new SnnCli(System.out, System.err).run(args));
    }

    /** Whether failures print their stack trace: the --debug flag, or SNN_DEBUG=1 in the environment. */
    private static boolean debugFromEnvironment() {
        String v = System.getenv("SNN_DEBUG");
        return v != null && !v.isEmpty() && !v.equals("0") && !v.equalsIgnoreCase("false");
    }

    /** Runs one command line and returns its exit code (never calls System.exit). */
    public int run(String[] args) {
        boolean debug = debugFromEnvironment();
        // --debug is global: before the command (snn --debug train ...) or among its options.
        if (java.util.Arrays.asList(args).contains("--debug")) {
            debug = true;
            args = java.util.Arrays.stream(args).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        }
        if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
            printCommands(args.length == 0 ? err : out);
            return args.length == 0 ? 2 : 0;
        }
        if (args[0].equals("--version")) {
            out.println("snn4j " + Snn4j.version());
            return 0;
        }
        Command c = commands.get(args[0]);
        if (c == null) {
            err.println("snn: unknown command '" + args[0] + "' (commands: " + String.join(", ", commands.keySet()) + ")");
            printCommands(err);
            return 2;
        }
        String[] rest = java.util.Arrays.copyOfRange(args, 1, args.length);
        try {
            for (String a : rest) {
                if (a.equals("--help") || a.equals("-h")) {
                    if (!c.printHelp(rest, out)) {
                        printUsage(c, out);
                    }
                    return 0;
                }
            }
            CommandLine cmd = new DefaultParser().parse(c.options(), rest, c.stopAtNonOption());
            OptionValues.refuseRepeated(cmd);
            if (!c.takesPositional() && !cmd.getArgList().isEmpty()) {
                throw new UsageException("unexpected argument '" + cmd.getArgList().get(0) + "'");
            }
            Backend.start();
            return c.run(cmd, out);
        } catch (ParseException | UsageException e) {
            err.println("snn " + c.name() + ": " + Failures.clean(e.getMessage()));
            printUsage(c, err);
            return 2;
        } catch (CliFailure | TrainingException e) {
            err.println("snn " + c.name() + ": " + Failures.clean(e.getMessage()));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (UncheckedIOException e) {
            // A file that cannot be read or written while the command runs (a corrupt clip, a full disk): the
            // user's to fix, so its reason in words, like the failures above.
            IOException io = e.getCause();
            err.println("snn " + c.name() + ": " + (io instanceof EventFormatException ? Failures.clean(io.getMessage())
                    : Failures.clean(IoReason.of(io, null))));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (Throwable e) {
            // Anything else (a bug, an Error such as OutOfMemoryError) is still one line for the user;
            // --debug (or SNN_DEBUG=1) shows the stack.
            err.println("snn " + c.name() + ": failed: " + Failures.describe(e)
                    + (debug ? "" : " (run with --debug for the stack trace)"));
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        }
    }

    private void printCommands(PrintStream s) {
        s.println("usage: snn <command> [options]   (snn <command> --help for its options)");
        for (Command c : commands.values()) {
            s.printf("  %-10s %s%n", c.name(), c.summary());
        }
    }

    private static void printUsage(Command c, PrintStream s) {
        PrintWriter w = new PrintWriter(s);
        new HelpFormatter().printHelp(w, 100, "snn " + c.name() + " [options]", c.summary(), c.options(), 2, 2, "", true);
        w.flush();
    }
}
