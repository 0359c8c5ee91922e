package org.snn4j.data.split;

import org.snn4j.data.events.EventDataset;

import java.util.HashMap;
import java.util.Map;

/**
 * A train/test pair whose construction proves that no test data is in the training set. Every path that
 * builds a pair (snn convert, snn train/eval through ExperimentData, {@link Split#apply}, the official splits)
 * goes through this check:
 * <ul>
 * <li>no recording ({@link EventDataset#recordingId}) in both parts, so no clip of a training recording is
 *     tested (for class-folder datasets the recording is the clip);</li>
 * <li>no clip id twice in one part;</li>
 * <li>the same class names at the same label index in both parts (one part may lack trailing classes).</li>
 * </ul>
 * Violations raise {@link SplitLeakException} naming the recording and where each copy was listed
 * ({@link EventDataset#origin}, e.g. the two DVS Gesture trial list files).
 */
public record TrainTest(EventDataset train, EventDataset test) {
    public TrainTest {
        check(train, test);
    }

    /** The checks of the class comment, without building a pair. */
    public static void check(EventDataset train, EventDataset test) {
        noDuplicates(train, "training");
        noDuplicates(test, "test");
        Map<String, Integer> trainRecordings = new HashMap<>();
        for (int i = 0; i < train.size(); i++) {
            trainRecordings.putIfAbsent(train.recordingId(i), i);
        }
        for (int i = 0; i < test.size(); i++) {
            Integer j = trainRecordings.get(test.recordingId(i));
            if (j != null) {
                throw new SplitLeakException("recording '" + test.recordingId(i) + "' is in both the training part ("
                        + train.origin(j) + ") and the test part (" + test.origin(i) + "): train/test leak; list each "
                        + "recording in one part only");
            }
        }
        java.util.List<String> a = train.classNames();
        java.util.List<String> b = test.classNames();
        int common = Math.min(a.size(), b.size());
        if (!a.subList(0, common).equals(b.subList(0, common))) {
            // labels are indices into each part's class list: the shared indices must name the same classes
            throw new SplitLeakException("train and test class lists differ: " + a + " vs " + b
                    + " (label i must name the same class in both parts)");
        }
    }

    private static void noDuplicates(EventDataset ds, String part) {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < ds.size(); i++) {
            Integer first = seen.putIfAbsent(ds.clipId(i), i);
            if (first != null) {
                throw new SplitLeakException("clip '" + ds.clipId(i) + "' appears twice in the " + part + " part ("
                        + ds.origin(first) + " and " + ds.origin(i) + ")");
            }
        }
    }
}
