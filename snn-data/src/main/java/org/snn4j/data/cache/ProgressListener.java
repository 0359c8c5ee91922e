package org.snn4j.data.cache;

/** Receives conversion progress; called from worker threads, so implementations must be thread-safe. */
@FunctionalInterface
public interface ProgressListener {
    void progress(int done, int total);

    /** A text progress bar on stderr, redrawn at most every 1 %. */
    static ProgressListener consoleBar(String label) {
        return new ProgressListener() {
            private int lastPercent = -1;

            @Override
            public synchronized void progress(int done, int total) {
                int percent = total == 0 ? 100 : (int) (100L * done / total);
                if (percent == lastPercent) {
                    return;
                }
                lastPercent = percent;
                int bars = percent / 4;
                System.err.print("\r" + label + " [" + "#".repeat(bars) + " ".repeat(25 - bars) + "] " + done + "/" + total);
                if (done == total) {
                    System.err.println();
                }
            }
        };
    }
}
