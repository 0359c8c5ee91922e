package org.snn4j.data.augment;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

/**
 * Frame-level mixing (mixup, Zhang et al. 2018) on batches: each clip's frames and one-hot labels are
 * mixed with those of a random other clip of the batch, {@code x = lam*x_i + (1-lam)*x_j}, with one
 * {@code lam ~ Beta(alpha, alpha)} per batch (as the reference mixup). Seeded like {@link RandomErasing}.
 */
public final class FrameMixup implements DataSetPreProcessor {
    private final double alpha;
    private final Random rnd;

    public FrameMixup(double alpha, long seed) {
        if (alpha <= 0) {
            throw new IllegalArgumentException("alpha must be > 0, got " + alpha);
        }
        this.alpha = alpha;
        this.rnd = new Random(seed);
    }

    @Override
    public synchronized void preProcess(DataSet ds) {
        int n = (int) ds.getFeatures().size(0);
        if (n < 2) {
            return;
        }
        double lam = beta(alpha);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        ds.setFeatures(mix(ds.getFeatures(), perm, lam));
        ds.setLabels(mix(ds.getLabels(), perm, lam));
    }

    private static INDArray mix(INDArray a, int[] perm, double lam) {
        INDArray shuffled = Nd4j.pullRows(a.reshape(a.size(0), -1), 1, perm).reshape(a.shape());
        return a.mul(lam).addi(shuffled.muli(1 - lam));
    }

    /** Beta(a, a) as X/(X+Y) with X, Y ~ Gamma(a) (Marsaglia-Tsang). */
    double beta(double a) {
        double x = gamma(a);
        double y = gamma(a);
        return x / (x + y);
    }

    private double gamma(double a) {
        if (a < 1) {
            return gamma(a + 1) * Math.pow(rnd.nextDouble(), 1 / a);
        }
        double d = a - 1.0 / 3;
        double c = 1 / Math.sqrt(9 * d);
        while (true) {
            double z = rnd.nextGaussian();
            double v = 1 + c * z;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = rnd.nextDouble();
            if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) {
                return d * v;
            }
        }
    }
}
