package org.snn4j.data.cache;

import org.snn4j.data.events.EventDataset;
import org.snn4j.data.events.Skipped;
import org.snn4j.data.frames.FrameSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/** Fills a {@link FrameCache} with every clip of a dataset, in parallel, reporting progress. */
public final class CacheConverter {
    /** What a conversion did; {@code skipped}: the empty recordings the dataset left out (see {@link Skipped}). */
    public record Report(int clips, long cacheHits, long converted, double seconds, Skipped skipped) {
        public Report(int clips, long cacheHits, long converted, double seconds) {
            this(clips, cacheHits, converted, seconds, Skipped.NONE);
        }
    }

    private CacheConverter() {
    }

    public static Report convert(String name, EventDataset ds, FrameSpec spec, FrameCache cache, int threads,
                                 ProgressListener progress) {
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be > 0, got " + threads);
        }
        cache.removeStaleTemporaries(name, spec);
        long hits0 = cache.hits();
        long built0 = cache.built();
        long start = System.nanoTime();
        int n = ds.size();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "snn4j-convert");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int w = 0; w < threads; w++) {
                futures.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        cache.getOrCompute(name, ds, i, spec);
                        progress.progress(done.incrementAndGet(), n);
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("conversion interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(c);
        } finally {
            pool.shutdownNow();
        }
        return new Report(n, cache.hits() - hits0, cache.built() - built0, (System.nanoTime() - start) / 1e9, ds.skipped());
    }
}
