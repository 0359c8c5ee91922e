package org.snn4j.core;

import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The data the tests read, all of it inside the repository:
 * <ul>
 *   <li>reference vectors (JSON computed with SpikingJelly, see {@code reference/README.md}) are test resources
 *   of the module that uses them, read from the test classpath ({@link #json(String)});</li>
 *   <li>the real event-camera recordings live in {@code testdata/} at the repository root (GPL-3.0, see
 *   {@code testdata/SOURCES.md}); the build passes that folder as the system property {@value #PROPERTY}
 *   ({@link #recording(String)}). Nothing searches parent folders.</li>
 * </ul>
 */
public final class TestData {
    /** System property the build sets to the repository's {@code testdata} folder. */
    public static final String PROPERTY = "snn4j.testdata";

    private TestData() {
    }

    /** A file of the repository's {@code testdata/} folder, e.g. {@code events/tonic_sample_nmnist.bin}. */
    public static Path recording(String relative) {
        String root = System.getProperty(PROPERTY);
        if (root == null || root.isEmpty()) {
            throw new IllegalStateException("system property " + PROPERTY + " is not set; the build sets it to "
                    + "<repository>/testdata (run the tests through Maven, or pass -D" + PROPERTY + "=PATH)");
        }
        Path p = Paths.get(root).resolve(relative);
        if (!Files.isRegularFile(p)) {
            throw new IllegalStateException("test data file missing: " + p);
        }
        return p;
    }

    /** A test resource of the calling module as a file path, e.g. {@code reference/surrogates.json}. */
    public static Path resource(String relative) {
        URL url = TestData.class.getClassLoader().getResource(relative);
        if (url == null) {
            throw new IllegalStateException("test resource missing from the classpath: " + relative);
        }
        try {
            return Paths.get(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("test resource " + relative + " is not a file: " + url, e);
        }
    }

    /** Parses a JSON test resource (reference vectors). */
    public static JsonNode json(String relative) {
        URL url = TestData.class.getClassLoader().getResource(relative);
        if (url == null) {
            throw new IllegalStateException("test resource missing from the classpath: " + relative);
        }
        try (InputStream in = url.openStream()) {
            return new ObjectMapper().enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS).readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse JSON " + relative + ": " + e.getMessage(), e);
        }
    }

    /** A JSON array of numbers as double[], naming the file and field when it is missing or not numeric. */
    public static double[] doubles(JsonNode node, String field, String file) {
        JsonNode arr = node.get(field);
        if (arr == null || !arr.isArray()) {
            throw new IllegalStateException(file + ": field '" + field + "' missing or not an array");
        }
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) {
            if (!arr.get(i).isNumber()) {
                throw new IllegalStateException(file + ": " + field + "[" + i + "] is not a number: " + arr.get(i));
            }
            out[i] = arr.get(i).asDouble();
        }
        return out;
    }
}
