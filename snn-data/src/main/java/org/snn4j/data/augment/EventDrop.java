package org.snn4j.data.augment;

import org.snn4j.data.events.EventStream;

import java.util.SplittableRandom;

/** Drops each event independently with probability {@code rate} (EventDrop's "random drop", Gu et al. 2021). */
public final class EventDrop implements EventAugmentation {
    private final double rate;

    public EventDrop(double rate) {
        if (rate < 0 || rate >= 1) {
            throw new IllegalArgumentException("drop rate must be in [0, 1), got " + rate);
        }
        this.rate = rate;
    }

    @Override
    public EventStream apply(EventStream ev, SplittableRandom rnd) {
        boolean[] keep = new boolean[ev.size()];
        for (int i = 0; i < keep.length; i++) {
            keep[i] = rnd.nextDouble() >= rate;
        }
        return EventFilter.keep(ev, keep, ev.xs(), ev.ys());
    }
}
