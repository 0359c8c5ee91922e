package org.snn4j.core.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Rectangular surrogate with window a (MA-SNN / TA-SNN released code, STBP): g'(x) = 1/a for
 * |x| &lt; a/2, else 0; primitive g(x) = clip(x/a + 1/2, 0, 1). MA-SNN uses a = 0.5 (Gesture, Gait) and
 * a = 1 (CIFAR10-DVS); the MS-ResNet neuron's "1 if |U - 0.5| &lt; 0.5" is a = 1. Default a = 1.
 * (Not in SpikingJelly 0.0.0.0.14.)
 */
public class Rectangular extends Surrogate {
    private double a = 1.0;

    public Rectangular() {
    }

    public Rectangular(double a) {
        requirePositive("a", a);
        this.a = a;
    }

    @Override
    public double primitive(double x) {
        return Math.min(1.0, Math.max(0.0, x / a + 0.5));
    }

    @Override
    public SDVariable primitive(SameDiff sd, SDVariable x) {
        return clip(sd, x.div(a), 0.5).add(0.5);
    }

    @Override
    public double derivative(double x) {
        return Math.abs(x) < a / 2 ? 1 / a : 0.0;
    }

    public double getA() {
        return a;
    }

    public void setA(double a) {
        this.a = a;
    }

    @Override
    protected String parameters() {
        return "a=" + a;
    }
}
