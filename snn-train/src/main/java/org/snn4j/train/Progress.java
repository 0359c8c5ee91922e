package org.snn4j.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * Progress of one epoch: an updating bar with samples/s and ETA on a terminal, or a plain line every
 * quarter of the epoch when output goes to a file or pipe (logs stay readable).
 */
public final class Progress {
    private final PrintStream out;
    private final boolean terminal;
    private final String label;
    private final int totalBatches;
    private final long start = System.nanoTime();
    private int lastQuarter;

    public Progress(PrintStream out, boolean terminal, String label, int totalBatches) {
        this.out = out;
        this.terminal = terminal;
        this.label = label;
        this.totalBatches = Math.max(1, totalBatches);
    }

    public void update(int batchesDone, long samplesDone) {
        double secs = (System.nanoTime() - start) / 1e9;
        double rate = secs > 0 ? samplesDone / secs : 0;
        double eta = batchesDone > 0 ? secs * (totalBatches - batchesDone) / batchesDone : 0;
        if (terminal) {
            int width = 30;
            int filled = (int) Math.round(width * (double) batchesDone / totalBatches);
            out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d  %.1f samples/s  ETA %s ", label, "#".repeat(filled),
                    ".".repeat(width - filled), batchesDone, totalBatches, rate, duration(eta));
            if (batchesDone == totalBatches) {
                out.print("\r" + " ".repeat(100) + "\r");
            }
            out.flush();
        } else {
            int quarter = 4 * batchesDone / totalBatches;
            if (quarter > lastQuarter && batchesDone < totalBatches) {
                lastQuarter = quarter;
                out.printf(Locale.ROOT, "%s %d/%d batches, %.1f samples/s, ETA %s%n", label, batchesDone, totalBatches,
                        rate, duration(eta));
            }
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 60 ? (s / 60) + "m" + String.format(Locale.ROOT, "%02d", s % 60) + "s" : s + "s";
    }
}
