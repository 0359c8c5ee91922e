package org.snn4j.models.optim;

import org.nd4j.linalg.schedule.ISchedule;

/**
 * PyTorch's {@code CosineAnnealingLR(T_max, eta_min)} stepped once per epoch, as every recipe of the two
 * papers uses it (SMA-AZO and MA-SNN ImageNet scripts): {@code lr(e) = eta_min + (lr0 - eta_min)(1 + cos(pi e / T_max)) / 2}
 * for epoch e (0-based). Past T_max it continues the cosine, as PyTorch's closed form does.
 */
public class CosineAnnealingSchedule implements ISchedule {
    private double initialValue;
    private int maxEpochs;
    private double minValue;

    public CosineAnnealingSchedule() {
    }

    public CosineAnnealingSchedule(double initialValue, int maxEpochs, double minValue) {
        if (maxEpochs <= 0) {
            throw new IllegalArgumentException("cosine T_max must be > 0, got " + maxEpochs);
        }
        this.initialValue = initialValue;
        this.maxEpochs = maxEpochs;
        this.minValue = minValue;
    }

    @Override
    public double valueAt(int iteration, int epoch) {
        return minValue + (initialValue - minValue) * (1 + Math.cos(Math.PI * epoch / maxEpochs)) / 2;
    }

    @Override
    public ISchedule clone() {
        return new CosineAnnealingSchedule(initialValue, maxEpochs, minValue);
    }

    public double getInitialValue() {
        return initialValue;
    }

    public void setInitialValue(double initialValue) {
        this.initialValue = initialValue;
    }

    public int getMaxEpochs() {
        return maxEpochs;
    }

    public void setMaxEpochs(int maxEpochs) {
        this.maxEpochs = maxEpochs;
    }

    public double getMinValue() {
        return minValue;
    }

    public void setMinValue(double minValue) {
        this.minValue = minValue;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof CosineAnnealingSchedule)) {
            return false;
        }
        CosineAnnealingSchedule s = (CosineAnnealingSchedule) o;
        return s.initialValue == initialValue && s.maxEpochs == maxEpochs && s.minValue == minValue;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(initialValue, maxEpochs, minValue);
    }

    @Override
    public String toString() {
        return "CosineAnnealing(lr0=" + initialValue + ", T_max=" + maxEpochs + ", eta_min=" + minValue + ")";
    }
}
