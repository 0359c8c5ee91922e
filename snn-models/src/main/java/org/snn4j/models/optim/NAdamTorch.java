package org.snn4j.models.optim;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.ops.transforms.Transforms;
import org.nd4j.linalg.schedule.ISchedule;

import java.util.Map;
import java.util.Objects;

/**
 * PyTorch's {@code NAdam(lr, betas, eps, momentum_decay=psi)}, used by the SMA-AZO N-Caltech101 recipe
 * with psi = 1e-3 (SMA-AZO training scripts). DL4J's {@code Nadam} has no momentum-decay schedule, so this follows
 * torch.optim.NAdam (Dozat 2016 with mu_t = beta1 (1 - 0.5 * 0.96^(t psi))):
 * <pre>
 *   m = b1 m + (1-b1) g;  v = b2 v + (1-b2) g^2;  denom = sqrt(v / (1 - b2^t)) + eps
 *   w -= lr (1-mu_t) / (1 - prod_{i<=t} mu_i) g/denom + lr mu_{t+1} / (1 - prod_{i<=t+1} mu_i) m/denom
 * </pre>
 * with t = iteration + 1. Coupled weight decay (PyTorch's {@code weight_decay}) is DL4J's L2.
 */
public class NAdamTorch extends LearningRate implements IUpdater {
    private double beta1 = 0.9;
    private double beta2 = 0.999;
    private double epsilon = 1e-8;
    private double momentumDecay = 4e-3;

    public NAdamTorch() {
    }

    public NAdamTorch(double learningRate, ISchedule schedule, double beta1, double beta2, double epsilon, double momentumDecay) {
        super(learningRate, schedule);
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.epsilon = epsilon;
        this.momentumDecay = momentumDecay;
    }

    /** mu_t = beta1 (1 - 0.5 * 0.96^(t psi)), t >= 1. */
    public double mu(long t) {
        return beta1 * (1 - 0.5 * Math.pow(0.96, t * momentumDecay));
    }

    @Override
    public long stateSize(long numParams) {
        return 2 * numParams;
    }

    @Override
    public GradientUpdater instantiate(INDArray viewArray, boolean initializeViewArray) {
        Updater u = new Updater(this);
        long[] gradientShape = viewArray.shape().clone();
        gradientShape[gradientShape.length - 1] /= 2; // the view holds M then V, as DL4J's Adam
        u.setStateViewArray(viewArray, gradientShape, viewArray.ordering(), initializeViewArray);
        return u;
    }

    @Override
    public GradientUpdater instantiate(Map<String, INDArray> state, boolean initializeStateArrays) {
        Updater u = new Updater(this);
        u.setState(state, initializeStateArrays);
        return u;
    }

    @Override
    public NAdamTorch clone() {
        return new NAdamTorch(getLearningRate(), scheduleCopy(), beta1, beta2, epsilon, momentumDecay);
    }

    public double getBeta1() {
        return beta1;
    }

    public void setBeta1(double beta1) {
        this.beta1 = beta1;
    }

    public double getBeta2() {
        return beta2;
    }

    public void setBeta2(double beta2) {
        this.beta2 = beta2;
    }

    public double getEpsilon() {
        return epsilon;
    }

    public void setEpsilon(double epsilon) {
        this.epsilon = epsilon;
    }

    public double getMomentumDecay() {
        return momentumDecay;
    }

    public void setMomentumDecay(double momentumDecay) {
        this.momentumDecay = momentumDecay;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof NAdamTorch)) {
            return false;
        }
        NAdamTorch n = (NAdamTorch) o;
        return n.beta1 == beta1 && n.beta2 == beta2 && n.epsilon == epsilon && n.momentumDecay == momentumDecay
                && n.getLearningRate() == getLearningRate() && Objects.equals(n.getLearningRateSchedule(), getLearningRateSchedule());
    }

    @Override
    public int hashCode() {
        return Objects.hash(beta1, beta2, epsilon, momentumDecay, getLearningRate(), getLearningRateSchedule());
    }

    /** First/second moment state; the mu product is recomputed from the step count (cached). */
    static final class Updater implements GradientUpdater<NAdamTorch> {
        private static final String M = "M";
        private static final String V = "V";
        private final NAdamTorch config;
        private INDArray m;
        private INDArray v;
        private long cachedStep;
        private double cachedProduct = 1.0;

        Updater(NAdamTorch config) {
            this.config = config;
        }

        @Override
        public NAdamTorch getConfig() {
            return config;
        }

        @Override
        public void setState(Map<String, INDArray> state, boolean initialize) {
            m = state.get(M);
            v = state.get(V);
            if (m == null || v == null) {
                throw new IllegalStateException("NAdamTorch state needs keys M and V, got " + state.keySet());
            }
            if (initialize) {
                m.assign(0);
                v.assign(0);
            }
        }

        @Override
        public Map<String, INDArray> getState() {
            return Map.of(M, m, V, v);
        }

        @Override
        public void setStateViewArray(INDArray view, long[] shape, char order, boolean initialize) {
            if (initialize) {
                view.assign(0);
            }
            long n = view.length() / 2;
            INDArray row = view.reshape(1, view.length());
            m = row.get(NDArrayIndex.point(0), NDArrayIndex.interval(0, n)).reshape(order, shape);
            v = row.get(NDArrayIndex.point(0), NDArrayIndex.interval(n, 2 * n)).reshape(order, shape);
        }

        /** prod_{i=1..t} mu_i, cached so consecutive steps cost O(1). */
        private double muProduct(long t) {
            if (t < cachedStep) {
                cachedStep = 0;
                cachedProduct = 1.0;
            }
            while (cachedStep < t) {
                cachedStep++;
                cachedProduct *= config.mu(cachedStep);
            }
            return cachedProduct;
        }

        @Override
        public void applyUpdater(INDArray gradient, int iteration, int epoch) {
            long t = iteration + 1L;
            double lr = config.getLearningRate(iteration, epoch);
            double muT = config.mu(t);
            double muNext = config.mu(t + 1);
            double product = muProduct(t);
            double productNext = product * muNext;
            m.muli(config.beta1).addi(gradient.mul(1 - config.beta1));
            v.muli(config.beta2).addi(gradient.mul(gradient).muli(1 - config.beta2));
            INDArray denom = Transforms.sqrt(v.div(1 - Math.pow(config.beta2, t)), false).addi(config.epsilon);
            INDArray update = gradient.mul(lr * (1 - muT) / (1 - product)).addi(m.mul(lr * muNext / (1 - productNext)));
            gradient.assign(update.divi(denom));
        }
    }
}
