package org.snn4j.bench;


import java.util.Map;

/** Records a speed and a memory target in a results file: met or not, and by how much it was missed. */
public final class Targets {
    private Targets() {
    }

    public static void speedAndMemory(Results res, double speedup, double minSpeedup, double memory, double maxMemory) {
        Map<String, Object> tg = res.section("targets");
        tg.put("speedup_min", minSpeedup);
        tg.put("speedup_met", Double.isNaN(speedup) ? "peer not measured" : speedup >= minSpeedup);
        if (speedup < minSpeedup) {
            tg.put("speedup_missed_by", minSpeedup / speedup);
        }
        if (!Double.isNaN(maxMemory)) {
            tg.put("memory_vs_peer_max", maxMemory);
            tg.put("memory_met", Double.isNaN(memory) ? "peer not measured" : memory <= maxMemory);
            if (memory > maxMemory) {
                tg.put("memory_missed_by", memory / maxMemory);
            }
        }
    }
}
