package org.snn4j.models.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Map;
import java.util.Objects;

/**
 * PyTorch's {@code SGD(momentum=m)} (heavy-ball, dampening 0, not Nesterov): {@code v = m v + g; w -= lr v},
 * which DL4J lacks (its {@code Nesterovs} is Nesterov momentum). Used by the MS-ResNet ImageNet recipes
 * with m = 0.9. Weight decay is PyTorch's coupled kind: add it as L2 regularization (applied before the
 * updater, so it enters the momentum buffer as in PyTorch).
 */
public class SgdMomentum extends LearningRate implements IUpdater {
    private double momentum = 0.9;

    public SgdMomentum() {
    }

    public SgdMomentum(double learningRate, double momentum) {
        this(learningRate, null, momentum);
    }

    public SgdMomentum(double learningRate, ISchedule schedule, double momentum) {
        super(learningRate, schedule);
        this.momentum = momentum;
    }

    @Override
    public long stateSize(long numParams) {
        return numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        u.setStateViewArray(viewArray, viewArray.shape(), viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(state, initializeStateArrays);
        return u;
    }

    @Override
    public SgdMomentum clone() {
        return new SgdMomentum(getLearningRate(), scheduleCopy(), momentum);
    }

    public double getMomentum() {
        return momentum;
    }

    public void setMomentum(double momentum) {
        this.momentum = momentum;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SgdMomentum && ((SgdMomentum) o).momentum == momentum
                && ((SgdMomentum) o).getLearningRate() == getLearningRate()
                && Objects.equals(((SgdMomentum) o).getLearningRateSchedule(), getLearningRateSchedule());
    }

    @Override
    public int hashCode() {
        return Objects.hash(momentum, getLearningRate(), getLearningRateSchedule());
    }

    /** The state (one velocity per parameter) and the update. */
    static final class Updater implements GradientUpdater<SgdMomentum> {
        private static final String VELOCITY = "V";
        private final SgdMomentum config;
        private INDArray velocity;

        Updater(SgdMomentum config) {
            this.config = config;
        }

        @Override
        public SgdMomentum getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            velocity = state.get(VELOCITY);
            if (velocity == null) {
                throw new IllegalStateException("SgdMomentum state needs key " + VELOCITY + ", got " + state.keySet());
            }
            if (initialize) {
                velocity.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(VELOCITY, velocity);
        }

        @Override
        public void setStateViewArray(INDArray view, long[] shape, char order, boolean initialize) {
            if (initialize) {
                view.assign(0);
            }
            velocity = view.reshape(order, shape);
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            double lr = config.getLearningRate(iteration, epoch);
            velocity.muli(config.momentum).addi(gradient);
            gradient.assign(velocity).muli(lr);
        }
    }
}
