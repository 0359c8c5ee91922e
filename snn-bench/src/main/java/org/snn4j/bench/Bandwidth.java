package org.snn4j.bench;

import java.util.stream.IntStream;

/**
 * The memory-bandwidth floor of a streaming benchmark, measured in the same process: a STREAM-style triad
 * {@code a[i] = b[i] + s * c[i]} over float arrays of the benchmark's size, on the calling thread's
 * fork-join pool (the threads the fused kernels use). Bandwidth counts 12 bytes per element (two reads,
 * one write, as STREAM does), best of the repetitions.
 */
public final class Bandwidth {
    private static final int CHUNK = 1 << 16;

    private Bandwidth() {
    }

    /** Bytes per second of the best of {@code reps} triads over {@code n} floats per array. */
    public static double triadBytesPerSecond(int n, int reps) {
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        IntStream.range(0, chunks(n)).parallel().forEach(k -> {
            for (int i = k * CHUNK, e = Math.min(n, i + CHUNK); i < e; i++) {
                b[i] = 1f;
                c[i] = 2f;
            }
        });
        double best = Double.MAX_VALUE;
        for (int r = 0; r < reps + 1; r++) {
            long t0 = System.nanoTime();
            IntStream.range(0, chunks(n)).parallel().forEach(k -> {
                for (int i = k * CHUNK, e = Math.min(n, i + CHUNK); i < e; i++) {
                    a[i] = b[i] + 0.5f * c[i];
                }
            });
            double s = (System.nanoTime() - t0) / 1e9;
            if (r > 0) { // the first pass warms up the JIT and faults the pages in
                best = Math.min(best, s);
            }
        }
        if (a[n / 2] != 2f) {
            throw new IllegalStateException("triad computed " + a[n / 2] + ", expected 2");
        }
        return 12.0 * n / best;
    }

    private static int chunks(int n) {
        return (n + CHUNK - 1) / CHUNK;
    }
}
