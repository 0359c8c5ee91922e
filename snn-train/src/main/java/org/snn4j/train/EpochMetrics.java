package org.snn4j.train;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** What one epoch of training measured. */
public record EpochMetrics(int epoch, double trainLoss, double trainAccuracy, double testLoss, double testAccuracy,
                           double seconds, double samplesPerSecond) {

    public static final String CSV_HEADER = "epoch,train_loss,train_acc,test_loss,test_acc,seconds,samples_per_s";

    public String csvRow() {
        return String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.3f,%.2f", epoch, trainLoss, trainAccuracy,
                testLoss, testAccuracy, seconds, samplesPerSecond);
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("epoch", epoch);
        m.put("train_loss", trainLoss);
        m.put("train_acc", trainAccuracy);
        m.put("test_loss", testLoss);
        m.put("test_acc", testAccuracy);
        m.put("seconds", seconds);
        m.put("samples_per_s", samplesPerSecond);
        return m;
    }

    public static EpochMetrics fromMap(Map<String, Object> m) {
        return new EpochMetrics(((Number) m.get("epoch")).intValue(), num(m, "train_loss"), num(m, "train_acc"),
                num(m, "test_loss"), num(m, "test_acc"), num(m, "seconds"), num(m, "samples_per_s"));
    }

    private static double num(Map<String, Object> m, String k) {
        return ((Number) m.get(k)).doubleValue();
    }
}
