package org.snn4j.data.events;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A stream of address events in columns of primitive arrays: timestamp t (microseconds), pixel x and
 * y, polarity p (1 = ON / brightness increase, 0 = OFF), on a sensor of {@code width x height}, with
 * free-form metadata (source file, sensor name, label...). Events are in non-decreasing time order.
 */
public final class EventStream {
    private final long[] t;
    private final int[] x;
    private final int[] y;
    private final byte[] p;
    private final int width;
    private final int height;
    private final Map<String, String> metadata;

    public EventStream(long[] t, int[] x, int[] y, byte[] p, int width, int height, Map<String, String> metadata) {
        if (t.length != x.length || t.length != y.length || t.length != p.length) {
            throw new IllegalArgumentException("event columns differ in length: t=" + t.length + " x=" + x.length
                    + " y=" + y.length + " p=" + p.length);
        }
        this.t = t;
        this.x = x;
        this.y = y;
        this.p = p;
        this.width = width;
        this.height = height;
        this.metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    }

    public int size() {
        return t.length;
    }

    public long t(int i) {
        return t[i];
    }

    public int x(int i) {
        return x[i];
    }

    public int y(int i) {
        return y[i];
    }

    public int p(int i) {
        return p[i];
    }

    /** The timestamp column (not copied: do not modify). */
    public long[] timestamps() {
        return t;
    }

    public int[] xs() {
        return x;
    }

    public int[] ys() {
        return y;
    }

    public byte[] polarities() {
        return p;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public Map<String, String> metadata() {
        return metadata;
    }

    /** Events [from, to) as a new stream with the same sensor and metadata. */
    public EventStream slice(int from, int to) {
        return new EventStream(Arrays.copyOfRange(t, from, to), Arrays.copyOfRange(x, from, to),
                Arrays.copyOfRange(y, from, to), Arrays.copyOfRange(p, from, to), width, height, metadata);
    }

    @Override
    public String toString() {
        return "EventStream[" + size() + " events, " + width + "x" + height + ", " + metadata + "]";
    }
}
