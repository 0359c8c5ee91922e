package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.learning.regularization.L2Regularization;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.nd4j.linalg.learning.regularization.WeightDecay;

import java.util.List;

/** The global configuration every zoo network starts from. */
final class TrainingDefaults {
    private TrainingDefaults() {
    }

    /**
     * Seed, data type, updater, weight decay and PyTorch's default weight init: U(+-1/sqrt(fan_in)), which
     * is DL4J's {@code WeightInit.UNIFORM} and equals kaiming_uniform(a=sqrt 5). Biases start at 0 (PyTorch
     * draws them from the same uniform; the difference is documented in docs/models.md).
     */
    static NeuralNetConfiguration.Builder base(ModelOptions o) {
        NeuralNetConfiguration.Builder b = new NeuralNetConfiguration.Builder()
                .seed(o.seed())
                .dataType(o.dataType())
                .updater(o.updater().clone())
                .weightInit(WeightInit.UNIFORM);
        if (o.weightDecay() > 0) {
            Regularization r = o.decoupledWeightDecay() ? new WeightDecay(o.weightDecay(), true)
                    : new L2Regularization(o.weightDecay());
            b.regularization(List.of(r)).regularizationBias(List.of(r));
        }
        return b;
    }
}
