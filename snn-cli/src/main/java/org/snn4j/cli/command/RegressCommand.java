package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.snn4j.train.options.UsageException;
import org.snn4j.train.regress.RegressionCase;
import org.snn4j.train.regress.RegressionSuite;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code snn regress}: runs accuracy regression cases from a baseline file (or the built-in ones) and exits
 * 1 when any case ends below its baseline minus tolerance — a drop-in CI step for other projects.
 */
public final class RegressCommand implements Command {

    @Override
    public String name() {
        return "regress";
    }

    @Override
    public String summary() {
        return "run accuracy regression cases against a baseline file; exit 1 on a drop beyond tolerance";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("baselines").hasArg().argName("FILE").desc("baseline JSON (default: snn4j's built-in cases)").build());
        o.addOption(Option.builder().longOpt("case").hasArg().argName("NAME").desc("run only this case").build());
        o.addOption(Option.builder().longOpt("fast").desc("run only the cases marked fast").build());
        o.addOption(Option.builder().longOpt("work").hasArg().argName("DIR").desc("where runs are written (default runs/regress)").build());
        return o;
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        RegressionSuite suite = cmd.hasOption("baselines") ? RegressionSuite.load(Path.of(cmd.getOptionValue("baselines")))
                : RegressionSuite.builtIn();
        List<RegressionCase> chosen = new ArrayList<>();
        for (RegressionCase c : suite.cases()) {
            if ((!cmd.hasOption("case") || c.name().equals(cmd.getOptionValue("case"))) && (!cmd.hasOption("fast") || c.fast())) {
                chosen.add(c);
            }
        }
        if (chosen.isEmpty()) {
            throw new UsageException("no case matches (cases: " + suite.cases().stream().map(RegressionCase::name).toList() + ")");
        }
        Path work = Path.of(cmd.getOptionValue("work", "runs/regress"));
        int failed = 0;
        List<String> lines = new ArrayList<>();
        for (RegressionCase c : chosen) {
            RegressionSuite.Result r = RegressionSuite.run(c, work, out);
            String line = r.skipped() != null ? String.format(Locale.ROOT, "SKIP %s: %s", c.name(), r.skipped())
                    : String.format(Locale.ROOT, "%s %s: test acc %.4f, baseline %.4f, threshold %.4f", r.passed() ? "PASS" : "FAIL",
                    c.name(), r.testAcc(), c.baselineTestAcc(), c.threshold());
            failed += r.passed() ? 0 : 1;
            lines.add(line);
        }
        lines.forEach(out::println);
        for (RegressionCase c : suite.cases()) {
            if (c.comparedWith() != null && chosen.contains(c)) {
                double other = suite.cases().stream().filter(o -> o.name().equals(c.comparedWith())).findFirst()
                        .orElseThrow().baselineTestAcc();
                out.printf(Locale.ROOT, "baseline %s %.4f vs %s %.4f: attention %s%n", c.name(), c.baselineTestAcc(),
                        c.comparedWith(), other, c.attentionHelps() ? "helps" : "does not help");
            }
        }
        out.printf(Locale.ROOT, "%d passed, %d failed%n", chosen.size() - failed, failed);
        return failed == 0 ? 0 : 1;
    }
}
