package org.snn4j.models.library;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loading snn4j's library classes changes nothing in the JVM: no system property (DL4J's helper switch
 * included), no replaced System.out/System.err. Checked in a fresh JVM so that no other test has loaded the
 * classes (or set properties) first.
 */
class NoSideEffectsAtClassLoadTest {
    @Test
    void initialisingEveryLibraryClassChangesNoGlobalState() throws IOException, InterruptedException {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", cp,
                ClassLoadProbe.class.getName(), cp).redirectErrorStream(true).start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "probe did not finish in 120 s");
        List<String> lines = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("loaded ") || l.startsWith("changed ") || l.startsWith("removed ")
                        || l.startsWith("replaced ") || l.startsWith("failed ")).toList();
        assertEquals(0, p.exitValue(), String.join("\n", lines));
        String last = lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        assertTrue(last.startsWith("loaded "), "probe output: " + lines);
        int loaded = Integer.parseInt(last.substring("loaded ".length()));
        assertTrue(loaded > 150, "only " + loaded + " snn4j classes found on " + cp);
        assertEquals(List.of(last), lines, "side effects of loading snn4j classes");
    }
}
