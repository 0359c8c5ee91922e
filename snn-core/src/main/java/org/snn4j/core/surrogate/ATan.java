package org.snn4j.core.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Arc-tangent surrogate (SpikingJelly {@code surrogate.ATan}): g(x) = atan(pi/2 * alpha * x) / pi + 1/2,
 * g'(x) = (alpha/2) / (1 + (pi/2 * alpha * x)^2). Default alpha = 2.
 */
public class ATan extends AlphaSurrogate {

    public ATan() {
        this(2.0);
    }

    public ATan(double alpha) {
        super(alpha);
    }

    @Override
    public double primitive(double x) {
        return Math.atan(Math.PI / 2 * alpha * x) / Math.PI + 0.5;
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable x) {
        return sd.math().atan(x.mul(Math.PI / 2 * alpha)).div(Math.PI).add(0.5);
    }

    @Override
    public double derivative(double x) {
        double z = Math.PI / 2 * alpha * x;
        return alpha / 2 / (1 + z * z);
    }
}
