package org.snn4j.core.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Triangle surrogate (Bellec et al. 2018 LSNN pseudo-derivative; snnTorch {@code triangular}):
 * g'(x) = gamma * max(0, 1 - |x| / width). Unlike {@link PiecewiseQuadratic} its height (gamma, the
 * "dampening factor") and half-width are independent. Primitive g(x) = gamma * width * P(x / width) with
 * P(u) = 0, u - u|u|/2 + 1/2, 1 for u &lt; -1, |u| &lt;= 1, u &gt; 1. Defaults gamma = 0.3, width = 1.
 */
public class Triangle extends Surrogate {
    private double gamma = 0.3;
    private double width = 1.0;

    public Triangle() {
    }

    public Triangle(double gamma, double width) {
        requirePositive("gamma", gamma);
        requirePositive("width", width);
        this.gamma = gamma;
        this.width = width;
    }

    @Override
    public double primitive(double x) {
        double u = Math.max(-1.0, Math.min(1.0, x / width));
        return gamma * width * (u - u * Math.abs(u) / 2 + 0.5);
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable x) {
        SDVariable u = clip(sd, x.div(width), 1.0);
        return u.sub(u.mul(sd.math().abs(u)).mul(0.5)).add(0.5).mul(gamma * width);
    }

    @Override
    public double derivative(double x) {
        return gamma * Math.max(0.0, 1 - Math.abs(x) / width);
    }

    public double getGamma() {
        return gamma;
    }

    public void setGamma(double gamma) {
        this.gamma = gamma;
    }

    public double getWidth() {
        return width;
    }

    public void setWidth(double width) {
        this.width = width;
    }

    @Override
    protected String parameters() {
        return "gamma=" + gamma + ", width=" + width;
    }
}
