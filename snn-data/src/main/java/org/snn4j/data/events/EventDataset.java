package org.snn4j.data.events;

import java.util.List;

/** A labelled collection of event recordings (one clip per index). Implementations may load lazily. */
public interface EventDataset {
    /** Number of clips. */
    int size();

    /** The events of clip {@code index}. */
    EventStream events(int index);

    /** The 0-based class of clip {@code index}. */
    int label(int index);

    /** Class names, index = class id. */
    List<String> classNames();

    default int numClasses() {
        return classNames().size();
    }

    /**
     * A stable identifier of clip {@code index} that does not depend on the index (e.g. the file path
     * relative to the dataset root, plus the time range for clips cut from a recording). Split files and
     * the frame cache are keyed by it. Default: the index, for datasets without files.
     */
    default String clipId(int index) {
        return "clip-" + index;
    }

    /**
     * A fingerprint of the clip's source (file size and modification time for file-backed datasets) so a
     * cache can tell that a file changed. Default 0: sources that never change (generated data).
     */
    default long sourceStamp(int index) {
        return 0;
    }

    /**
     * The recording clip {@code index} was cut from (file path relative to the dataset root). Two clips of one
     * recording must never be split between training and test ({@code TrainTest} checks). Default: the clip id.
     */
    default String recordingId(int index) {
        return clipId(index);
    }

    /** Where clip {@code index} was listed, for error messages (e.g. "/data/trials_to_train.txt line 3"). */
    default String origin(int index) {
        return "clip '" + clipId(index) + "'";
    }

    /** Recordings or clips left out because they were empty or truncated (only when asked to skip them). */
    default Skipped skipped() {
        return Skipped.NONE;
    }

    /** Sensor width in pixels (all clips). */
    int width();

    /** Sensor height in pixels (all clips). */
    int height();
}
