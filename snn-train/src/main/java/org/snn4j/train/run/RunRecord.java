package org.snn4j.train.run;

import org.snn4j.train.EpochMetrics;
import org.snn4j.core.io.AtomicFiles;
import org.snn4j.core.io.IoReason;
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
    /** Where {@link #create} with force moves the replaced run's files until the new run saves a checkpoint. */
    static final String REPLACED = ".replaced-run";
    private final Path dir;
    private Provenance provenance;
    /** The replaced run's files, kept until the first checkpoint of this run (null: nothing replaced). */
    private Path replaced;

    private RunRecord(Path dir) {
        this.dir = dir;
    }

    /** The files a run writes at the top of its directory (see the class comment), and eval's, energy's reports. */
    private static final java.util.regex.Pattern RUN_FILE = java.util.regex.Pattern.compile(
            "config\\.json|environment\\.json|metrics\\.csv|metrics\\.json|state\\.json|summary\\.json|skipped\\.json|energy\\.json"
                    + "|eval-[\\w.-]+\\.json");
    /** The files a run writes in its checkpoints folder. */
    private static final java.util.regex.Pattern CHECKPOINT_FILE = java.util.regex.Pattern.compile("epoch-\\d+\\.zip|best\\.zip");
    /** The pictures snn visualize writes into the run's plots folder by default. */
    private static final java.util.regex.Pattern PLOT_FILE = java.util.regex.Pattern.compile(
            "(frames|curves|raster|heatmap|attention)[\\w.-]*\\.png");

    /**
     * A new run directory; fails if it exists and is not empty, unless {@code force}, which replaces the run
     * there as a whole: the files an earlier run wrote (its records, reports, checkpoints and plots) are moved
     * into {@code .replaced-run/} inside it, so no checkpoint of the old run is left beside the new run's. They
     * are deleted once the new run saves its first checkpoint, and moved back by {@link #discard} if it fails
     * before that. Other files are left alone.
     */
    public static RunRecord create(Path dir, boolean force) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new TrainingException("cannot create run directory " + dir + ": a file of that name exists; "
                    + "choose another --out");
        }
        for (Path p = dir.toAbsolutePath().getParent(); p != null; p = p.getParent()) {
            if (Files.exists(p)) {
                if (!Files.isDirectory(p)) {
                    throw new TrainingException("cannot create run directory " + dir + ": " + p + " is a file, not a folder");
                }
                break;
            }
        }
        try {
            if (Files.isDirectory(dir)) {
                boolean empty;
                try (Stream<Path> s = Files.list(dir)) {
                    empty = s.findAny().isEmpty();
                }
                if (!empty && !force) {
                    throw new TrainingException("run directory " + dir + " already exists and is not empty; "
                            + "choose another --out, continue it with --resume, or pass --force to replace it");
                }
                Path aside = null;
                if (!empty) {
                    aside = moveAside(dir);
                }
                Files.createDirectories(dir.resolve("checkpoints"));
                RunRecord r = new RunRecord(dir);
                r.replaced = aside;
                return r;
            }
            Files.createDirectories(dir.resolve("checkpoints"));
            return new RunRecord(dir);
        } catch (IOException e) {
            throw new TrainingException("cannot create run directory " + dir + ": " + IoReason.of(e, dir), e);
        }
    }

    /** Deletes what a run wrote into {@code dir} (records, reports, checkpoints), leaving other files. */
    private static void clear(Path dir) throws IOException {
        Path checkpoints = dir.resolve("checkpoints");
        if (Files.isDirectory(checkpoints)) {
            deleteMatching(checkpoints, CHECKPOINT_FILE);
        }
        Path plots = dir.resolve("plots");
        if (Files.isDirectory(plots)) {
            deleteMatching(plots, PLOT_FILE);
            deleteIfEmpty(plots);
        }
        deleteMatching(dir, RUN_FILE);
    }

    private static void deleteMatching(Path dir, java.util.regex.Pattern names) throws IOException {
        for (Path p : matching(dir, names)) {
            Files.delete(p);
        }
    }

    private static List<Path> matching(Path dir, java.util.regex.Pattern names) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> names.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)).toList();
        }
    }

    /**
     * Moves the files a run wrote into {@code dir/.replaced-run/} (same relative paths) and returns that folder.
     * A {@code .replaced-run} left by a replacing run that was killed before its first checkpoint holds an
     * older run than the one being moved now, so it goes first.
     */
    private static Path moveAside(Path dir) throws IOException {
        Path aside = dir.resolve(REPLACED);
        deleteTree(aside);
        List<Path> files = new java.util.ArrayList<>(matching(dir, RUN_FILE));
        if (Files.isDirectory(dir.resolve("checkpoints"))) {
            files.addAll(matching(dir.resolve("checkpoints"), CHECKPOINT_FILE));
        }
        if (Files.isDirectory(dir.resolve("plots"))) {
            files.addAll(matching(dir.resolve("plots"), PLOT_FILE));
        }
        for (Path f : files) {
            Path target = aside.resolve(dir.relativize(f));
            Files.createDirectories(target.getParent());
            Files.move(f, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        deleteIfEmpty(dir.resolve("plots"));
        return aside;
    }

    /** Moves the replaced run's files back (after {@link #clear} removed the failed new run's). */
    private void restoreReplaced() throws IOException {
        if (replaced == null || !Files.isDirectory(replaced)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(replaced)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        for (Path f : files) {
            Path target = dir.resolve(replaced.relativize(f));
            Files.createDirectories(target.getParent());
            Files.move(f, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        }
        deleteTree(replaced);
        replaced = null;
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        List<Path> all;
        try (Stream<Path> s = Files.walk(root)) {
            all = s.sorted(java.util.Comparator.reverseOrder()).toList();
        }
        for (Path p : all) {
            Files.delete(p);
        }
    }

    /**
     * Undoes {@link #create} of a run that failed before it saved a checkpoint: deletes what it wrote and the
     * directories it created ({@code created}: the outermost of them; null if the directory was there before),
     * so a failed start leaves no empty run, and moves a run it was replacing back in place.
     */
    public void discard(Path created) {
        try {
            clear(dir);
            restoreReplaced();
            deleteIfEmpty(dir.resolve("checkpoints"));
            for (Path p = dir.toAbsolutePath(); created != null && p != null && p.startsWith(created.toAbsolutePath());
                 p = p.getParent()) {
                deleteIfEmpty(p);
            }
        } catch (IOException e) {
            // Best effort: the failure that made the run stop is what the caller reports.
        }
    }

    private static void deleteIfEmpty(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                if (s.findAny().isPresent()) {
                    return;
                }
            }
            Files.delete(p);
        }
    }

    /** Whether this run has saved a checkpoint yet. */
    public boolean hasCheckpoint() {
        try (Stream<Path> s = Files.list(dir.resolve("checkpoints"))) {
            return s.anyMatch(p -> CHECKPOINT_FILE.matcher(p.getFileName().toString()).matches());
        } catch (IOException e) {
            return false;
        }
    }

    /** An existing run directory (for --resume, eval, visualize). */
    public static RunRecord open(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new TrainingException(dir + " is a file, not a run directory; pass the folder snn train wrote");
        }
        if (!Files.isDirectory(dir)) {
            throw new TrainingException(dir + " is not an snn4j run directory: it does not exist");
        }
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
        if (replaced != null) {
            // the new run has a checkpoint of its own: the run it replaces is no longer needed
            try {
                deleteTree(replaced);
                replaced = null;
            } catch (IOException e) {
                throw new TrainingException("cannot remove the replaced run's files in " + replaced + ": "
                        + IoReason.of(e, replaced), e);
            }
        }
    }
}
