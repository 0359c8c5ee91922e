package org.snn4j.data.images;

import org.snn4j.data.events.EventColumns;
import org.snn4j.data.events.EventStream;

import java.util.Map;
import java.util.SplittableRandom;

/**
 * Turns a static grey image into events the way N-MNIST was recorded (Orchard et al. 2015): the image
 * sits on a sensor {@code margin} pixels larger on each side (28 -> 34 for MNIST-sized images) and the
 * "camera" makes three saccades along an isosceles triangle, (0,0) -> (a/2, a) -> (a, 0) -> (0,0) in pixels,
 * each lasting {@code saccadeUs} (N-MNIST: ~100 ms, three saccades, 34x34). A simulated DVS pixel fires
 * when its log intensity {@code log(eps + I)} (I in [0, 1], bilinear sampling of the moving image) moves
 * by at least {@code threshold} from its last reference level: ON for increases, OFF for decreases,
 * several events per step if the change spans several thresholds. Time advances in steps of
 * {@code stepUs}; each event's timestamp is jittered uniformly inside its step (seeded), so the output is
 * sorted and reproducible for a given seed.
 */
public final class SaccadeConverter {
    private final int margin;
    private final double amplitude;
    private final long saccadeUs;
    private final long stepUs;
    private final double threshold;
    private final double eps;

    public SaccadeConverter(int margin, double amplitude, long saccadeUs, long stepUs, double threshold, double eps) {
        if (margin < 0 || amplitude < 0 || amplitude > margin || saccadeUs <= 0 || stepUs <= 0 || threshold <= 0 || eps <= 0) {
            throw new IllegalArgumentException("need margin >= amplitude >= 0 and positive times, threshold and eps");
        }
        this.margin = margin;
        this.amplitude = amplitude;
        this.saccadeUs = saccadeUs;
        this.stepUs = stepUs;
        this.threshold = threshold;
        this.eps = eps;
    }

    /** N-MNIST-like: margin 3, amplitude 3 px, 100 ms saccades, 1 ms steps, threshold 0.2, eps 0.05. */
    public static SaccadeConverter nmnistLike() {
        return new SaccadeConverter(3, 3, 100_000, 1_000, 0.2, 0.05);
    }

    public int sensorWidth(int cols) {
        return cols + 2 * margin;
    }

    public int sensorHeight(int rows) {
        return rows + 2 * margin;
    }

    /** Events for an image of {@code rows x cols} unsigned bytes starting at {@code offset} in {@code pixels}. */
    public EventStream convert(byte[] pixels, int offset, int rows, int cols, long seed) {
        int w = sensorWidth(cols);
        int h = sensorHeight(rows);
        double[] ref = new double[w * h];
        double[] cur = new double[w * h];
        render(pixels, offset, rows, cols, 0, 0, w, h, ref);
        SplittableRandom rnd = new SplittableRandom(seed);
        EventColumns out = new EventColumns();
        long stepsPerSaccade = saccadeUs / stepUs;
        double[][] vertices = {{0, 0}, {amplitude / 2, amplitude}, {amplitude, 0}, {0, 0}};
        long step = 0;
        for (int s = 0; s < 3; s++) {
            for (long k = 1; k <= stepsPerSaccade; k++) {
                double f = (double) k / stepsPerSaccade;
                double dx = vertices[s][0] + f * (vertices[s + 1][0] - vertices[s][0]);
                double dy = vertices[s][1] + f * (vertices[s + 1][1] - vertices[s][1]);
                render(pixels, offset, rows, cols, dx, dy, w, h, cur);
                long t0 = step * stepUs;
                int first = out.size();
                for (int i = 0; i < cur.length; i++) {
                    double d = cur[i] - ref[i];
                    while (Math.abs(d) >= threshold) {
                        int p = d > 0 ? 1 : 0;
                        ref[i] += p == 1 ? threshold : -threshold;
                        d = cur[i] - ref[i];
                        out.add(t0 + rnd.nextLong(stepUs), i % w, i / w, p);
                    }
                }
                out.sortByTimeFrom(first);
                step++;
            }
        }
        return out.toStream(w, h, Map.of("source", "saccades", "seed", Long.toString(seed)));
    }

    /** Log intensity of the image shifted by (dx, dy) and centred with the margin, bilinear sampling, 0 outside. */
    private void render(byte[] px, int off, int rows, int cols, double dx, double dy, int w, int h, double[] out) {
        for (int y = 0; y < h; y++) {
            double sy = y - margin - dy;
            int y0 = (int) Math.floor(sy);
            double fy = sy - y0;
            for (int x = 0; x < w; x++) {
                double sx = x - margin - dx;
                int x0 = (int) Math.floor(sx);
                double fx = sx - x0;
                double v = (1 - fy) * ((1 - fx) * at(px, off, rows, cols, y0, x0) + fx * at(px, off, rows, cols, y0, x0 + 1))
                        + fy * ((1 - fx) * at(px, off, rows, cols, y0 + 1, x0) + fx * at(px, off, rows, cols, y0 + 1, x0 + 1));
                out[y * w + x] = Math.log(eps + v);
            }
        }
    }

    private static double at(byte[] px, int off, int rows, int cols, int y, int x) {
        return y < 0 || y >= rows || x < 0 || x >= cols ? 0 : (px[off + y * cols + x] & 0xFF) / 255.0;
    }
}
