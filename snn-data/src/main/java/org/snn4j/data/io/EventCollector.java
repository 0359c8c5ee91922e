package org.snn4j.data.io;

import org.snn4j.data.events.EventColumns;
import org.snn4j.data.events.EventStream;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Growable event columns filled by a reader, validating each event against the sensor and the time order
 * according to {@link ReadOptions}. With a sensor size of -1 the size is inferred (max coordinate + 1),
 * for formats such as N-Caltech101 whose recordings have no fixed size.
 */
public final class EventCollector {
    private final Path file;
    private final int width;
    private final int height;
    private final ReadOptions options;
    private final EventColumns events = new EventColumns();
    private long lastT = Long.MIN_VALUE;
    private int maxX = -1;
    private int maxY = -1;
    private long droppedOutOfSensor;
    private long droppedTimeReversed;

    public EventCollector(Path file, int width, int height, ReadOptions options) {
        this.file = file;
        this.width = width;
        this.height = height;
        this.options = options;
    }

    /** Adds one event decoded at byte {@code offset} (used only for error messages). */
    public void add(long ts, int px, int py, int pol, long offset) throws EventFormatException {
        if ((pol & ~1) != 0) {
            throw EventFormatException.atByte(file, offset, "polarity " + pol + ", expected 0 or 1");
        }
        if (px < 0 || py < 0 || (width >= 0 && px >= width) || (height >= 0 && py >= height)) {
            if (options.outOfSensor() == BadEventPolicy.FAIL) {
                throw EventFormatException.atByte(file, offset, "event at (x=" + px + ", y=" + py
                        + ") outside the " + width + "x" + height + " sensor");
            }
            droppedOutOfSensor++;
            return;
        }
        if (ts < lastT) {
            if (options.timeReversed() == BadEventPolicy.FAIL) {
                throw EventFormatException.atByte(file, offset, "timestamp " + ts + " us is earlier than the previous event's "
                        + lastT + " us (timestamps must not decrease)");
            }
            droppedTimeReversed++;
            return;
        }
        lastT = ts;
        events.add(ts, px, py, pol);
        if (px > maxX) {
            maxX = px;
        }
        if (py > maxY) {
            maxY = py;
        }
    }

    public int size() {
        return events.size();
    }

    /** The collected events; metadata gets {@code file} and the {@code dropped.*} counters. */
    public EventStream build(Map<String, String> metadata) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        meta.put("file", String.valueOf(file));
        meta.put("dropped.outOfSensor", Long.toString(droppedOutOfSensor));
        meta.put("dropped.timeReversed", Long.toString(droppedTimeReversed));
        int w = width >= 0 ? width : maxX + 1;
        int h = height >= 0 ? height : maxY + 1;
        return events.toStream(w, h, meta);
    }
}
