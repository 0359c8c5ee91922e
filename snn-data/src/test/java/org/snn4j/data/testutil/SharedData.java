package org.snn4j.data.testutil;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Locates the project's shared/ folder (specs, reference vectors, real event files), which lives next to
 * the repository clone: walks up from the working directory until an ancestor has a sibling
 * {@code shared/spec}. Overrides: system property {@code snn4j.shared} or env var {@code SNN4J_SHARED}.
 */
public final class SharedData {
    private static Path root;

    private SharedData() {
    }

    public static synchronized Path root() {
        if (root != null) {
            return root;
        }
        String prop = System.getProperty("snn4j.shared");
        String env = System.getenv("SNN4J_SHARED");
        for (String s : new String[]{prop, env}) {
            if (s != null && Files.isDirectory(Paths.get(s, "spec"))) {
                root = Paths.get(s).toAbsolutePath();
                return root;
            }
        }
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolveSibling("shared");
            if (p.getParent() != null && Files.isDirectory(candidate.resolve("spec"))) {
                root = candidate;
                return root;
            }
        }
        throw new IllegalStateException("shared/ data folder not found: expected a 'shared/spec' directory beside an "
                + "ancestor of " + Paths.get("").toAbsolutePath() + " (set SNN4J_SHARED or -Dsnn4j.shared to override)");
    }

    public static Path path(String relative) {
        Path p = root().resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("shared file missing: " + p);
        }
        return p;
    }

    public static JsonNode json(String relative) {
        try {
            return new ObjectMapper().readTree(path(relative).toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
