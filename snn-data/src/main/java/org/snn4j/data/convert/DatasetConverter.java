package org.snn4j.data.convert;

import org.snn4j.data.cache.CacheConverter;
import org.snn4j.data.cache.FrameCache;
import org.snn4j.data.cache.ProgressListener;
import org.snn4j.data.events.EventDataset;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.SplitBy;
import org.snn4j.data.io.SnneFormat;
import org.snn4j.data.split.Split;
import org.snn4j.data.split.SplitFile;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Library entry point of {@code snn convert}: turns a downloaded dataset folder into cached frames
 * ({@link FrameCache}), converting clips in parallel with a progress bar, and for datasets without an
 * official split writes a seeded stratified split file. Also exports any {@link EventDataset} as
 * per-class {@code .snne} files.
 *
 * Command line: {@code snn convert --dataset nmnist --root /data/NMNIST --cache /data/cache ...} (snn-cli).
 */
public final class DatasetConverter {
    /** Everything a conversion needs. */
    public record Options(DatasetKind kind, Path root, Path cache, FrameSpec spec, int threads, Path splitOut, long seed,
                          double trainFraction, int snneWidth, int snneHeight) {
    }

    private DatasetConverter() {
    }

    /** Cache name of a dataset part, e.g. "nmnist-train". */
    public static String cacheName(DatasetKind kind, String part) {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + part;
    }

    /** Converts every part of the dataset (train and test where official, else "all"); returns one report per part. */
    public static Map<String, CacheConverter.Report> convert(Options o, ProgressListener progress) throws IOException {
        FrameCache cache = new FrameCache(o.cache());
        Map<String, CacheConverter.Report> reports = new LinkedHashMap<>();
        List<String> parts = o.kind().hasOfficialSplit() ? List.of("train", "test") : List.of("all");
        for (String part : parts) {
            EventDataset ds = o.kind().open(o.root(), !part.equals("test"), o.snneWidth(), o.snneHeight());
            reports.put(part, CacheConverter.convert(cacheName(o.kind(), part), ds, o.spec(), cache, o.threads(), progress));
            if (part.equals("all") && o.splitOut() != null) {
                SplitFile.save(Split.stratified(ds, o.trainFraction(), o.seed()), o.splitOut());
            }
        }
        return reports;
    }

    /** Writes every clip of {@code ds} to {@code dir/<class>/<index>.snne}; returns the number of files. */
    public static int exportSnne(EventDataset ds, Path dir) throws IOException {
        for (int i = 0; i < ds.size(); i++) {
            String cls = ds.classNames().get(ds.label(i)).replaceAll("[^A-Za-z0-9._-]", "_");
            SnneFormat.write(ds.events(i), dir.resolve(cls).resolve(String.format("%07d", i) + SnneFormat.EXTENSION));
        }
        return ds.size();
    }
}
