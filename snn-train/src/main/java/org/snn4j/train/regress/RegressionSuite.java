package org.snn4j.train.regress;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.snn4j.train.TrainingException;
import org.snn4j.train.TrainingRun;
import org.snn4j.train.options.TrainArguments;
import org.snn4j.train.options.UsageException;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Accuracy regressions kept in a baseline file (JSON):
 * <pre>
 * { "tolerance": 0.02,
 *   "cases": [ { "name": "small-snn-synthetic", "fast": true, "baseline_test_acc": 1.0,
 *                "train_args": ["--epochs", "2", "--seed", "42"] }, ... ] }
 * </pre>
 * Each case trains with the training arguments {@code ARGS} (those of {@code snn train}) into {@code DIR/NAME}
 * through {@link TrainingRun} and compares the final test accuracy with
 * its baseline. A case may be a variant of another ({@code "compared_with": "NAME"}, e.g. the same network
 * with SMA on the same data, seed and epochs) and then records {@code "attention_helps"}: whether its
 * baseline is above the other's (checked against the two baselines when the file is read). Used by snn4j's own tests, by {@code snn regress}, and from other projects' JUnit tests.
 */
public final class RegressionSuite {
    private static final Set<String> SUITE_KEYS = Set.of("tolerance", "cases", "description");
    private static final Set<String> CASE_KEYS = Set.of("name", "train_args", "baseline_test_acc", "tolerance", "fast",
            "requires_path", "requires_hint", "compared_with", "attention_helps");

    private final List<RegressionCase> cases;

    private RegressionSuite(List<RegressionCase> cases) {
        this.cases = cases;
    }

    public List<RegressionCase> cases() {
        return cases;
    }

    public static RegressionSuite load(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new TrainingException("cannot read baseline file " + file + ": " + e.getMessage(), e);
        }
    }

    /** The baselines shipped with snn4j (resource regression/baselines.json of snn-train). */
    public static RegressionSuite builtIn() {
        try (InputStream in = RegressionSuite.class.getResourceAsStream("/regression/baselines.json")) {
            return parse(in, "regression/baselines.json");
        } catch (IOException e) {
            throw new TrainingException("cannot read built-in baselines: " + e.getMessage(), e);
        }
    }

    static RegressionSuite parse(InputStream in, String source) throws IOException {
        JsonNode root = new ObjectMapper().readTree(in);
        checkKeys(root, SUITE_KEYS, source, "top level");
        double tolerance = root.path("tolerance").asDouble(0.02);
        List<RegressionCase> cases = new ArrayList<>();
        for (JsonNode c : root.path("cases")) {
            String name = c.path("name").asText(null);
            checkKeys(c, CASE_KEYS, source, "case '" + name + "'");
            if (name == null || !c.has("baseline_test_acc") || !c.path("train_args").isArray()) {
                throw new TrainingException(source + ": every case needs name, train_args (array) and baseline_test_acc");
            }
            List<String> args = new ArrayList<>();
            for (JsonNode a : c.path("train_args")) {
                if (a.asText().equals("--out")) {
                    throw new TrainingException(source + ": case '" + name + "' must not set --out (the suite chooses it)");
                }
                args.add(a.asText());
            }
            cases.add(new RegressionCase(name, args, c.path("baseline_test_acc").asDouble(),
                    c.path("tolerance").asDouble(tolerance), c.path("fast").asBoolean(false),
                    c.path("requires_path").asText(null), c.path("requires_hint").asText(null),
                    c.path("compared_with").asText(null), c.has("attention_helps") ? c.path("attention_helps").asBoolean() : null));
        }
        if (cases.isEmpty()) {
            throw new TrainingException(source + ": no cases");
        }
        checkComparisons(cases, source);
        return new RegressionSuite(cases);
    }

    /**
     * A case compared with another must name a case of the file and record attention_helps as its baseline
     * being above the other's, so the file cannot claim what its own numbers do not show.
     */
    private static void checkComparisons(List<RegressionCase> cases, String source) {
        for (RegressionCase c : cases) {
            if (c.comparedWith() == null) {
                if (c.attentionHelps() != null) {
                    throw new TrainingException(source + ": case '" + c.name() + "' has attention_helps but no compared_with");
                }
                continue;
            }
            RegressionCase other = cases.stream().filter(o -> o.name().equals(c.comparedWith())).findFirst()
                    .orElseThrow(() -> new TrainingException(source + ": case '" + c.name() + "' is compared_with '"
                            + c.comparedWith() + "', which is not a case of the file"));
            boolean helps = c.baselineTestAcc() > other.baselineTestAcc();
            if (c.attentionHelps() == null || c.attentionHelps() != helps) {
                throw new TrainingException(source + ": case '" + c.name() + "' must have attention_helps " + helps
                        + " (baseline " + c.baselineTestAcc() + " vs " + other.baselineTestAcc() + " of '" + other.name() + "')");
            }
        }
    }

    private static void checkKeys(JsonNode node, Set<String> allowed, String source, String where) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!allowed.contains(k)) {
                throw new TrainingException(source + ": unknown key '" + k + "' in " + where + " (allowed: " + allowed + ")");
            }
        }
    }

    /** Outcome of one case. */
    public record Result(RegressionCase regressionCase, Double testAcc, String skipped) {
        public boolean passed() {
            return skipped != null || (testAcc != null && testAcc >= regressionCase.threshold());
        }
    }

    /** Trains one case into {@code workDir/<name>} and reads its final test accuracy. */
    public static Result run(RegressionCase c, Path workDir, PrintStream log) {
        if (c.requiresPath() != null && !Files.exists(Path.of(c.requiresPath()))) {
            return new Result(c, null, c.requiresPath() + " not found" + (c.requiresHint() == null ? "" : "; " + c.requiresHint()));
        }
        Path out = workDir.resolve(c.name());
        try {
            Map<String, Object> cfg = TrainArguments.resolve(TrainArguments.parse(c.trainArgs()));
            TrainingRun.Result r = TrainingRun.train(cfg, out, true, log, false);
            return new Result(c, r.finalTestAccuracy(), null);
        } catch (UsageException e) {
            throw new TrainingException("regression case '" + c.name() + "': bad train_args: " + e.getMessage(), e);
        }
    }
}
