package org.snn4j.data.split;

import org.snn4j.data.events.EventDataset;
import org.snn4j.data.events.EventStream;

import java.util.List;

/** The clips of a base dataset at the given indices, in that order (a view; nothing is copied). */
public final class SubsetDataset implements EventDataset {
    private final EventDataset base;
    private final int[] indices;

    public SubsetDataset(EventDataset base, int[] indices) {
        for (int i : indices) {
            if (i < 0 || i >= base.size()) {
                throw new IndexOutOfBoundsException("clip " + i + " outside [0, " + base.size() + ")");
            }
        }
        this.base = base;
        this.indices = indices.clone();
    }

    public EventDataset base() {
        return base;
    }

    /** The base index of clip {@code i}. */
    public int baseIndex(int i) {
        return indices[i];
    }

    @Override
    public int size() {
        return indices.length;
    }

    @Override
    public EventStream events(int index) {
        return base.events(indices[index]);
    }

    @Override
    public int label(int index) {
        return base.label(indices[index]);
    }

    @Override
    public List<String> classNames() {
        return base.classNames();
    }

    @Override
    public String clipId(int index) {
        return base.clipId(indices[index]);
    }

    @Override
    public String recordingId(int index) {
        return base.recordingId(indices[index]);
    }

    @Override
    public String origin(int index) {
        return base.origin(indices[index]);
    }

    @Override
    public org.snn4j.data.events.Skipped skipped() {
        return base.skipped();
    }

    @Override
    public long sourceStamp(int index) {
        return base.sourceStamp(indices[index]);
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
