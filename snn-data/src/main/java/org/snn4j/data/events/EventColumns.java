package org.snn4j.data.events;

import java.util.Arrays;
import java.util.Map;

/**
 * Growable (t, x, y, p) columns for code that produces events one at a time (readers, simulators),
 * turned into an {@link EventStream} at the end.
 */
public final class EventColumns {
    private long[] t = new long[4096];
    private int[] x = new int[4096];
    private int[] y = new int[4096];
    private byte[] p = new byte[4096];
    private int n;

    public void add(long ts, int px, int py, int pol) {
        if (n == t.length) {
            int cap = 2 * n;
            t = Arrays.copyOf(t, cap);
            x = Arrays.copyOf(x, cap);
            y = Arrays.copyOf(y, cap);
            p = Arrays.copyOf(p, cap);
        }
        t[n] = ts;
        x[n] = px;
        y[n] = py;
        p[n] = (byte) pol;
        n++;
    }

    public int size() {
        return n;
    }

    /**
     * Stable sort of events [from, size()) by time. Insertion sort: callers sort one short, nearly ordered
     * time slice at a time (e.g. one simulation step), where it beats a general sort.
     */
    public void sortByTimeFrom(int from) {
        for (int i = from + 1; i < n; i++) {
            long tv = t[i];
            int xv = x[i];
            int yv = y[i];
            byte pv = p[i];
            int j = i - 1;
            while (j >= from && t[j] > tv) {
                t[j + 1] = t[j];
                x[j + 1] = x[j];
                y[j + 1] = y[j];
                p[j + 1] = p[j];
                j--;
            }
            t[j + 1] = tv;
            x[j + 1] = xv;
            y[j + 1] = yv;
            p[j + 1] = pv;
        }
    }

    public EventStream toStream(int width, int height, Map<String, String> metadata) {
        return new EventStream(Arrays.copyOf(t, n), Arrays.copyOf(x, n), Arrays.copyOf(y, n), Arrays.copyOf(p, n),
                width, height, metadata);
    }
}
