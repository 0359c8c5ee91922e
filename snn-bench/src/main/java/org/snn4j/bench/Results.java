package org.snn4j.bench;

import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;

import java.io.IOException;
import java.util.ArrayList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A benchmark's results file: what ran (benchmark, command, time), on what (machine, load before and
 * after, peer versions), and the figures. Written atomically (a temporary file beside it, then a move).
 */
public final class Results {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Map<String, Object> root = new LinkedHashMap<>();

    public Results(String benchmark, CommandLine cl) {
        List<String> args = new ArrayList<>();
        for (Option o : cl.getOptions()) {
            args.add("--" + o.getLongOpt());
            if (o.hasArg()) {
                args.add(o.getValue());
            }
        }
        root.put("benchmark", benchmark);
        root.put("command", "snn bench " + benchmark + (args.isEmpty() ? "" : " " + String.join(" ", args)));
        root.put("started_utc", Instant.now().toString());
        root.put("machine", Machine.describe());
        root.put("loadavg_before", Machine.loadAverage());
    }

    public Results put(String key, Object value) {
        root.put(key, value);
        return this;
    }

    /** A nested section, created on first use. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> section(String key) {
        return (Map<String, Object>) root.computeIfAbsent(key, k -> new LinkedHashMap<String, Object>());
    }

    public Object get(String key) {
        return root.get(key);
    }

    /** Adds the load after the run and writes the file; returns its absolute path. */
    public Path write(Path file) throws IOException {
        root.put("loadavg_after", Machine.loadAverage());
        root.put("finished_utc", Instant.now().toString());
        Path abs = file.toAbsolutePath();
        if (abs.getParent() != null) {
            Files.createDirectories(abs.getParent());
        }
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        Files.writeString(tmp, JSON.writeValueAsString(root) + "\n");
        try {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        return abs;
    }

    /** The JSON text (for tests). */
    public String json() throws IOException {
        return JSON.writeValueAsString(root);
    }
}
