package org.snn4j.data.synthetic;

import org.snn4j.data.events.EventColumns;
import org.snn4j.data.events.EventDataset;
import org.snn4j.data.events.EventStream;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A built-in event-camera dataset that needs no download: a simulated DVS watching one shape (square
 * or disk, brighter or darker than the background) that moves. 11 classes: translation in 8 directions
 * (0 = right, then counter-clockwise in 45 degree steps), expanding, shrinking, and flickering in place.
 *
 * <p>The sensor emits an ON event where a pixel gets brighter and an OFF event where it gets darker
 * (1 ms simulation steps, jittered timestamps), drops a fraction of events and adds uniform noise
 * events. Because the shape's contrast sign is random, one frame of a rightward bright shape looks
 * like a leftward dark one: the class can only be told from how events move over time, so a single
 * frame or a non-temporal shortcut cannot solve it.
 *
 * <p>Deterministic: clip {@code i} depends only on (seed, i), so any index range is reproducible and
 * disjoint ranges give disjoint clips. Labels cycle (label = i mod 11), so every range is balanced.
 */
public final class SyntheticEventDataset implements EventDataset {
    public static final List<String> CLASS_NAMES = List.of("right", "up-right", "up", "up-left", "left",
            "down-left", "down", "down-right", "expand", "shrink", "flicker");
    public static final int DEFAULT_SIZE = 32;
    private static final int STEPS = 60;
    private static final long STEP_US = 1000;

    private final long seed;
    private final int first;
    private final int count;
    private final int sensor;
    private final double noisePerPixelStep;
    private final double dropRate;

    /** Clips [first, first + count) of the stream defined by {@code seed}, on a sensor x sensor array. */
    public SyntheticEventDataset(long seed, int first, int count, int sensor) {
        this(seed, first, count, sensor, 0.002, 0.1);
    }

    public SyntheticEventDataset(long seed, int first, int count, int sensor, double noisePerPixelStep, double dropRate) {
        if (sensor < 16) {
            throw new IllegalArgumentException("synthetic sensor size must be >= 16, got " + sensor);
        }
        if (first < 0 || count < 0) {
            throw new IllegalArgumentException("bad clip range: first=" + first + " count=" + count);
        }
        this.seed = seed;
        this.first = first;
        this.count = count;
        this.sensor = sensor;
        this.noisePerPixelStep = noisePerPixelStep;
        this.dropRate = dropRate;
    }

    /** The standard train/test pair: test clips come after the train clips of the same stream. */
    public static SyntheticEventDataset train(long seed, int count, int sensor) {
        return new SyntheticEventDataset(seed, 0, count, sensor);
    }

    public static SyntheticEventDataset test(long seed, int trainCount, int count, int sensor) {
        return new SyntheticEventDataset(seed, trainCount, count, sensor);
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public int label(int index) {
        return (first + checkIndex(index)) % CLASS_NAMES.size();
    }

    @Override
    public List<String> classNames() {
        return CLASS_NAMES;
    }

    @Override
    public String clipId(int index) {
        return "synthetic-" + seed + "-" + sensor + "-" + (first + checkIndex(index));
    }

    @Override
    public int width() {
        return sensor;
    }

    @Override
    public int height() {
        return sensor;
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("clip " + index + " outside [0, " + count + ")");
        }
        return index;
    }

