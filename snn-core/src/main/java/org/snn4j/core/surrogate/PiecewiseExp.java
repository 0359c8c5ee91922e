package org.snn4j.core.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Piecewise-exponential surrogate (SpikingJelly {@code surrogate.PiecewiseExp}; SLAYER):
 * g'(x) = alpha/2 exp(-alpha |x|); g(x) = exp(alpha x)/2 for x &lt; 0, 1 - exp(-alpha x)/2 for x &gt;= 0.
 * Default alpha = 1.
 */
public class PiecewiseExp extends AlphaSurrogate {

    public PiecewiseExp() {
        this(1.0);
    }

    public PiecewiseExp(double alpha) {
        super(alpha);
    }

    @Override
    public double primitive(double x) {
        return x < 0 ? Math.exp(alpha * x) / 2 : 1 - Math.exp(-alpha * x) / 2;
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable x) {
        // 1/2 + sign(x) (1 - exp(-alpha |x|)) / 2; sign has zero gradient, so d/dx = alpha/2 exp(-alpha|x|)
        SDVariable tail = sd.math().exp(sd.math().abs(x).mul(-alpha)).rsub(1.0);
        return sd.math().sign(x).mul(tail).mul(0.5).add(0.5);
    }

    @Override
    public double derivative(double x) {
        return alpha / 2 * Math.exp(-alpha * Math.abs(x));
    }
}
