package org.snn4j.core.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Piecewise-quadratic surrogate (SpikingJelly {@code surrogate.PiecewiseQuadratic}; Esser 2016, STBP):
 * g'(x) = alpha - alpha^2 |x| for |x| <= 1/alpha, else 0 (a triangle of height alpha and area 1);
 * g(x) = 0, -alpha^2 x|x|/2 + alpha x + 1/2, 1 on the three pieces. Default alpha = 1.
 */
public class PiecewiseQuadratic extends AlphaSurrogate {

    public PiecewiseQuadratic() {
        this(1.0);
    }

    public PiecewiseQuadratic(double alpha) {
        super(alpha);
    }

    @Override
    public double primitive(double x) {
        double w = 1 / alpha;
        if (x > w) {
            return 1.0;
        }
        if (x < -w) {
            return 0.0;
        }
        return -alpha * alpha / 2 * x * Math.abs(x) + alpha * x + 0.5;
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable x) {
        SDVariable u = clip(sd, x, 1 / alpha);
        return u.mul(sd.math().abs(u)).mul(-alpha * alpha / 2).add(u.mul(alpha)).add(0.5);
    }

    @Override
    public double derivative(double x) {
        double ax = Math.abs(x);
        return ax > 1 / alpha ? 0.0 : alpha - alpha * alpha * ax;
    }
}
