package org.snn4j.core;

import org.nd4j.shade.jackson.core.JsonParser;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the project's shared specs and reference vectors ({@code <repo>/../shared}) for tests: walks up
 * from the working directory until an ancestor has a sibling {@code shared/spec}; the system property
 * {@code snn4j.shared} or the environment variable {@code SNN4J_SHARED} override the search.
 */
public final class SharedData {
    private SharedData() {
    }

    public static Path root() {
        String explicit = System.getProperty("snn4j.shared", System.getenv("SNN4J_SHARED"));
        if (explicit != null && !explicit.isEmpty()) {
            Path p = Paths.get(explicit);
            if (Files.isDirectory(p.resolve("spec"))) {
                return p;
            }
            throw new IllegalStateException("snn4j.shared / SNN4J_SHARED = " + explicit + " has no spec/ directory");
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared");
            if (dir.getParent() != null && Files.isDirectory(candidate.resolve("spec"))) {
                return candidate;
            }
        }
        throw new IllegalStateException("shared/ not found: no ancestor of " + Paths.get("").toAbsolutePath()
                + " has a sibling shared/spec; set SNN4J_SHARED or -Dsnn4j.shared");
    }

    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("shared file missing: " + p);
        }
        return p;
    }

    /** Parses a shared JSON file. */
    public static JsonNode json(String relative) {
        Path p = path(relative);
        try {
            return new ObjectMapper().enable(JsonParser.Feature.ALLOW_NON_NUMERIC_NUMBERS).readTree(p.toFile());
        } catch (IOException e) {
            throw new IllegalStateException("cannot parse JSON " + p + ": " + e.getMessage(), e);
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
