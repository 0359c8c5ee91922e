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
 * <pre>
 * java -cp ... org.snn4j.data.convert.DatasetConverter --dataset nmnist --root /data/NMNIST --cache /data/cache \
 *      [--frames 16 --split-by number|time | --duration-us 50000 | --dt-us 15000 --frames 60] [--ds 1] [--binarise]
 *      [--merge-polarity] [--threads 2] [--split-out split.txt --seed 3404 --train-fraction 0.9]
 * </pre>
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

    /** Parses command-line options (see the class comment). */
    public static Options parse(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String k = args[i];
            if (!k.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + k + "'");
            }
            if (k.equals("--binarise") || k.equals("--merge-polarity")) {
                flags.add(k);
            } else if (i + 1 < args.length) {
                a.put(k, args[++i]);
            } else {
                throw new IllegalArgumentException(k + " needs a value");
            }
        }
        for (String required : new String[]{"--dataset", "--root", "--cache"}) {
            if (!a.containsKey(required)) {
                throw new IllegalArgumentException("missing " + required);
            }
        }
        FrameSpec spec;
        if (a.containsKey("--duration-us")) {
            spec = FrameSpec.fixedDuration(Long.parseLong(a.get("--duration-us")));
        } else if (a.containsKey("--dt-us")) {
            spec = FrameSpec.dtWindows(Long.parseLong(a.get("--dt-us")), Integer.parseInt(a.getOrDefault("--frames", "60")));
        } else {
            spec = FrameSpec.frameCount(Integer.parseInt(a.getOrDefault("--frames", "16")),
                    SplitBy.valueOf(a.getOrDefault("--split-by", "number").toUpperCase(java.util.Locale.ROOT)));
        }
        spec = spec.withDownsample(Integer.parseInt(a.getOrDefault("--ds", "1")))
                .withBinarise(flags.contains("--binarise")).withMergedPolarity(flags.contains("--merge-polarity"));
        return new Options(DatasetKind.parse(a.get("--dataset")), Path.of(a.get("--root")), Path.of(a.get("--cache")), spec,
                Integer.parseInt(a.getOrDefault("--threads", Integer.toString(Runtime.getRuntime().availableProcessors()))),
                a.containsKey("--split-out") ? Path.of(a.get("--split-out")) : null,
                Long.parseLong(a.getOrDefault("--seed", "0")), Double.parseDouble(a.getOrDefault("--train-fraction", "0.9")),
                Integer.parseInt(a.getOrDefault("--snne-width", "128")), Integer.parseInt(a.getOrDefault("--snne-height", "128")));
    }

    /** Runs a conversion and prints one summary line per part; returns the process exit code. */
    public static int run(String[] args, PrintStream out) {
        try {
            Options o = parse(args);
            out.println("converting " + o.kind() + " at " + o.root() + " with " + o.spec() + " into " + o.cache());
            for (Map.Entry<String, CacheConverter.Report> e : convert(o, ProgressListener.consoleBar(o.kind().name())).entrySet()) {
                CacheConverter.Report r = e.getValue();
                out.printf("%s: %d clips, %d converted, %d already cached, %.1f s%n", e.getKey(), r.clips(), r.converted(),
                        r.cacheHits(), r.seconds());
            }
            if (o.splitOut() != null) {
                out.println("split written to " + o.splitOut());
            }
            return 0;
        } catch (IllegalArgumentException | IOException | java.io.UncheckedIOException e) {
            System.err.println("snn convert: " + e.getMessage());
            return 2;
        }
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out));
    }
}
