package org.snn4j.core.surrogate;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

import java.io.Serializable;

/**
 * A surrogate spike function: Heaviside forward, a smooth primitive {@code g} whose derivative is used
 * as the spike's gradient (SpikingJelly's {@code surrogate} package).
 *
 * <p>With {@code spiking = true} (default) the neuron fires {@code x >= 0 ? 1 : 0} and back-propagates
 * {@link #derivative(double)}; with {@code spiking = false} the neuron outputs {@link #primitive(double)}
 * itself and back-propagates its true derivative {@link #primitiveDerivative(double)}, which makes the
 * whole network smooth and lets finite-difference gradient checks run. The two derivatives are equal for
 * every surrogate except where SpikingJelly's hand-written backward differs from its primitive
 * (see {@link PiecewiseLeakyReLU}).
 *
 * <p>Subclasses are small value objects with a public no-arg constructor and getters/setters, so they
 * serialize inside a layer's JSON configuration (the concrete class is stored as {@code @class}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public abstract class Surrogate implements Serializable, Cloneable {
    private boolean spiking = true;

    /** The smooth primitive g(x) whose slope stands in for the Heaviside's. */
    public abstract double primitive(double x);

    /** The surrogate gradient of the spike with respect to x = h - v_threshold (spiking mode). */
    public abstract double derivative(double x);

    /** The same primitive g(x) as a SameDiff expression (for the SameDiff neuron implementations). */
    public abstract SDVariable primitive(SameDiff sd, SDVariable x);

    /** The exact derivative of {@link #primitive(double)} (smooth mode); by default {@link #derivative}. */
    public double primitiveDerivative(double x) {
        return derivative(x);
    }

    /**
     * A SameDiff function whose autodiff derivative is {@link #derivative(double)}: the gradient carrier of
     * the straight-through spike. By default the primitive itself.
     */
    public SDVariable gradientCarrier(SameDiff sd, SDVariable x) {
        return primitive(sd, x);
    }

    /** Forward value: Heaviside (x >= 0, as SpikingJelly) when spiking, else the smooth primitive. */
    public double forward(double x) {
        return spiking ? (x >= 0 ? 1.0 : 0.0) : primitive(x);
    }

    /** d forward / dx as used in backward: the surrogate when spiking, the primitive's slope when smooth. */
    public double gradient(double x) {
        return spiking ? derivative(x) : primitiveDerivative(x);
    }

    public boolean isSpiking() {
        return spiking;
    }

    public void setSpiking(boolean spiking) {
        this.spiking = spiking;
    }

    /** Returns this surrogate switched to smooth mode (spiking = false); for gradient checks. */
    public Surrogate smooth() {
        setSpiking(false);
        return this;
    }

    /** An independent copy (surrogates are mutable value objects: a cloned layer must not share one). */
    @Override
    public Surrogate clone() {
        try {
            return (Surrogate) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    /** Parameters for {@link #toString()}, e.g. {@code "alpha=2.0"}. */
    protected abstract String parameters();

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + parameters() + ", spiking=" + spiking + ")";
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }

    /** Clips x to [-w, w] (SameDiff); the building block of the piecewise surrogates. */
    static SDVariable clip(SameDiff sd, SDVariable x, double w) {
        return sd.math().clipByValue(x, -w, w);
    }

    static void requirePositive(String name, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException("surrogate parameter " + name + " must be > 0, got " + v);
        }
    }
}
