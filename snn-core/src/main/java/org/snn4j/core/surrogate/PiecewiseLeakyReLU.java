package org.snn4j.core.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Piecewise leaky-ReLU surrogate (SpikingJelly {@code surrogate.PiecewiseLeakyReLU}), defaults w = 1,
 * c = 0.01. Primitive: g(x) = c x + c w (x &lt; -w), x / (2w) + 1/2 (|x| &lt;= w), c x - c w + 1 (x &gt; w).
 *
 * <p>SpikingJelly's hand-written spiking backward is <em>not</em> the primitive's slope: it returns
 * 1/w for |x| &lt; w and c elsewhere, while the primitive has slope 1/(2w) inside. We reproduce both (the
 * reference vectors hold both): {@link #derivative} is the spiking backward, {@link #primitiveDerivative}
 * the smooth one.
 */
public class PiecewiseLeakyReLU extends Surrogate {
    private double w = 1.0;
    private double c = 0.01;

    public PiecewiseLeakyReLU() {
    }

    public PiecewiseLeakyReLU(double w, double c) {
        requirePositive("w", w);
        this.w = w;
        this.c = c;
    }

    @Override
    public double primitive(double x) {
        if (x < -w) {
            return c * x + c * w;
        }
        if (x > w) {
            return c * x - c * w + 1;
        }
        return x / (2 * w) + 0.5;
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable x) {
        SDVariable u = clip(sd, x, w);
        return u.div(2 * w).add(0.5).add(x.sub(u).mul(c));
    }

    @Override
    public SDVariable gradientCarrier(SameDiff sd, SDVariable x) {
        SDVariable u = clip(sd, x, w);
        return u.div(w).add(x.sub(u).mul(c));
    }

    @Override
    public double derivative(double x) {
        return Math.abs(x) < w ? 1 / w : c;
    }

    @Override
    public double primitiveDerivative(double x) {
        return Math.abs(x) <= w ? 1 / (2 * w) : c;
    }

    public double getW() {
        return w;
    }

    public void setW(double w) {
        this.w = w;
    }

    public double getC() {
        return c;
    }

    public void setC(double c) {
        this.c = c;
    }

    @Override
    protected String parameters() {
        return "w=" + w + ", c=" + c;
    }
}
