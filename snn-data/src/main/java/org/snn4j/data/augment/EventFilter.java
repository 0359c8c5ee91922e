package org.snn4j.data.augment;

import org.snn4j.data.events.EventStream;

import java.util.Arrays;

/** Builds a new stream from kept and re-addressed events (shared by the event augmentations). */
final class EventFilter {
    private EventFilter() {
    }

    /** Keeps events with {@code keep[i]}, replacing x and y by the given arrays (which may be the originals). */
    static EventStream keep(EventStream ev, boolean[] keep, int[] xs, int[] ys) {
        int n = 0;
        for (boolean k : keep) {
            n += k ? 1 : 0;
        }
        long[] t = new long[n];
        int[] x = new int[n];
        int[] y = new int[n];
        byte[] p = new byte[n];
        int j = 0;
        for (int i = 0; i < keep.length; i++) {
            if (keep[i]) {
                t[j] = ev.t(i);
                x[j] = xs[i];
                y[j] = ys[i];
                p[j] = ev.polarities()[i];
                j++;
            }
        }
        return new EventStream(t, x, y, p, ev.width(), ev.height(), ev.metadata());
    }

    static boolean[] all(int n) {
        boolean[] k = new boolean[n];
        Arrays.fill(k, true);
        return k;
    }
}
