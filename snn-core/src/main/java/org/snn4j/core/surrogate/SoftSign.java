package org.snn4j.core.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Soft-sign surrogate (SpikingJelly {@code surrogate.SoftSign}): g(x) = (alpha x / (1 + |alpha x|) + 1) / 2,
 * g'(x) = alpha / (2 (1 + |alpha x|)^2). Default alpha = 2.
 */
public class SoftSign extends AlphaSurrogate {

    public SoftSign() {
        this(2.0);
    }

    public SoftSign(double alpha) {
        super(alpha);
    }

    @Override
    public double primitive(double x) {
        double z = alpha * x;
        return 0.5 * (z / (1 + Math.abs(z)) + 1);
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable x) {
        SDVariable z = x.mul(alpha);
        return z.div(sd.math().abs(z).add(1.0)).add(1.0).mul(0.5);
    }

    @Override
    public double derivative(double x) {
        double d = 1 + Math.abs(alpha * x);
        return alpha / 2 / (d * d);
    }
}
