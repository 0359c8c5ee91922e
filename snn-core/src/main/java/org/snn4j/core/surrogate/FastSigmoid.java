package org.snn4j.core.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Fast-sigmoid / SuperSpike surrogate (Zenke &amp; Ganguli 2018; snnTorch {@code fast_sigmoid}):
 * g'(x) = 1 / (1 + slope |x|)^2. Its primitive is g(x) = 1/2 + x / (1 + slope |x|), which ranges over
 * 1/2 +- 1/slope (it is not a 0..1 sigmoid; only its slope matters for training). Default slope = 25.
 */
public class FastSigmoid extends Surrogate {
    private double slope = 25.0;

    public FastSigmoid() {
    }

    public FastSigmoid(double slope) {
        requirePositive("slope", slope);
        this.slope = slope;
    }

    @Override
    public double primitive(double x) {
        return 0.5 + x / (1 + slope * Math.abs(x));
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable x) {
        return x.div(sd.math().abs(x).mul(slope).add(1.0)).add(0.5);
    }

    @Override
    public double derivative(double x) {
        double d = 1 + slope * Math.abs(x);
        return 1 / (d * d);
    }

    public double getSlope() {
        return slope;
    }

    public void setSlope(double slope) {
        this.slope = slope;
    }

    @Override
    protected String parameters() {
        return "slope=" + slope;
    }
}