    @Override
    public EventStream events(int index) {
        int label = label(index);
        int global = first + index;
        SplittableRandom rnd = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + global);
        Shape shape = Shape.random(rnd, label, sensor);
        int bright = rnd.nextBoolean() ? 1 : 0;
        EventColumns buf = new EventColumns();
        boolean[] prev = shape.mask(0, sensor);
        for (int step = 1; step <= STEPS; step++) {
            int stepStart = buf.size();
            boolean[] cur = shape.mask(step, sensor);
            for (int pix = 0; pix < cur.length; pix++) {
                if (cur[pix] != prev[pix] && rnd.nextDouble() >= dropRate) {
                    // Entering a bright shape raises brightness (ON); leaving lowers it. Dark shapes invert.
                    int polarity = cur[pix] ? bright : 1 - bright;
                    buf.add(timestamp(rnd, step), pix % sensor, pix / sensor, polarity);
                }
            }
            int noise = poisson(rnd, noisePerPixelStep * sensor * sensor);
            for (int k = 0; k < noise; k++) {
                buf.add(timestamp(rnd, step), rnd.nextInt(sensor), rnd.nextInt(sensor), rnd.nextInt(2));
            }
            // Each step's timestamps lie in their own 1 ms slot, so sorting per step sorts the stream.
            buf.sortByTimeFrom(stepStart);
            prev = cur;
        }
        return buf.toStream(sensor, sensor, Map.of("source", "synthetic", "seed", Long.toString(seed),
                "clip", Integer.toString(global), "class", CLASS_NAMES.get(label)));
    }

    private static long timestamp(SplittableRandom rnd, int step) {
        return (step - 1) * STEP_US + rnd.nextLong(STEP_US);
    }

    private static int poisson(SplittableRandom rnd, double mean) {
        double l = Math.exp(-mean);
        int k = 0;
        double prod = rnd.nextDouble();
        while (prod > l) {
            k++;
            prod *= rnd.nextDouble();
        }
        return k;
    }

    /** Geometry and motion of the simulated object. */
    private static final class Shape {
        final boolean disk;
        final double cx;
        final double cy;
        final double vx;
        final double vy;
        final double r0;
        final double dr;
        final int flickerPeriod;

        private Shape(boolean disk, double cx, double cy, double vx, double vy, double r0, double dr, int flickerPeriod) {
            this.disk = disk;
            this.cx = cx;
            this.cy = cy;
            this.vx = vx;
            this.vy = vy;
            this.r0 = r0;
            this.dr = dr;
            this.flickerPeriod = flickerPeriod;
        }

        static Shape random(SplittableRandom rnd, int label, int sensor) {
            boolean disk = rnd.nextBoolean();
            double mid = sensor / 2.0;
            double jitter = sensor / 10.0;
            double cx = mid + (rnd.nextDouble() * 2 - 1) * jitter;
            double cy = mid + (rnd.nextDouble() * 2 - 1) * jitter;
            double scale = sensor / 32.0;
            if (label < 8) {
                double angle = label * Math.PI / 4;
                double speed = (0.25 + 0.2 * rnd.nextDouble()) * scale;
                double vx = speed * Math.cos(angle);
                double vy = -speed * Math.sin(angle); // image y grows downwards
                double r = (3 + 3 * rnd.nextDouble()) * scale;
                return new Shape(disk, cx - vx * STEPS / 2, cy - vy * STEPS / 2, vx, vy, r, 0, 0);
            }
            if (label == 8 || label == 9) {
                double rSmall = (2 + rnd.nextDouble()) * scale;
                double rBig = (9 + 3 * rnd.nextDouble()) * scale;
                double dr = (rBig - rSmall) / STEPS;
                return label == 8 ? new Shape(disk, cx, cy, 0, 0, rSmall, dr, 0)
                        : new Shape(disk, cx, cy, 0, 0, rBig, -dr, 0);
            }
            double r = (4 + 3 * rnd.nextDouble()) * scale;
            return new Shape(disk, cx, cy, 0, 0, r, 0, 6 + rnd.nextInt(8));
        }

        boolean[] mask(int step, int sensor) {
            boolean[] m = new boolean[sensor * sensor];
            if (flickerPeriod > 0 && (step / flickerPeriod) % 2 == 1) {
                return m;
            }
            double x0 = cx + vx * step;
            double y0 = cy + vy * step;
            double r = r0 + dr * step;
            for (int y = 0; y < sensor; y++) {
                for (int x = 0; x < sensor; x++) {
                    double dx = x + 0.5 - x0;
                    double dy = y + 0.5 - y0;
                    m[y * sensor + x] = disk ? dx * dx + dy * dy <= r * r : Math.abs(dx) <= r && Math.abs(dy) <= r;
                }
            }
            return m;
        }
    }
}
