package org.snn4j.models.optim;

import org.nd4j.linalg.schedule.ISchedule;

/** Learning-rate fields shared by snn4j's updater configurations: a constant or a schedule. */
public abstract class LearningRate {
    private double learningRate;
    private ISchedule learningRateSchedule;

    protected LearningRate() {
    }

    protected LearningRate(double learningRate, ISchedule schedule) {
        this.learningRate = learningRate;
        this.learningRateSchedule = schedule;
    }

    /** The rate at this iteration/epoch: the schedule's value if set, else the constant. */
    public double getLearningRate(int iteration, int epoch) {
        return learningRateSchedule != null ? learningRateSchedule.valueAt(iteration, epoch) : learningRate;
    }

    public boolean hasLearningRate() {
        return true;
    }

    public void setLrAndSchedule(double lr, ISchedule schedule) {
        this.learningRate = lr;
        this.learningRateSchedule = schedule;
    }

    public double getLearningRate() {
        return learningRate;
    }

    public void setLearningRate(double learningRate) {
        this.learningRate = learningRate;
    }

    public ISchedule getLearningRateSchedule() {
        return learningRateSchedule;
    }

    public void setLearningRateSchedule(ISchedule learningRateSchedule) {
        this.learningRateSchedule = learningRateSchedule;
    }

    protected ISchedule scheduleCopy() {
        return learningRateSchedule == null ? null : learningRateSchedule.clone();
    }
}
