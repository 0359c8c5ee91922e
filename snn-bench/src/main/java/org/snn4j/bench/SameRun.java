package org.snn4j.bench;

import org.nd4j.shade.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Peer and snn4j repetitions alternated in one run (peer, ours, peer, ours, ...), so that a change of load
 * on a shared machine hits both sides alike; the ratio is of the two medians of this run.
 */
public final class SameRun {
    /** One of our repetitions; returns its wall time in seconds. */
    @FunctionalInterface
    public interface Rep {
        double run(int i) throws IOException;
    }

    /** The timings of one alternated run; {@code peer} is empty when no peer ran. */
    public record Outcome(List<Double> ours, List<Double> peer, JsonNode lastPeerAnswer) {
        public double oursMedian() {
            return Stats.median(ours);
        }

        public double peerMedian() {
            return Stats.median(peer);
        }

        /** Peer median / our median: how many times faster snn4j is; NaN without a peer. */
        public double speedup() {
            return peer.isEmpty() ? Double.NaN : peerMedian() / oursMedian();
        }

        /** The peer's peak RSS in MiB (its whole process), NaN without a peer. */
        public double peerPeakMib() {
            return lastPeerAnswer == null ? Double.NaN : lastPeerAnswer.path("peak_rss_mib").asDouble(Double.NaN);
        }
    }

    private SameRun() {
    }

    public static Outcome run(String label, Peer peer, Rep ours, int warmup, int reps, PrintStream out) throws IOException {
        List<Double> o = new ArrayList<>();
        List<Double> p = new ArrayList<>();
        JsonNode last = null;
        for (int i = 0; i < warmup + reps; i++) {
            boolean timed = i >= warmup;
            String tag = timed ? "" : " (warm-up)";
            if (peer != null) {
                last = peer.rep();
                double s = last.get("s").asDouble();
                out.printf(Locale.ROOT, "%s %d%s: peer %.3f s%n", label, i + 1, tag, s);
                if (timed) {
                    p.add(s);
                }
            }
            double s = ours.run(i);
            out.printf(Locale.ROOT, "%s %d%s: snn4j %.3f s%n", label, i + 1, tag, s);
            if (timed) {
                o.add(s);
            }
        }
        return new Outcome(o, p, last);
    }

    /** "peer 1.234 s, snn4j 0.100 s: 12.34x (same run)" or "snn4j 0.100 s; peer not measured (why)". */
    public static String headline(String what, Outcome r, String peerReason) {
        if (r.peer().isEmpty()) {
            return String.format(Locale.ROOT, "%s: snn4j %s; peer not measured (%s)", what, seconds(r.oursMedian()), peerReason);
        }
        return String.format(Locale.ROOT, "%s: snn4j %s, peer %s -> %.2fx %s (medians of %d alternated repetitions)",
                what, seconds(r.oursMedian()), seconds(r.peerMedian()), r.speedup() >= 1 ? r.speedup() : 1 / r.speedup(),
                r.speedup() >= 1 ? "faster" : "slower", r.ours().size());
    }

    static String seconds(double s) {
        return s < 1 ? String.format(Locale.ROOT, "%.1f ms", s * 1e3) : String.format(Locale.ROOT, "%.2f s", s);
    }
}
