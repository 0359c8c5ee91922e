package org.snn4j.models.optim;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The PyTorch-style updaters against scalar re-implementations of torch.optim.SGD(momentum) and
 * torch.optim.NAdam(momentum_decay), and the cosine schedule against its closed form.
 */
class UpdatersTest {
    private static final double[] GRADS = {0.5, -1.0, 0.25, 2.0, -0.75};

    /** Runs the updater over the gradient sequence on a 1-element parameter; returns the parameter path. */
    private static double[] run(org.nd4j.linalg.learning.config.IUpdater cfg) {
        INDArray state = Nd4j.zeros(DataType.DOUBLE, 1, cfg.stateSize(1));
        GradientUpdater<?> u = cfg.instantiate(state, true);
        double w = 1.0;
        double[] path = new double[GRADS.length];
        for (int i = 0; i < GRADS.length; i++) {
            INDArray g = Nd4j.create(new double[]{GRADS[i]}, new long[]{1, 1}, DataType.DOUBLE);
            u.applyUpdater(g, i, 0);
            w -= g.getDouble(0);
            path[i] = w;
        }
        return path;
    }

    @Test
    void sgdMomentumMatchesTorch() {
        double lr = 0.1;
        double m = 0.9;
        double[] path = run(new SgdMomentum(lr, m));
        double w = 1;
        double buf = 0;
        for (int i = 0; i < GRADS.length; i++) {
            buf = i == 0 ? GRADS[i] : m * buf + GRADS[i];
            w -= lr * buf;
            assertEquals(w, path[i], 1e-12, "step " + i);
        }
    }

    @Test
    void nadamMatchesTorch() {
        double lr = 1e-2;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        double psi = 1e-3;
        double[] path = run(new NAdamTorch(lr, null, b1, b2, eps, psi));
        double w = 1;
        double mAvg = 0;
        double vAvg = 0;
        double muProduct = 1;
        for (int i = 0; i < GRADS.length; i++) {
            int t = i + 1;
            double g = GRADS[i];
            double mu = b1 * (1 - 0.5 * Math.pow(0.96, t * psi));
            double muNext = b1 * (1 - 0.5 * Math.pow(0.96, (t + 1) * psi));
            muProduct *= mu;
            mAvg = b1 * mAvg + (1 - b1) * g;
            vAvg = b2 * vAvg + (1 - b2) * g * g;
            double denom = Math.sqrt(vAvg / (1 - Math.pow(b2, t))) + eps;
            w -= lr * (1 - mu) / (1 - muProduct) * g / denom;
            w -= lr * muNext / (1 - muProduct * muNext) * mAvg / denom;
            assertEquals(w, path[i], 1e-12, "step " + i);
        }
    }

    @Test
    void cosineScheduleFollowsTheClosedForm() {
        CosineAnnealingSchedule s = new CosineAnnealingSchedule(0.1, 200, 0.0);
        assertEquals(0.1, s.valueAt(123, 0), 1e-15);
        assertEquals(0.05, s.valueAt(0, 100), 1e-15);
        assertEquals(0.0, s.valueAt(0, 200), 1e-15);
        assertEquals(0.1 * (1 + Math.cos(Math.PI * 37 / 200)) / 2, s.valueAt(0, 37), 1e-15);
    }

    @Test
    void reduceOnPlateauCutsTheRateAfterPatienceEpochs() {
        ReduceLrOnPlateau p = new ReduceLrOnPlateau(1e-3, 0.1, 1);
        double[] epochLosses = {1.0, 0.9, 0.9, 0.9, 0.95};
        for (double l : epochLosses) {
            p.iterationDone(new ScoreOnly(l), 0, 0);
            p.onEpochEnd(new ScoreOnly(l));
        }
        // best 0.9 at epoch 2; epochs 3 and 4 are bad -> one cut after the 2nd bad epoch; epoch 5: 1 bad since
        assertEquals(1e-4, p.learningRate(), 1e-18);
    }

    /** A model stub that only reports a score. */
    private static final class ScoreOnly extends org.deeplearning4j.nn.multilayer.MultiLayerNetwork {
        private final double score;

        ScoreOnly(double score) {
            super(new org.deeplearning4j.nn.conf.NeuralNetConfiguration.Builder().list()
                    .layer(new org.deeplearning4j.nn.conf.layers.OutputLayer.Builder().nIn(1).nOut(1)
                            .activation(org.nd4j.linalg.activations.Activation.IDENTITY)
                            .lossFunction(org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction.MSE).build()).build());
            this.score = score;
        }

        @Override
        public double score() {
            return score;
        }

        @Override
        public void setLearningRate(double newLr) {
            // not initialised; the listener's own rate is checked
        }
    }
}
