package org.snn4j.data.frames;

import org.snn4j.data.events.EventStream;

/**
 * Integrates events into frames of per-pixel event counts, with 2 polarity channels: channel 0 counts
 * events with p == 0, channel 1 those with p == 1, at [y, x]. Output layout is {@code [frames][2][H][W]}
 * flattened row-major, the same as SpikingJelly's {@code integrate_events_by_fixed_frames_number}.
 */
public final class FrameIntegrator {
    private FrameIntegrator() {
    }

    /** Fixed number of frames, split by event count or by time (SpikingJelly semantics; see {@link SplitBy}). */
    public static float[] byFrameCount(EventStream ev, int frames, SplitBy splitBy) {
        if (frames <= 0) {
            throw new IllegalArgumentException("frames must be > 0, got " + frames);
        }
        int n = ev.size();
        int[] start = new int[frames];
        int[] end = new int[frames];
        if (splitBy == SplitBy.NUMBER) {
            int d = n / frames;
            for (int i = 0; i < frames; i++) {
                start[i] = i * d;
                end[i] = i == frames - 1 ? n : (i + 1) * d;
            }
        } else {
            long[] t = ev.timestamps();
            if (n == 0) {
                return new float[frames * 2 * ev.height() * ev.width()];
            }
            long t0 = t[0];
            long dt = (t[n - 1] - t0) / frames;
            int j = 0;
            for (int i = 0; i < frames; i++) {
                start[i] = j;
                if (i == frames - 1) {
                    j = n;
                } else {
                    long limit = t0 + (i + 1) * dt;
                    while (j < n && t[j] < limit) {
                        j++;
                    }
                }
                end[i] = j;
            }
        }
        float[] out = new float[frames * 2 * ev.height() * ev.width()];
        for (int i = 0; i < frames; i++) {
            accumulate(ev, start[i], end[i], out, i);
        }
        return out;
    }

    /** Adds the counts of events [from, to) into frame {@code frame} of {@code out}. */
    public static void accumulate(EventStream ev, int from, int to, float[] out, int frame) {
        int w = ev.width();
        int plane = ev.height() * w;
        int base = frame * 2 * plane;
        int[] xs = ev.xs();
        int[] ys = ev.ys();
        byte[] ps = ev.polarities();
        for (int k = from; k < to; k++) {
            out[base + ps[k] * plane + ys[k] * w + xs[k]] += 1f;
        }
    }
}
