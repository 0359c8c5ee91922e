package org.snn4j.data.augment;

import org.snn4j.data.events.EventStream;

import java.util.SplittableRandom;

/** A random transform of one clip's events. All randomness comes from {@code rnd}, so results are seeded. */
@FunctionalInterface
public interface EventAugmentation {
    EventStream apply(EventStream ev, SplittableRandom rnd);
}
