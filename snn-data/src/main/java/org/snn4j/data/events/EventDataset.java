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

    /** Sensor width in pixels (all clips). */
    int width();

    /** Sensor height in pixels (all clips). */
    int height();
}
