package org.snn4j.core.surrogate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.snn4j.core.TestData;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every snn4j surrogate that SpikingJelly 0.0.0.0.14 also has, against SpikingJelly's own values
 * (test resource reference/surrogates.json, float64): spiking-mode forward (Heaviside, x &gt;= 0) and surrogate
 * gradient, smooth-mode primitive and its gradient, to 1e-6, for the default and one other setting each.
 */
class SurrogateReferenceTest {
    private static final String FILE = "reference/surrogates.json";

    /** SpikingJelly class name -> our surrogate built from the case's kwargs. */
    private static final Map<String, Function<JsonNode, Surrogate>> OURS = Map.of(
            "ATan", k -> new ATan(k.get("alpha").asDouble()),
            "Sigmoid", k -> new Sigmoid(k.get("alpha").asDouble()),
            "SoftSign", k -> new SoftSign(k.get("alpha").asDouble()),
            "Erf", k -> new Erf(k.get("alpha").asDouble()),
            "PiecewiseQuadratic", k -> new PiecewiseQuadratic(k.get("alpha").asDouble()),
            "PiecewiseExp", k -> new PiecewiseExp(k.get("alpha").asDouble()),
            "PiecewiseLeakyReLU", k -> new PiecewiseLeakyReLU(k.get("w").asDouble(), k.get("c").asDouble()));

    static Stream<Arguments> cases() {
        JsonNode root = TestData.json(FILE);
        List<Arguments> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.get("cases").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (OURS.containsKey(e.getValue().get("class").asText())) {
                out.add(Arguments.of(e.getKey(), e.getValue()));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesSpikingJelly(String name, JsonNode c) {
        double[] x = TestData.doubles(TestData.json(FILE), "input", FILE);
        Surrogate sg = OURS.get(c.get("class").asText()).apply(c.get("kwargs"));
        double[] out = TestData.doubles(c.get("spiking_true"), "output", FILE);
        double[] grad = TestData.doubles(c.get("spiking_true"), "grad", FILE);
        for (int i = 0; i < x.length; i++) {
            assertEquals(out[i], sg.forward(x[i]), 1e-6, name + " spiking output at x=" + x[i]);
            assertEquals(grad[i], sg.gradient(x[i]), 1e-6, name + " surrogate gradient at x=" + x[i]);
        }
        sg.setSpiking(false);
        double[] smooth = TestData.doubles(c.get("spiking_false"), "output", FILE);
        double[] smoothGrad = TestData.doubles(c.get("spiking_false"), "grad", FILE);
        for (int i = 0; i < x.length; i++) {
            assertEquals(smooth[i], sg.forward(x[i]), 1e-6, name + " primitive at x=" + x[i]);
            assertEquals(smoothGrad[i], sg.gradient(x[i]), 1e-6, name + " primitive gradient at x=" + x[i]);
        }
    }

    /** Guards against a silently shrinking test: each of our SpikingJelly-named surrogates has reference cases. */
    @Test
    void everySpikingJellySurrogateWeImplementIsCovered() {
        Set<String> found = new java.util.HashSet<>();
        TestData.json(FILE).get("cases").forEach(c -> found.add(c.get("class").asText()));
        assertTrue(found.containsAll(OURS.keySet()), "reference lacks some of " + OURS.keySet());
        assertEquals(2 * OURS.size(), cases().count());
    }
}
