package org.snn4j.examples;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's library example is this module's source file, character for character. */
class ReadmeShowsTheExampleTest {
    private static final String MARKER = "<!-- example: snn-examples/src/main/java/org/snn4j/examples/TrainSmallSnn.java -->";

    @Test
    void readmeBlockEqualsTheSourceFile() throws IOException {
        Path module = Paths.get("").toAbsolutePath();
        String readme = Files.readString(module.resolveSibling("README.md"), StandardCharsets.UTF_8);
        int at = readme.indexOf(MARKER);
        assertTrue(at >= 0, "README.md lost the marker " + MARKER);
        int start = readme.indexOf("```java\n", at) + "```java\n".length();
        int end = readme.indexOf("```", start);
        String shown = readme.substring(start, end);
        String source = Files.readString(module.resolve("src/main/java/org/snn4j/examples/TrainSmallSnn.java"),
                StandardCharsets.UTF_8);
        assertEquals(source, shown, "README.md's example differs from TrainSmallSnn.java: copy the file into it");
    }
}
