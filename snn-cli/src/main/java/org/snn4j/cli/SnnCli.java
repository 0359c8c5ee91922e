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
import org.snn4j.train.options.UsageException;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code snn} command line. {@code snn <command> [options]}; {@code snn <command> --help}.
 * Exit codes: 0 success, 1 the run failed (message on stderr), 2 bad command line (message + usage).
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

    /** Runs one command line and returns its exit code (never calls System.exit). */
    public int run(String[] args) {
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
        boolean debug = java.util.Arrays.asList(rest).contains("--debug");
        if (debug) {
            rest = java.util.Arrays.stream(rest).filter(a -> !a.equals("--debug")).toArray(String[]::new);
        }
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
            if (!c.takesPositional() && !cmd.getArgList().isEmpty()) {
                throw new UsageException("unexpected argument '" + cmd.getArgList().get(0) + "'");
            }
            Backend.start();
            return c.run(cmd, out);
        } catch (ParseException | UsageException e) {
            err.println("snn " + c.name() + ": " + e.getMessage());
            printUsage(c, err);
            return 2;
        } catch (CliFailure | TrainingException e) {
            err.println("snn " + c.name() + ": " + e.getMessage());
            if (debug) {
                e.printStackTrace(err);
            }
            return 1;
        } catch (RuntimeException | Error e) {
            // Anything else is still one line for the user; --debug shows the stack.
            err.println("snn " + c.name() + ": failed: " + Backend.oneLine(e)
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
