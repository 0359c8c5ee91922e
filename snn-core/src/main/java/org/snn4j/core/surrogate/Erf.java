package org.snn4j.core.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Gaussian-error surrogate (SpikingJelly {@code surrogate.Erf}): g(x) = erfc(-alpha x) / 2,
 * g'(x) = alpha / sqrt(pi) * exp(-(alpha x)^2). Default alpha = 2.
 */
public class Erf extends AlphaSurrogate {

    public Erf() {
        this(2.0);
    }

    public Erf(double alpha) {
        super(alpha);
    }

    @Override
    public double primitive(double x) {
        return 0.5 * org.apache.commons.math3.special.Erf.erfc(-alpha * x);
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable x) {
        return sd.math().erf(x.mul(alpha)).add(1.0).mul(0.5);
    }

    @Override
    public double derivative(double x) {
        double z = alpha * x;
        return alpha / Math.sqrt(Math.PI) * Math.exp(-z * z);
    }
}
