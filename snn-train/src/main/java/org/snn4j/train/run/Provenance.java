package org.snn4j.train.run;

import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.snn4j.core.Snn4j;
import org.snn4j.train.TrainingException;
import org.snn4j.train.data.ExperimentData;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Where a model came from, stored inside every checkpoint zip as {@value #ENTRY} (beside DL4J's own entries,
 * which {@code ModelSerializer} ignores), so that a model file copied out of its run folder still says which
 * configuration, seed, data and software produced it: the resolved run configuration, the data description
 * (dataset, folder, SHA-256 of its split files, frame settings), snn4j / DL4J versions and snn4j's git commit,
 * Java and OS.
 */
public final class Provenance {
    /** Zip entry name of the provenance JSON. */
    public static final String ENTRY = "snn4j-provenance.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Map<String, Object> fields;

    private Provenance(Map<String, Object> fields) {
        this.fields = fields;
    }

    public Map<String, Object> fields() {
        return fields;
    }

    /** The provenance of a run with configuration {@code cfg} on {@code data}. */
    public static Provenance of(Map<String, Object> cfg, ExperimentData data) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("created", OffsetDateTime.now(ZoneOffset.UTC).toString());
        p.put("config", cfg);
        p.put("seed", cfg.get("seed"));
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("dataset", cfg.get("dataset"));
        d.put("data_dir", cfg.get("data_dir"));
        d.put("train_clips", data.train().size());
        d.put("test_clips", data.test().size());
        d.put("frames", Map.of("timesteps", data.timesteps(), "split_by", "number"));
        d.put("split_files", splitFileHashes(cfg.get("data_dir")));
        p.put("data", d);
        Map<String, Object> sw = new LinkedHashMap<>();
        sw.put("snn4j", Snn4j.version());
        sw.put("snn4j_git_commit", Snn4j.gitCommit());
        sw.put("dl4j", "1.0.0-M2.1");
        sw.put("java", System.getProperty("java.version"));
        sw.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        p.put("software", sw);
        return new Provenance(p);
    }

    /** SHA-256 of the split lists a dataset folder ships (trials_to_*.txt, *split*), by file name. */
    static Map<String, String> splitFileHashes(Object dataDir) {
        Map<String, String> out = new TreeMap<>();
        if (dataDir == null || !Files.isDirectory(Path.of(dataDir.toString()))) {
            return out;
        }
        try (var files = Files.list(Path.of(dataDir.toString()))) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
                if (Files.isRegularFile(f) && (n.startsWith("trials_to_") || n.contains("split"))) {
                    out.put(f.getFileName().toString(), sha256(f));
                }
            }
        } catch (IOException e) {
            throw new TrainingException("cannot read the split files of " + dataDir + ": " + e.getMessage(), e);
        }
        return out;
    }

    private static String sha256(Path f) throws IOException {
        try (InputStream in = Files.newInputStream(f)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) {
                md.update(buf, 0, r);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Adds this provenance to a model zip (written by ModelSerializer) in place. */
    public void addTo(Path modelZip) throws IOException {
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + modelZip.toUri()), Map.of())) {
            try (OutputStream o = Files.newOutputStream(zip.getPath(ENTRY))) {
                o.write(JSON.writeValueAsString(fields).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** The provenance stored in a model zip, or null when it has none (a model not written by snn4j). */
    public static Provenance read(Path modelZip) {
        try (ZipFile zip = new ZipFile(modelZip.toFile())) {
            ZipEntry e = zip.getEntry(ENTRY);
            if (e == null) {
                return null;
            }
            try (InputStream in = zip.getInputStream(e)) {
                return new Provenance(JSON.readValue(in, new TypeReference<LinkedHashMap<String, Object>>() { }));
            }
        } catch (IOException e) {
            throw new TrainingException("cannot read " + modelZip + " as a model zip: " + e.getMessage(), e);
        }
    }

    /** Indented JSON of the provenance. */
    public String toJson() {
        try {
            return JSON.writeValueAsString(fields);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
