package org.snn4j.bench;

import org.nd4j.linalg.factory.Nd4j;

import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;

/**
 * Runs work on a given number of threads: the fused Java kernels run their parallel streams on the pool
 * that calls them, and ND4J's native ops take their thread count from its environment.
 */
public final class Threads {
    // one pool per thread count, kept: its worker threads keep their ND4J workspaces between calls
    private static final java.util.Map<Integer, ForkJoinPool> POOLS = new java.util.concurrent.ConcurrentHashMap<>();

    private Threads() {
    }

    public static <T> T call(int threads, Callable<T> work) throws Exception {
        int before = Nd4j.getEnvironment().maxThreads();
        int beforeMaster = Nd4j.getEnvironment().maxMasterThreads();
        Nd4j.getEnvironment().setMaxThreads(threads);
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        ForkJoinPool pool = POOLS.computeIfAbsent(threads, ForkJoinPool::new);
        try {
            return pool.submit(work).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof Exception ex ? ex : new RuntimeException(c);
        } finally {
            Nd4j.getEnvironment().setMaxThreads(before);
            Nd4j.getEnvironment().setMaxMasterThreads(beforeMaster);
        }
    }

    /** Thread-scaling efficiency t1 / (n * tn): 1 is perfect scaling. */
    public static double efficiency(double t1, double tn, int n) {
        return t1 / (n * tn);
    }
}
