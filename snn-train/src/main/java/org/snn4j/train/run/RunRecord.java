package org.snn4j.train.run;

import org.snn4j.train.EpochMetrics;
import org.snn4j.core.io.AtomicFiles;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.snn4j.train.TrainingException;
import org.snn4j.core.Snn4j;
import org.snn4j.core.backend.OneDnnHelpers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The directory a run leaves behind, so the run can say what produced it and later commands can work
 * from it:
 * <pre>
 *   config.json        resolved configuration (every option, defaults filled in) and seed
 *   environment.json   snn4j / DL4J / backend versions, oneDNN, Java, OS, CPU count
 *   metrics.csv, metrics.json   one row per finished epoch
 *   checkpoints/epoch-NNN.zip, checkpoints/best.zip   model + updater state (ModelSerializer) + {@link Provenance}
 *   state.json         last finished epoch and best accuracy (what --resume continues from)
 *   summary.json       final result
 * </pre>
 * Every file is written atomically; nothing existing is overwritten unless the caller allows it.
 */
public final class RunRecord {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private final Path dir;
    private Provenance provenance;

    private RunRecord(Path dir) {
        this.dir = dir;
    }

    /** A new run directory; fails if it exists and is not empty, unless {@code force}. */
    public static RunRecord create(Path dir, boolean force) {
        try {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent() && !force) {
                        throw new TrainingException("run directory " + dir + " already exists and is not empty; "
                                + "choose another --out, continue it with --resume, or pass --force to overwrite");
                    }
                }
            }
            Files.createDirectories(dir.resolve("checkpoints"));
            return new RunRecord(dir);
        } catch (IOException e) {
            throw new TrainingException("cannot create run directory " + dir + ": " + e.getMessage(), e);
        }
    }

    /** An existing run directory (for --resume, eval, visualize). */
    public static RunRecord open(Path dir) {
        if (!Files.isRegularFile(dir.resolve("config.json"))) {
            throw new TrainingException(dir + " is not an snn4j run directory (no config.json)");
        }
        return new RunRecord(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The provenance written into every checkpoint saved from now on. */
    public void provenance(Provenance p) {
        this.provenance = p;
    }

    public Path checkpoint(int epoch) {
        return dir.resolve("checkpoints").resolve(String.format("epoch-%03d.zip", epoch));
    }

    public Path best() {
        return dir.resolve("checkpoints").resolve("best.zip");
    }

    public void writeJson(String name, Object value) {
        try {
            AtomicFiles.writeString(dir.resolve(name), JSON.writeValueAsString(value) + "\n");
        } catch (IOException e) {
            throw new TrainingException("cannot write " + dir.resolve(name) + ": " + e.getMessage(), e);
        }
    }

    public Map<String, Object> readJson(String name) {
        Path p = dir.resolve(name);
        try {
            return JSON.readValue(p.toFile(), new TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (IOException e) {
            throw new TrainingException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    public void writeEnvironment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("snn4j", Snn4j.version());
        env.put("dl4j", "1.0.0-M2.1");
        env.put("backend", Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
        env.put("onednn_native", OneDnnHelpers.nativeSupport());
        env.put("onednn_helpers", OneDnnHelpers.requested());
        env.put("java", System.getProperty("java.version"));
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        env.put("cpus", Runtime.getRuntime().availableProcessors());
        env.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        writeJson("environment.json", env);
    }

    /** Rewrites metrics.csv and metrics.json with all epochs so far. */
    public void writeMetrics(List<EpochMetrics> epochs) {
        StringBuilder csv = new StringBuilder(EpochMetrics.CSV_HEADER).append('\n');
        List<Map<String, Object>> rows = new ArrayList<>();
        for (EpochMetrics m : epochs) {
            csv.append(m.csvRow()).append('\n');
            rows.add(m.toMap());
        }
        try {
            AtomicFiles.writeString(dir.resolve("metrics.csv"), csv.toString());
        } catch (IOException e) {
            throw new TrainingException("cannot write metrics: " + e.getMessage(), e);
        }
        writeJson("metrics.json", rows);
    }

    @SuppressWarnings("unchecked")
    public List<EpochMetrics> readMetrics() {
        Path p = dir.resolve("metrics.json");
        if (!Files.exists(p)) {
            return new ArrayList<>();
        }
        try {
            List<Map<String, Object>> rows = JSON.readValue(p.toFile(), List.class);
            List<EpochMetrics> out = new ArrayList<>();
            for (Map<String, Object> r : rows) {
                out.add(EpochMetrics.fromMap(r));
            }
            return out;
        } catch (IOException | RuntimeException e) {
            throw new TrainingException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** Restores a checkpoint; a missing or corrupt file is reported as such. */
    public static Model loadModel(Path checkpoint) {
        if (!Files.isRegularFile(checkpoint)) {
            throw new TrainingException("checkpoint " + checkpoint + " does not exist");
        }
        try {
            if (isGraph(checkpoint)) {
                return ModelSerializer.restoreComputationGraph(checkpoint.toFile(), true);
            }
            return ModelSerializer.restoreMultiLayerNetwork(checkpoint.toFile(), true);
        } catch (IOException | RuntimeException e) {
            throw new TrainingException("checkpoint " + checkpoint + " is corrupt or not an snn4j/DL4J model ("
                    + e.getClass().getSimpleName() + ": " + e.getMessage() + ")", e);
        }
    }

    /** A ComputationGraph's saved configuration has "vertices"; a MultiLayerNetwork's does not. */
    private static boolean isGraph(Path checkpoint) throws IOException {
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(checkpoint.toFile())) {
            java.util.zip.ZipEntry e = zip.getEntry("configuration.json");
            if (e == null) {
                throw new IOException("no configuration.json inside");
            }
            String json = new String(zip.getInputStream(e).readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return json.contains("\"vertices\"");
        }
    }

    public void saveModel(Path target, Model model) {
        try {
            AtomicFiles.write(target, tmp -> {
                ModelSerializer.writeModel(model, tmp.toFile(), true);
                if (provenance != null) {
                    provenance.addTo(tmp);
                }
            });
        } catch (IOException e) {
            throw new TrainingException("cannot write checkpoint " + target + ": " + e.getMessage(), e);
        }
    }
}
