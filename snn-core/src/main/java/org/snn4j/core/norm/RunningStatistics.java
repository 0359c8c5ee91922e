package org.snn4j.core.norm;

import java.util.Objects;

/**
 * How batch norm's running mean and variance follow the batch statistics during training. DL4J and PyTorch,
 * the two libraries whose models snn4j reproduces, disagree, so every layer with a batch norm names its
 * convention instead of leaving it implicit:
 * <ul>
 *   <li>{@link Convention#DL4J} (DL4J's {@code BatchNormalization}): {@code running = decay * running +
 *   (1 - decay) * batch}, with the <em>biased</em> batch variance (sum of squares over {@code n});</li>
 *   <li>{@link Convention#PYTORCH} ({@code torch.nn.BatchNorm2d}): {@code running = (1 - momentum) * running +
 *   momentum * batch}, with the <em>unbiased</em> batch variance (sum of squares over {@code n - 1}).</li>
 * </ul>
 * With {@code decay = 1 - momentum} the running means agree; the running variances differ by the factor
 * {@code n / (n - 1)} on the batch term. Both normalise a training batch with its biased variance; the
 * difference is only in what is kept for inference. A layer that reproduces a paper's PyTorch code uses
 * {@link #pytorch}, one that stands in for DL4J's {@code BatchNormalization} uses {@link #dl4j}.
 */
public final class RunningStatistics {
    /** Whose update rule: see the class comment. */
    public enum Convention { DL4J, PYTORCH }

    private final Convention convention;
    private final double factor;

    private RunningStatistics(Convention convention, double factor) {
        if (!(factor >= 0 && factor <= 1)) {
            throw new IllegalArgumentException(convention + " batch-norm "
                    + (convention == Convention.DL4J ? "decay" : "momentum") + " must be in [0, 1], got " + factor);
        }
        this.convention = convention;
        this.factor = factor;
    }

    /** DL4J's rule with its {@code decay} (weight of the old running value; DL4J's default 0.9). */
    public static RunningStatistics dl4j(double decay) {
        return new RunningStatistics(Convention.DL4J, decay);
    }

    /** PyTorch's rule with its {@code momentum} (weight of the batch value; PyTorch's default 0.1). */
    public static RunningStatistics pytorch(double momentum) {
        return new RunningStatistics(Convention.PYTORCH, momentum);
    }

    public Convention convention() {
        return convention;
    }

    /** DL4J's decay or PyTorch's momentum, as given. */
    public double factor() {
        return factor;
    }

    /** The running mean after one training batch with mean {@code batchMean}. */
    public double nextMean(double running, double batchMean) {
        return convention == Convention.DL4J
                ? factor * running + (1 - factor) * batchMean
                : (1 - factor) * running + factor * batchMean;
    }

    /**
     * The running variance after one training batch whose biased variance (over {@code count} values per
     * channel) is {@code batchVariance}.
     */
    public double nextVariance(double running, double batchVariance, long count) {
        if (convention == Convention.DL4J) {
            return factor * running + (1 - factor) * batchVariance;
        }
        double unbias = count > 1 ? (double) count / (count - 1) : 1.0;
        return (1 - factor) * running + factor * unbias * batchVariance;
    }

    /** Updates {@code mean} and {@code variance} in place, channel by channel (see {@link #nextVariance}). */
    public void update(double[] mean, double[] variance, double[] batchMean, double[] batchVariance, long count) {
        for (int c = 0; c < mean.length; c++) {
            mean[c] = nextMean(mean[c], batchMean[c]);
            variance[c] = nextVariance(variance[c], batchVariance[c], count);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RunningStatistics && ((RunningStatistics) o).convention == convention
                && ((RunningStatistics) o).factor == factor;
    }

    @Override
    public int hashCode() {
        return Objects.hash(convention, factor);
    }

    @Override
    public String toString() {
        return convention == Convention.DL4J ? "DL4J(decay " + factor + ")" : "PyTorch(momentum " + factor + ")";
    }
}
