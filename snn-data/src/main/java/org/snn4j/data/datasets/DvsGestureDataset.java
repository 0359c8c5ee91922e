package org.snn4j.data.datasets;

import org.snn4j.data.events.EventDataset;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.io.Aedat3Reader;
import org.snn4j.data.io.EventFileReader;
import org.snn4j.data.io.EventFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IBM DVS128 Gesture: the AEDAT 3.1 recordings listed in the official {@code trials_to_train.txt} or
 * {@code trials_to_test.txt} (users 1-23 train, 24-29 test), each cut into one clip per row of its
 * {@code _labels.csv}. A clip holds the events with {@code start <= t < end} (end exclusive, as
 * SpikingJelly's DVS128Gesture; timestamps are kept on the recording's clock). Labels are class - 1;
 * class 11 ("other gestures") is kept only when {@code includeOther} (SpikingJelly and MA-SNN keep it: 11
 * classes).
 *
 * <p>Errors: a missing split list or label file, a label row outside the recording, or a clip without
 * events raises {@link EventFormatException} naming the file and line. Recordings are decoded lazily; the
 * last one is cached because clips of one recording are consecutive.
 */
public final class DvsGestureDataset implements EventDataset {
    public static final List<String> CLASS_NAMES = List.of("hand_clapping", "right_hand_wave", "left_hand_wave",
            "right_arm_clockwise", "right_arm_counter_clockwise", "left_arm_clockwise", "left_arm_counter_clockwise",
            "arm_roll", "air_drums", "air_guitar", "other_gestures");
    public static final int SIZE = 128;

    private record Clip(Path recording, Path labels, int label, long startUs, long endUs, int line) {
    }

    private final Path root;
    private final boolean includeOther;
    private final EventFileReader reader;
    private final List<Clip> clips = new ArrayList<>();
    private Path cachedPath;
    private EventStream cachedRecording;

    public DvsGestureDataset(Path root, boolean train, boolean includeOther) throws IOException {
        this(root, train, includeOther, Aedat3Reader.dvsGesture());
    }

    public DvsGestureDataset(Path root, boolean train, boolean includeOther, EventFileReader reader) throws IOException {
        this.root = root;
        this.includeOther = includeOther;
        this.reader = reader;
        Path list = root.resolve(train ? "trials_to_train.txt" : "trials_to_test.txt");
        if (!Files.isRegularFile(list)) {
            throw EventFormatException.ofFile(list, "official split list missing: DVS128 Gesture needs "
                    + "trials_to_train.txt and trials_to_test.txt in the dataset folder");
        }
        List<String> names = Files.readAllLines(list, StandardCharsets.ISO_8859_1);
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim();
            if (name.isEmpty()) {
                continue;
            }
            Path rec = root.resolve(name);
            if (!name.endsWith(".aedat") || !Files.isRegularFile(rec)) {
                throw EventFormatException.atLine(list, i + 1, "listed recording '" + name + "' is not an existing .aedat file in "
                        + root);
            }
            Path labels = root.resolve(name.substring(0, name.length() - ".aedat".length()) + "_labels.csv");
            for (GestureLabelFile.Row r : GestureLabelFile.read(labels)) {
                if (r.gestureClass() == CLASS_NAMES.size() && !includeOther) {
                    continue;
                }
                clips.add(new Clip(rec, labels, r.gestureClass() - 1, r.startUs(), r.endUs(), r.line()));
            }
        }
        if (clips.isEmpty()) {
            throw EventFormatException.ofFile(list, "lists no recording with labelled gestures");
        }
    }

    @Override
    public int size() {
        return clips.size();
    }

    @Override
    public EventStream events(int index) {
        Clip c = clips.get(index);
        try {
            EventStream rec = recording(c.recording());
            long[] t = rec.timestamps();
            if (t.length == 0 || c.startUs() > t[t.length - 1] || c.endUs() <= t[0]) {
                throw EventFormatException.atLine(c.labels(), c.line(), "gesture [" + c.startUs() + ", " + c.endUs()
                        + ") us lies outside the recording " + c.recording().getFileName() + (t.length == 0 ? " (no events)"
                        : " [" + t[0] + ", " + t[t.length - 1] + "] us"));
            }
            int from = lowerBound(t, c.startUs());
            int to = lowerBound(t, c.endUs());
            if (from == to) {
                throw EventFormatException.atLine(c.labels(), c.line(), "gesture [" + c.startUs() + ", " + c.endUs()
                        + ") us contains no events (empty clip)");
            }
            Map<String, String> meta = new LinkedHashMap<>(rec.metadata());
            meta.put("clip", clipId(index));
            meta.put("class", CLASS_NAMES.get(c.label()));
            EventStream s = rec.slice(from, to);
            return new EventStream(s.timestamps(), s.xs(), s.ys(), s.polarities(), SIZE, SIZE, meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private synchronized EventStream recording(Path p) throws IOException {
        if (!p.equals(cachedPath)) {
            cachedRecording = reader.read(p);
            cachedPath = p;
        }
        return cachedRecording;
    }

    private static int lowerBound(long[] t, long v) {
        int lo = 0;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    @Override
    public int label(int index) {
        return clips.get(index).label();
    }

    @Override
    public List<String> classNames() {
        return includeOther ? CLASS_NAMES : CLASS_NAMES.subList(0, CLASS_NAMES.size() - 1);
    }

    /** Recording name and label line, e.g. {@code user01_fluorescent.aedat#3}. */
    @Override
    public String clipId(int index) {
        Clip c = clips.get(index);
        return root.relativize(c.recording()).toString().replace('\\', '/') + "#" + c.line();
    }

    @Override
    public long sourceStamp(int index) {
        Clip c = clips.get(index);
        try {
            return Files.size(c.recording()) * 31 + Files.getLastModifiedTime(c.recording()).toMillis()
                    + 17 * Files.getLastModifiedTime(c.labels()).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public int width() {
        return SIZE;
    }

    @Override
    public int height() {
        return SIZE;
    }
}
