package org.snn4j.models.optim;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ISchedule;
import org.snn4j.models.zoo.ModelOptions;

import java.util.List;

/**
 * Maps the papers' PyTorch optimizers onto DL4J updaters and regularization:
 * <ul>
 *   <li>{@code adamw}: Adam + decoupled weight decay ({@code WeightDecay(wd, applyLR=true)}: w -= lr wd w), as torch AdamW;</li>
 *   <li>{@code adam}: Adam with coupled weight decay (L2 on the gradient), as torch Adam's weight_decay;</li>
 *   <li>{@code nadam}: {@link NAdamTorch} (torch NAdam with momentum_decay), coupled weight decay;</li>
 *   <li>{@code sgd}: {@link SgdMomentum} (heavy-ball momentum), coupled weight decay.</li>
 * </ul>
 */
public final class Optimizers {
    public static final List<String> TYPES = List.of("adamw", "adam", "nadam", "sgd");

    private Optimizers() {
    }

    /**
     * Sets updater and weight decay on {@code options}.
     *
     * @param schedule learning-rate schedule, or null for a constant rate
     * @param momentum SGD momentum (ignored otherwise)
     * @param momentumDecay NAdam momentum_decay (ignored otherwise)
     */
    public static ModelOptions apply(ModelOptions options, String type, double lr, ISchedule schedule, double weightDecay,
                                     double momentum, double momentumDecay) {
        IUpdater updater;
        boolean decoupled = false;
        switch (type) {
            case "adamw":
                decoupled = true;
                updater = adam(lr, schedule);
                break;
            case "adam":
                updater = adam(lr, schedule);
                break;
            case "nadam":
                updater = new NAdamTorch(lr, schedule, 0.9, 0.999, 1e-8, momentumDecay);
                break;
            case "sgd":
                updater = new SgdMomentum(lr, schedule, momentum);
                break;
            default:
                throw new IllegalArgumentException("unknown optimizer '" + type + "', expected one of " + TYPES);
        }
        return options.updater(updater).weightDecay(weightDecay, decoupled);
    }

    private static IUpdater adam(double lr, ISchedule schedule) {
        Adam a = new Adam(lr);
        if (schedule != null) {
            a.setLearningRateSchedule(schedule);
        }
        return a;
    }
}
