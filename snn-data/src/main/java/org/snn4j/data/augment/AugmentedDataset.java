package org.snn4j.data.augment;

import org.snn4j.data.events.EventDataset;
import org.snn4j.data.events.EventStream;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Applies event augmentations, in order, to every clip of a base dataset. The draw for clip i in epoch e
 * comes from {@code SplittableRandom(mix(seed, e, i))}: reproducible, independent of the order clips are
 * visited, and different each epoch ({@link org.snn4j.data.iterator.FrameDataSetIterator} sets the epoch).
 * Use on training sets only.
 */
public final class AugmentedDataset implements EventDataset, EpochAware {
    private final EventDataset base;
    private final long seed;
    private final List<EventAugmentation> augmentations;
    private volatile int epoch;

    public AugmentedDataset(EventDataset base, long seed, EventAugmentation... augmentations) {
        this.base = base;
        this.seed = seed;
        this.augmentations = List.of(augmentations);
    }

    @Override
    public void setEpoch(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public EventStream events(int index) {
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch * 0xC2B2AE3D27D4EB4FL + index);
        EventStream ev = base.events(index);
        for (EventAugmentation a : augmentations) {
            ev = a.apply(ev, rnd);
        }
        return ev;
    }

    @Override
    public int size() {
        return base.size();
    }

    @Override
    public int label(int index) {
        return base.label(index);
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public String clipId(int index) {
        return base.clipId(index);
    }

    @Override
    public String recordingId(int index) {
        return base.recordingId(index);
    }

    @Override
    public String origin(int index) {
        return base.origin(index);
    }

    @Override
    public org.snn4j.data.events.Skipped skipped() {
        return base.skipped();
    }

    @Override
    public long sourceStamp(int index) {
        return base.sourceStamp(index);
    }

    @Override
    public int width() {
        return base.width();
    }

    @Override
    public int height() {
        return base.height();
    }
}
