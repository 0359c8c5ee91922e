package org.snn4j.data.iterator;

import org.snn4j.data.cache.FrameCache;
import org.snn4j.data.events.EventDataset;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.Frames;

/** Where an iterator gets a clip's frames: integrated on the fly, or through the on-disk {@link FrameCache}. */
@FunctionalInterface
public interface FrameSource {
    Frames frames(EventDataset data, int index);

    /** Integrates each clip when asked. */
    static FrameSource direct(FrameSpec spec) {
        return (data, index) -> spec.integrate(data.events(index));
    }

    /** Reads converted frames from {@code cache} (converting on a miss). Do not combine with event augmentation. */
    static FrameSource cached(FrameCache cache, String datasetName, FrameSpec spec) {
        return (data, index) -> cache.getOrCompute(datasetName, data, index, spec);
    }
}
