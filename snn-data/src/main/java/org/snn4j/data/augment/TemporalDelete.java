package org.snn4j.data.augment;

import org.snn4j.data.events.EventStream;

import java.util.SplittableRandom;

/**
 * Deletes every event in one random time window whose length is a fraction, uniform in
 * [0, maxFraction], of the clip's duration (EventDrop's "drop by time", Gu et al. 2021).
 */
public final class TemporalDelete implements EventAugmentation {
    private final double maxFraction;

    public TemporalDelete(double maxFraction) {
        if (maxFraction < 0 || maxFraction >= 1) {
            throw new IllegalArgumentException("max fraction must be in [0, 1), got " + maxFraction);
        }
        this.maxFraction = maxFraction;
    }

    @Override
    public EventStream apply(EventStream ev, SplittableRandom rnd) {
        if (ev.size() == 0) {
            return ev;
        }
        long t0 = ev.t(0);
        long span = ev.t(ev.size() - 1) - t0;
        long len = (long) (span * maxFraction * rnd.nextDouble());
        long start = t0 + (long) ((span - len) * rnd.nextDouble());
        boolean[] keep = new boolean[ev.size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = ev.t(i) < start || ev.t(i) >= start + len;
        }
        return EventFilter.keep(ev, keep, ev.xs(), ev.ys());
    }
}
