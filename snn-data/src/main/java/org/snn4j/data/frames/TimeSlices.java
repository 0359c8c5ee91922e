package org.snn4j.data.frames;

import org.snn4j.data.events.EventStream;

import java.util.SplittableRandom;

/**
 * Where MA-SNN (MA-SNN's loaders) places its T·dt windows inside a sample. Training "random consecutive
 * slice" (RCS): a start uniform in {@code [t_begin, t_end - T·dt)}. Testing: {@code clips} windows of
 * length T·dt whose starts are spread evenly from t_begin to t_end - T·dt (overlapping when the sample is
 * short, leaving gaps when it is long); a sample counts as correct when more than half of its clips are.
 * Use the starts with {@link FrameIntegrator#dtWindowsFrom}.
 */
public final class TimeSlices {
    private TimeSlices() {
    }

    /** RCS start; t_begin when the sample is shorter than the window. */
    public static long randomStart(EventStream ev, long windowUs, SplittableRandom rnd) {
        if (ev.size() == 0) {
            return 0;
        }
        long first = ev.t(0);
        long room = ev.t(ev.size() - 1) - first - windowUs;
        return room <= 0 ? first : first + rnd.nextLong(room);
    }

    /** Evenly spread test-clip starts (MA-SNN uses clips = 10). */
    public static long[] evenStarts(EventStream ev, long windowUs, int clips) {
        if (clips <= 0) {
            throw new IllegalArgumentException("clips must be > 0, got " + clips);
        }
        long[] s = new long[clips];
        if (ev.size() == 0) {
            return s;
        }
        long first = ev.t(0);
        long room = Math.max(0, ev.t(ev.size() - 1) - first - windowUs);
        for (int i = 0; i < clips; i++) {
            s[i] = first + (clips == 1 ? 0 : room * i / (clips - 1));
        }
        return s;
    }
}
