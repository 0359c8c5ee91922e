package org.snn4j.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * 1 vs 2 threads for our side and the peer's, interleaved (ours at 1, ours at 2, peer at 1, peer at 2, and
 * again) so that all four see the same load; efficiency = t1 / (2 t2).
 */
public final class ThreadScaling {
    private static final int WARMUP = 2;

    private ThreadScaling() {
    }

    /**
     * Runs the interleaved repetitions (two untimed rounds first: each pool thread sets up its workspaces once) and records them under "thread_scaling";
     * {@code peer1}/{@code peer2} are the peer with 1 and 2 threads, both null when there is no peer.
     * Returns our efficiency.
     */
    public static double run(Results res, PrintStream out, String unit, SameRun.Rep ours, Peer peer1, Peer peer2, int reps)
            throws IOException {
        List<List<Double>> t = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int i = 0; i < reps + WARMUP; i++) {
            double[] round = {onThreads(1, ours, i), onThreads(2, ours, i),
                    peer1 == null ? Double.NaN : peer1.rep().get("s").asDouble(),
                    peer2 == null ? Double.NaN : peer2.rep().get("s").asDouble()};
            out.printf(Locale.ROOT, "scaling %d%s: snn4j 1 thread %.3f s, 2 threads %.3f s%s%n", i + 1, i < WARMUP ? " (warm-up)" : "",
                    round[0], round[1], peer1 == null ? "" : String.format(Locale.ROOT, "; peer 1 thread %.3f s, 2 threads %.3f s",
                            round[2], round[3]));
            if (i >= WARMUP) {
                for (int k = 0; k < 4; k++) {
                    t.get(k).add(round[k]);
                }
            }
        }
        Map<String, Object> sc = res.section("thread_scaling");
        sc.put("how", "interleaved repetitions: snn4j 1 thread, snn4j 2 threads, peer 1 thread, peer 2 threads; efficiency = t1 / (2 t2)");
        sc.put("snn4j_1_thread_s", t.get(0));
        sc.put("snn4j_2_threads_s", t.get(1));
        double eff = Threads.efficiency(Stats.median(t.get(0)), Stats.median(t.get(1)), 2);
        sc.put("snn4j_efficiency", eff);
        String line = String.format(Locale.ROOT, "thread scaling: snn4j 1 thread %s, 2 threads %s, efficiency %.2f",
                SameRun.seconds(Stats.median(t.get(0))), SameRun.seconds(Stats.median(t.get(1))), eff);
        if (peer1 != null) {
            double peff = Threads.efficiency(Stats.median(t.get(2)), Stats.median(t.get(3)), 2);
            sc.put("peer_1_thread_s", t.get(2));
            sc.put("peer_2_threads_s", t.get(3));
            sc.put("peer_efficiency", peff);
            line += String.format(Locale.ROOT, "; peer 1 thread %s, 2 threads %s, efficiency %.2f",
                    SameRun.seconds(Stats.median(t.get(2))), SameRun.seconds(Stats.median(t.get(3))), peff);
        } else {
            sc.put("peer", "not measured");
        }
        out.println(line + " (" + unit + ")");
        Map<String, Object> tg = res.section("targets");
        tg.put("thread_efficiency_min", 0.85);
        tg.put("thread_efficiency_met", eff >= 0.85);
        if (eff < 0.85) {
            tg.put("thread_efficiency_missed_by", 0.85 / eff);
        }
        return eff;
    }

    private static double onThreads(int threads, SameRun.Rep ours, int i) throws IOException {
        try {
            return Threads.call(threads, () -> ours.run(i));
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
