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
import org.snn4j.data.split.TrainTest;

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
    /**
     * Everything a conversion needs. {@code skipEmpty}: leave out empty recordings (and DVS Gesture labels past the
     * end of a truncated recording) and report them in {@link CacheConverter.Report#skipped()}, instead of failing.
     */
    public record Options(DatasetKind kind, Path root, Path cache, FrameSpec spec, int threads, Path splitOut, long seed,
                          double trainFraction, int snneWidth, int snneHeight, boolean skipEmpty) {
        public Options(DatasetKind kind, Path root, Path cache, FrameSpec spec, int threads, Path splitOut, long seed,
                       double trainFraction, int snneWidth, int snneHeight) {
            this(kind, root, cache, spec, threads, splitOut, seed, trainFraction, snneWidth, snneHeight, false);
        }

        public Options withSkipEmpty(boolean skip) {
            return new Options(kind, root, cache, spec, threads, splitOut, seed, trainFraction, snneWidth, snneHeight, skip);
        }
    }

    private DatasetConverter() {
    }

    /** Cache name of a dataset part, e.g. "nmnist-train". */
    public static String cacheName(DatasetKind kind, String part) {
        return kind.name().toLowerCase(java.util.Locale.ROOT) + "-" + part;
    }

    /**
     * Converts every part of the dataset (train and test where official, else "all"); returns one report per part.
     * Official parts are opened together and checked by {@link TrainTest} before anything is converted (a recording
     * in both trial lists, or twice in one, is a {@link org.snn4j.data.split.SplitLeakException}); a seeded split
     * is checked the same way before it is written.
     */
    public static Map<String, CacheConverter.Report> convert(Options o, ProgressListener progress) throws IOException {
        FrameCache cache = new FrameCache(o.cache());
        Map<String, CacheConverter.Report> reports = new LinkedHashMap<>();
        Map<String, EventDataset> parts = new LinkedHashMap<>();
        Split split = null;
        if (o.kind().hasOfficialSplit()) {
            TrainTest tt = o.kind().openOfficialSplit(o.root(), o.snneWidth(), o.snneHeight(), o.skipEmpty());
            parts.put("train", tt.train());
            parts.put("test", tt.test());
        } else {
            EventDataset all = o.kind().open(o.root(), true, o.snneWidth(), o.snneHeight(), o.skipEmpty());
            parts.put("all", all);
            if (o.splitOut() != null) {
                split = Split.stratified(all, o.trainFraction(), o.seed());
                split.apply(all); // the TrainTest check, before anything is written
            }
        }
        for (Map.Entry<String, EventDataset> part : parts.entrySet()) {
            reports.put(part.getKey(), CacheConverter.convert(cacheName(o.kind(), part.getKey()), part.getValue(), o.spec(),
                    cache, o.threads(), progress));
        }
        if (split != null) {
            SplitFile.save(split, o.splitOut());
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
