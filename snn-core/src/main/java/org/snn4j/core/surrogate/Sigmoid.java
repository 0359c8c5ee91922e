package org.snn4j.core.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Sigmoid surrogate (SpikingJelly {@code surrogate.Sigmoid}): g(x) = sigmoid(alpha x),
 * g'(x) = alpha sigmoid(alpha x) (1 - sigmoid(alpha x)). Default alpha = 4.
 */
public class Sigmoid extends AlphaSurrogate {

    public Sigmoid() {
        this(4.0);
    }

    public Sigmoid(double alpha) {
        super(alpha);
    }

    @Override
    public double primitive(double x) {
        return 1 / (1 + Math.exp(-alpha * x));
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable x) {
        return sd.nn().sigmoid(x.mul(alpha));
    }

    @Override
    public double derivative(double x) {
        double s = primitive(x);
        return alpha * s * (1 - s);
    }
}
