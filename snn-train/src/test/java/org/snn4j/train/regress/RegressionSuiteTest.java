package org.snn4j.train.regress;

import org.junit.jupiter.api.Test;
import org.snn4j.train.TrainingException;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The baseline file: attention comparisons name a real case, train on the same data, and tell the truth. */
class RegressionSuiteTest {

    private static RegressionSuite parse(String json) throws Exception {
        return RegressionSuite.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    private static String twoCases(String comparison) {
        return "{\"cases\":[{\"name\":\"plain\",\"train_args\":[],\"baseline_test_acc\":0.8},"
                + "{\"name\":\"sma\",\"train_args\":[\"--model\",\"small-sma-snn\"],\"baseline_test_acc\":0.9" + comparison + "}]}";
    }

    @Test
    void comparisonsMustNameACaseAndAgreeWithTheBaselines() throws Exception {
        RegressionCase sma = parse(twoCases(",\"compared_with\":\"plain\",\"attention_helps\":true")).cases().get(1);
        assertEquals("plain", sma.comparedWith());
        assertTrue(sma.attentionHelps());
        TrainingException wrong = assertThrows(TrainingException.class,
                () -> parse(twoCases(",\"compared_with\":\"plain\",\"attention_helps\":false")));
        assertTrue(wrong.getMessage().contains("must have attention_helps true"), wrong.getMessage());
        TrainingException missing = assertThrows(TrainingException.class,
                () -> parse(twoCases(",\"compared_with\":\"plane\",\"attention_helps\":true")));
        assertTrue(missing.getMessage().contains("'plane', which is not a case"), missing.getMessage());
        TrainingException alone = assertThrows(TrainingException.class, () -> parse(twoCases(",\"attention_helps\":true")));
        assertTrue(alone.getMessage().contains("no compared_with"), alone.getMessage());
    }

    @Test
    void builtInAttentionCasesTrainLikeTheirPlainCaseAndRunOnlyUnderTheRegressionProfile() {
        List<RegressionCase> cases = RegressionSuite.builtIn().cases();
        Map<String, RegressionCase> byName = cases.stream().collect(Collectors.toMap(RegressionCase::name, Function.identity()));
        List<String> models = new ArrayList<>();
        for (RegressionCase c : cases) {
            if (c.comparedWith() == null) {
                continue;
            }
            assertFalse(c.fast(), c.name() + " must not slow down the default test run");
            assertNotNull(c.attentionHelps(), c.name());
            List<String> args = new ArrayList<>(c.trainArgs());
            int m = args.indexOf("--model");
            models.add(args.get(m + 1));
            args.subList(m, m + 2).clear();
            assertEquals(byName.get(c.comparedWith()).trainArgs(), args,
                    c.name() + ": same data, seed and epochs as " + c.comparedWith() + ", only the model differs");
        }
        assertTrue(models.containsAll(List.of("small-sma-snn", "small-sma-azo-snn")), models.toString());
        assertEquals(1, cases.stream().filter(RegressionCase::fast).count(), "one fast case in the default run");
    }
}
