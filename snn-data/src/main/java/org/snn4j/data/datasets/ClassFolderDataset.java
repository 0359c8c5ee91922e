package org.snn4j.data.datasets;

import org.snn4j.data.events.EventDataset;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.events.Skipped;
import org.snn4j.data.io.EmptyFiles;
import org.snn4j.data.io.RegularFiles;
import org.snn4j.data.io.Aedat2Reader;
import org.snn4j.data.io.BadEventPolicy;
import org.snn4j.data.io.EventFileReader;
import org.snn4j.data.io.EventFormatException;
import org.snn4j.data.io.NmnistBinReader;
import org.snn4j.data.io.ReadOptions;
import org.snn4j.data.io.SnneFormat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * A dataset laid out as {@code root/<class>/<recording>.<ext>}, the layout of CIFAR10-DVS (AEDAT 2.0,
 * 128x128), N-Caltech101 ({@code .bin}) and each of N-MNIST's {@code Train}/{@code Test} folders
 * ({@code .bin}, 34x34). Classes are the sub-folders in name order (N-MNIST: digits 0-9; CIFAR10-DVS's
 * airplane..truck, alphabetical = canonical), files in natural order so that file {@code _n} is the n-th of
 * its class. Recordings are decoded lazily, one per {@link #events(int)} call.
 */
public final class ClassFolderDataset implements EventDataset {
    /** CIFAR10-DVS recording size (DVS128). */
    public static final int CIFAR10_DVS_SIZE = 128;
    /** N-Caltech101 frame size used by SMA-AZO (native ATIS crop, 180 rows x 240 columns). */
    public static final int NCALTECH_WIDTH = 240;
    public static final int NCALTECH_HEIGHT = 180;

    private final Path root;
    private final EventFileReader reader;
    private final int width;
    private final int height;
    private final List<String> classes = new ArrayList<>();
    private final List<Path> files = new ArrayList<>();
    private final List<Integer> labels = new ArrayList<>();
    private String idPrefix = "";
    private final List<String> skippedFiles = new ArrayList<>();

    public ClassFolderDataset(Path root, String extension, EventFileReader reader, int width, int height) throws IOException {
        this(root, extension, reader, width, height, false);
    }

    /**
     * @param skipEmpty false (the default): a recording without events (0 bytes, or only a header) is an error when
     *                  it is read; true: such files ({@link EmptyFiles#hasNoEventRecords}, which reads only headers) are
     *                  left out here and listed in {@link #skipped()}
     */
    public ClassFolderDataset(Path root, String extension, EventFileReader reader, int width, int height, boolean skipEmpty)
            throws IOException {
        if (!Files.isDirectory(root)) {
            throw EventFormatException.ofFile(root, "dataset folder does not exist (expected <root>/<class>/*" + extension + ")");
        }
        this.root = root;
        this.reader = reader;
        this.width = width;
        this.height = height;
        List<Path> classDirs;
        try (Stream<Path> s = Files.list(root)) {
            classDirs = s.filter(Files::isDirectory)
                    .sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()))
                    .toList();
        }
        String ext = extension.toLowerCase(Locale.ROOT);
        for (Path dir : classDirs) {
            List<Path> recs;
            try (Stream<Path> s = Files.list(dir)) {
                recs = s.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(ext))
                        .sorted((a, b) -> NaturalOrder.INSTANCE.compare(a.getFileName().toString(), b.getFileName().toString()))
                        .toList();
            }
            if (recs.isEmpty()) {
                continue; // side folders without recordings are not classes
            }
            List<Path> kept = new ArrayList<>();
            for (Path f : recs) {
                RegularFiles.require(f); // a FIFO would block the reader, a folder fail without its name
                if (skipEmpty && EmptyFiles.hasNoEventRecords(f)) {
                    skippedFiles.add(root.relativize(f).toString().replace('\\', '/'));
                } else {
                    kept.add(f);
                }
            }
            // a class whose recordings were all skipped stays a class: labels keep their meaning
            int label = classes.size();
            classes.add(dir.getFileName().toString());
            for (Path f : kept) {
                files.add(f);
                labels.add(label);
            }
        }
        if (files.isEmpty()) {
            throw EventFormatException.ofFile(root, "no <class>/*" + extension + " recordings found"
                    + (skippedFiles.isEmpty() ? "" : " (" + skipped().describe() + ")"));
        }
    }

    /** N-MNIST {@code root/Train} (train) or {@code root/Test}. */
    public static ClassFolderDataset nmnist(Path root, boolean train) throws IOException {
        return nmnist(root, train, false);
    }

    /** N-MNIST, leaving out empty recordings when {@code skipEmpty}. */
    public static ClassFolderDataset nmnist(Path root, boolean train, boolean skipEmpty) throws IOException {
        String part = train ? "Train" : "Test";
        ClassFolderDataset ds = new ClassFolderDataset(root.resolve(part), ".bin", NmnistBinReader.nmnist(),
                NmnistBinReader.NMNIST_SIZE, NmnistBinReader.NMNIST_SIZE, skipEmpty);
        ds.idPrefix = part + "/"; // Train/3/00001.bin and Test/3/00001.bin are different clips
        return ds;
    }

    /** N-Caltech101 per-category folders; events outside 240x180 are dropped and counted. */
    public static ClassFolderDataset ncaltech101(Path root) throws IOException {
        return ncaltech101(root, false);
    }

    public static ClassFolderDataset ncaltech101(Path root, boolean skipEmpty) throws IOException {
        return new ClassFolderDataset(root, ".bin", new NmnistBinReader(NCALTECH_WIDTH, NCALTECH_HEIGHT,
                new ReadOptions(BadEventPolicy.DROP, BadEventPolicy.FAIL)),
                NCALTECH_WIDTH, NCALTECH_HEIGHT, skipEmpty);
    }

    /** CIFAR10-DVS per-class folders of AEDAT 2.0 files. */
    public static ClassFolderDataset cifar10Dvs(Path root) throws IOException {
        return cifar10Dvs(root, false);
    }

    public static ClassFolderDataset cifar10Dvs(Path root, boolean skipEmpty) throws IOException {
        return new ClassFolderDataset(root, ".aedat", Aedat2Reader.cifar10Dvs(), CIFAR10_DVS_SIZE, CIFAR10_DVS_SIZE, skipEmpty);
    }

    /** Per-class folders of snn4j's own {@code .snne} files. */
    public static ClassFolderDataset snne(Path root, int width, int height) throws IOException {
        return snne(root, width, height, false);
    }

    public static ClassFolderDataset snne(Path root, int width, int height, boolean skipEmpty) throws IOException {
        return new ClassFolderDataset(root, SnneFormat.EXTENSION, SnneFormat.strict(), width, height, skipEmpty);
    }

    /** Files left out as empty (only with {@code skipEmpty}), named like clip ids (relative to the root). */
    @Override
    public Skipped skipped() {
        return new Skipped("empty recordings", skippedFiles.stream().map(f -> idPrefix + f).toList());
    }

    public Path root() {
        return root;
    }

    public Path file(int index) {
        return files.get(index);
    }

    @Override
    public int size() {
        return files.size();
    }

    @Override
    public EventStream events(int index) {
        try {
            EventStream ev = reader.read(files.get(index));
            if (ev.size() == 0) {
                throw EventFormatException.ofFile(files.get(index), "recording has no events (0-byte or header-only "
                        + "file, e.g. an interrupted download); --skip-empty skips such recordings");
            }
            if (ev.width() > width || ev.height() > height) {
                throw EventFormatException.ofFile(files.get(index), "recording is " + ev.width() + "x" + ev.height()
                        + ", larger than the dataset's " + width + "x" + height);
            }
            return new EventStream(ev.timestamps(), ev.xs(), ev.ys(), ev.polarities(), width, height, ev.metadata());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int label(int index) {
        return labels.get(index);
    }

    @Override
    public List<String> classNames() {
        return List.copyOf(classes);
    }

    @Override
    public String clipId(int index) {
        return idPrefix + root.relativize(files.get(index)).toString().replace('\\', '/');
    }

    @Override
    public long sourceStamp(int index) {
        try {
            Path f = files.get(index);
            return Files.size(f) * 31 + Files.getLastModifiedTime(f).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }
}
