package org.snn4j.data.augment;

import org.snn4j.data.events.EventStream;

import java.util.SplittableRandom;

/**
 * Random horizontal flip and integer translation with <b>one draw per clip</b>, so every frame and both
 * polarities move together: SMA-AZO's CIFAR10-DVS recipe (RandomHorizontalFlip(0.5) + RandomAffine
 * translate ±5 px, fill 0, applied to the whole clip). On events: {@code x' = W-1-x} when flipped, then
 * {@code (x', y') += (dx, dy)} with dx, dy uniform in [-maxShift, maxShift]; events pushed off the sensor
 * are dropped (the "fill 0" of the frame version).
 */
public final class FlipTranslate implements EventAugmentation {
    private final double flipProbability;
    private final int maxShift;

    public FlipTranslate(double flipProbability, int maxShift) {
        if (flipProbability < 0 || flipProbability > 1 || maxShift < 0) {
            throw new IllegalArgumentException("flip probability in [0,1] and shift >= 0 required");
        }
        this.flipProbability = flipProbability;
        this.maxShift = maxShift;
    }

    /** SMA-AZO CIFAR10-DVS: flip 0.5, ±5 px. */
    public static FlipTranslate smaAzoCifar10Dvs() {
        return new FlipTranslate(0.5, 5);
    }

    @Override
    public EventStream apply(EventStream ev, SplittableRandom rnd) {
        boolean flip = rnd.nextDouble() < flipProbability;
        int dx = maxShift == 0 ? 0 : rnd.nextInt(-maxShift, maxShift + 1);
        int dy = maxShift == 0 ? 0 : rnd.nextInt(-maxShift, maxShift + 1);
        return transform(ev, flip, dx, dy);
    }

    /** The deterministic transform for one draw. */
    public static EventStream transform(EventStream ev, boolean flip, int dx, int dy) {
        int n = ev.size();
        int w = ev.width();
        int h = ev.height();
        int[] xs = new int[n];
        int[] ys = new int[n];
        boolean[] keep = new boolean[n];
        for (int i = 0; i < n; i++) {
            int x = (flip ? w - 1 - ev.x(i) : ev.x(i)) + dx;
            int y = ev.y(i) + dy;
            xs[i] = x;
            ys[i] = y;
            keep[i] = x >= 0 && x < w && y >= 0 && y < h;
        }
        return EventFilter.keep(ev, keep, xs, ys);
    }
}
