package org.snn4j.data.datasets;

import org.snn4j.data.events.EventDataset;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.events.Skipped;
import org.snn4j.data.io.EmptyFiles;
import org.snn4j.data.io.Printable;
import org.snn4j.data.io.RegularFiles;
import org.snn4j.data.io.Aedat3Reader;
import org.snn4j.data.io.EventFileReader;
import org.snn4j.data.io.EventFormatException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
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
 * <p>Errors: a missing split list or label file, a recording listed twice, a label row outside the recording
 * or ending after its last event (truncated recording), or a clip without events raises
 * {@link EventFormatException} naming the file and line; with {@code skipEmpty} the last three are skipped
 * and listed in {@link #skipped()} instead. Recordings are decoded lazily; the
 * last one is cached because clips of one recording are consecutive.
 */
public final class DvsGestureDataset implements EventDataset {
    public static final List<String> CLASS_NAMES = List.of("hand_clapping", "right_hand_wave", "left_hand_wave",
            "right_arm_clockwise", "right_arm_counter_clockwise", "left_arm_clockwise", "left_arm_counter_clockwise",
            "arm_roll", "air_drums", "air_guitar", "other_gestures");
    public static final int SIZE = 128;

    private record Clip(Path recording, Path labels, int label, long startUs, long endUs, int line, Path list, int listLine) {
    }

    /** Added to the errors that {@code skipEmpty} (snn convert/train --skip-empty) turns into skips. */
    static final String SKIP_HINT = "; --skip-empty skips such recordings and clips";

    private final Path root;
    private final boolean includeOther;
    private final EventFileReader reader;
    private final List<Clip> clips = new ArrayList<>();
    private final Skipped skipped;
    private Path cachedPath;
    private EventStream cachedRecording;

    public DvsGestureDataset(Path root, boolean train, boolean includeOther) throws IOException {
        this(root, train, includeOther, Aedat3Reader.dvsGesture());
    }

    public DvsGestureDataset(Path root, boolean train, boolean includeOther, EventFileReader reader) throws IOException {
        this(root, train, includeOther, reader, false);
    }

    /**
     * @param skipEmpty false (the default): a recording without events, or a label row past its recording's end,
     *                  is an error when the clip is read; true: every listed recording is decoded once here and such
     *                  recordings and clips are left out and listed in {@link #skipped()}
     */
    public DvsGestureDataset(Path root, boolean train, boolean includeOther, EventFileReader reader, boolean skipEmpty)
            throws IOException {
        this.root = root;
        this.includeOther = includeOther;
        this.reader = reader;
        Path list = root.resolve(train ? "trials_to_train.txt" : "trials_to_test.txt");
        if (!Files.exists(list)) {
            throw EventFormatException.ofFile(list, "official split list missing: DVS128 Gesture needs "
                    + "trials_to_train.txt and trials_to_test.txt in the dataset folder");
        }
        RegularFiles.require(list);
        List<String> names = Files.readAllLines(list, StandardCharsets.ISO_8859_1);
        Map<String, Integer> listed = new HashMap<>();
        List<String> skippedNames = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i).trim();
            if (name.isEmpty()) {
                continue;
            }
            Integer before = listed.putIfAbsent(name, i + 1);
            if (before != null) {
                throw EventFormatException.atLine(list, i + 1, "recording '" + Printable.quote(name) + "' is listed twice (lines "
                        + before + " and " + (i + 1) + "); each recording must appear once");
            }
            Path rec = root.resolve(name);
            if (!name.endsWith(".aedat") || !Files.exists(rec)) {
                throw EventFormatException.atLine(list, i + 1, "listed recording '" + Printable.quote(name)
                        + "' is not an existing .aedat file in " + root);
            }
            RegularFiles.require(rec);
            Path labels = root.resolve(name.substring(0, name.length() - ".aedat".length()) + "_labels.csv");
            List<Clip> recClips = new ArrayList<>();
            for (GestureLabelFile.Row r : GestureLabelFile.read(labels)) {
                if (r.gestureClass() == CLASS_NAMES.size() && !includeOther) {
                    continue;
                }
                recClips.add(new Clip(rec, labels, r.gestureClass() - 1, r.startUs(), r.endUs(), r.line(), list, i + 1));
            }
            if (skipEmpty && !recClips.isEmpty()) {
                EventStream events = EmptyFiles.hasNoEventRecords(rec) ? null : reader.read(rec);
                if (events == null || events.size() == 0) {
                    skippedNames.add(name + " (no events)");
                    continue;
                }
                List<Clip> kept = new ArrayList<>();
                for (Clip c : recClips) {
                    if (problem(events.timestamps(), c) == null) {
                        kept.add(c);
                    } else {
                        skippedNames.add(name + "#" + c.line() + " (" + problem(events.timestamps(), c) + ")");
                    }
                }
                recClips = kept;
            }
            clips.addAll(recClips);
        }
        this.skipped = new Skipped("empty or truncated recordings or clips", skippedNames);
        if (clips.isEmpty()) {
            throw EventFormatException.ofFile(list, "lists no recording with labelled gestures"
                    + (skippedNames.isEmpty() ? "" : " (" + skipped.describe() + ")"));
        }
    }

    /** Why clip {@code c} cannot be cut from a recording with timestamps {@code t}, or null when it can. */
    private static String problem(long[] t, Clip c) {
        if (t.length == 0) {
            return "the recording " + c.recording().getFileName() + " has no events (0-byte or header-only file)";
        }
        long last = t[t.length - 1];
        if (c.startUs() > last || c.endUs() <= t[0]) {
            return "gesture [" + c.startUs() + ", " + c.endUs() + ") us lies outside the recording "
                    + c.recording().getFileName() + " [" + t[0] + ", " + last + "] us";
        }
        if (c.endUs() > last + 1) {
            return "gesture [" + c.startUs() + ", " + c.endUs() + ") us ends after the last event of the recording "
                    + c.recording().getFileName() + " at " + last + " us (truncated recording?)";
        }
        if (lowerBound(t, c.startUs()) == lowerBound(t, c.endUs())) {
            return "gesture [" + c.startUs() + ", " + c.endUs() + ") us contains no events (empty clip)";
        }
        return null;
    }

    /** Recordings and clips left out because {@code skipEmpty} was set (empty when it was not). */
    @Override
    public Skipped skipped() {
        return skipped;
    }

    @Override
    public String recordingId(int index) {
        return root.relativize(clips.get(index).recording()).toString().replace('\\', '/');
    }

    /** The trial list and its line that named the clip's recording, e.g. "/data/trials_to_train.txt line 3". */
    @Override
    public String origin(int index) {
        Clip c = clips.get(index);
        return c.list() + " line " + c.listLine();
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
            String problem = problem(t, c);
            if (problem != null) {
                throw EventFormatException.atLine(c.labels(), c.line(), problem + SKIP_HINT);
            }
            int from = lowerBound(t, c.startUs());
            int to = lowerBound(t, c.endUs());
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
