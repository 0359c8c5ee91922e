package org.snn4j.data.frames;

import org.snn4j.data.events.EventStream;

import java.util.Arrays;

/**
 * Integrates events into frames of per-pixel event counts. Default layout: 2 polarity channels, channel 0
 * counts events with p == 0, channel 1 those with p == 1, at [y, x]; output {@code [frames][C][H][W]}
 * flattened row-major, as SpikingJelly's {@code integrate_events_*} functions (checked against
 * shared/reference/integrate_events*.json). MA-SNN's code stores [T, pol, x, y]; we keep [y, x] everywhere.
 */
public final class FrameIntegrator {
    private FrameIntegrator() {
    }

    /** Fixed number of frames, split by event count or by time (SpikingJelly semantics; see {@link SplitBy}). */
    public static float[] byFrameCount(EventStream ev, int frames, SplitBy splitBy) {
        return integrate(ev, FrameSpec.frameCount(frames, splitBy)).data();
    }

    /** Frames of {@code spec}. */
    public static Frames integrate(EventStream ev, FrameSpec spec) {
        int[] bounds = switch (spec.mode()) {
            case FRAME_COUNT_BY_NUMBER -> boundsByNumber(ev.size(), spec.frames());
            case FRAME_COUNT_BY_TIME -> boundsByTime(ev.timestamps(), spec.frames());
            case FIXED_DURATION -> boundsByDuration(ev.timestamps(), spec.durationUs());
            case DT_WINDOWS -> boundsByWindows(ev.timestamps(), ev.size() == 0 ? 0 : ev.t(0), spec.durationUs(),
                    spec.frames());
        };
        return fill(ev, bounds, spec);
    }

    /**
     * MA-SNN windows from an explicit start time: frame i holds events with
     * {@code start + i*dt <= t < start + (i+1)*dt} (used by random consecutive slicing and test clips).
     */
    public static Frames dtWindowsFrom(EventStream ev, long startUs, FrameSpec spec) {
        if (spec.mode() != FrameMode.DT_WINDOWS) {
            throw new IllegalArgumentException("dtWindowsFrom needs a DT_WINDOWS spec, got " + spec);
        }
        return fill(ev, boundsByWindows(ev.timestamps(), startUs, spec.durationUs(), spec.frames()), spec);
    }

    /** Event index bounds {@code [start0, end0, start1, end1, ...]}: N // frames per frame, the last takes the rest. */
    static int[] boundsByNumber(int n, int frames) {
        int[] b = new int[2 * frames];
        int d = n / frames;
        for (int i = 0; i < frames; i++) {
            b[2 * i] = i * d;
            b[2 * i + 1] = i == frames - 1 ? n : (i + 1) * d;
        }
        return b;
    }

    /** dt = (t_last - t_first) // frames; frame i takes t_first + i*dt <= t < t_first + (i+1)*dt, the last to the end. */
    static int[] boundsByTime(long[] t, int frames) {
        int n = t.length;
        int[] b = new int[2 * frames];
        if (n == 0) {
            return b;
        }
        long t0 = t[0];
        long dt = (t[n - 1] - t0) / frames;
        int j = 0;
        for (int i = 0; i < frames; i++) {
            b[2 * i] = j;
            j = i == frames - 1 ? n : lowerBound(t, j, t0 + (i + 1) * dt);
            b[2 * i + 1] = j;
        }
        return b;
    }

    /** A frame starts at the first unused event t_l and takes every event with t - t_l <= duration (inclusive). */
    static int[] boundsByDuration(long[] t, long duration) {
        int n = t.length;
        int[] b = new int[16];
        int k = 0;
        int left = 0;
        while (left < n) {
            int right = upperBound(t, left, t[left] + duration);
            if (k + 2 > b.length) {
                b = Arrays.copyOf(b, b.length * 2);
            }
            b[k++] = left;
            b[k++] = right;
            left = right;
        }
        return Arrays.copyOf(b, k);
    }

    static int[] boundsByWindows(long[] t, long start, long dt, int frames) {
        int[] b = new int[2 * frames];
        int j = lowerBound(t, 0, start);
        for (int i = 0; i < frames; i++) {
            b[2 * i] = j;
            j = lowerBound(t, j, start + (i + 1) * dt);
            b[2 * i + 1] = j;
        }
        return b;
    }

    /** First index >= from with t[index] >= value (t sorted). */
    static int lowerBound(long[] t, int from, long value) {
        int lo = from;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] < value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index >= from with t[index] > value. */
    static int upperBound(long[] t, int from, long value) {
        int lo = from;
        int hi = t.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (t[mid] <= value) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static Frames fill(EventStream ev, int[] bounds, FrameSpec spec) {
        int frames = bounds.length / 2;
        int h = spec.outHeight(ev.height());
        int w = spec.outWidth(ev.width());
        int c = spec.channels();
        float[] out = new float[frames * c * h * w];
        for (int i = 0; i < frames; i++) {
            accumulate(ev, bounds[2 * i], bounds[2 * i + 1], out, i * c * h * w, w, h * w, spec);
        }
        if (spec.binarise()) {
            for (int i = 0; i < out.length; i++) {
                out[i] = out[i] > 0 ? 1f : 0f;
            }
        }
        return new Frames(out, frames, c, h, w);
    }

    /** Adds the counts of events [from, to) into the frame at {@code base}. */
    private static void accumulate(EventStream ev, int from, int to, float[] out, int base, int w, int plane, FrameSpec spec) {
        int[] xs = ev.xs();
        int[] ys = ev.ys();
        byte[] ps = ev.polarities();
        int polStride = spec.mergePolarity() ? 0 : plane;
        int ds = spec.downsample();
        if (ds == 1) {
            for (int k = from; k < to; k++) {
                out[base + ps[k] * polStride + ys[k] * w + xs[k]] += 1f;
            }
        } else {
            // lookup tables instead of two integer divisions per event
            int[] col = new int[ev.width()];
            int[] row = new int[ev.height()];
            for (int x = 0; x < col.length; x++) {
                col[x] = x / ds;
            }
            for (int y = 0; y < row.length; y++) {
                row[y] = (y / ds) * w;
            }
            for (int k = from; k < to; k++) {
                out[base + ps[k] * polStride + row[ys[k]] + col[xs[k]]] += 1f;
            }
        }
    }

    /** Adds the counts of events [from, to) into frame {@code frame} of {@code out} (2 channels, full size). */
    public static void accumulate(EventStream ev, int from, int to, float[] out, int frame) {
        int plane = ev.height() * ev.width();
        accumulate(ev, from, to, out, frame * 2 * plane, ev.width(), plane, FrameSpec.frameCount(1, SplitBy.NUMBER));
    }
}
