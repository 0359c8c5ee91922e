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
 * itself, which makes the whole network smooth and lets finite-difference gradient checks run.
 *
 * <p>Subclasses are small value objects with a public no-arg constructor and getters/setters, so they
 * serialize inside a layer's JSON configuration (the concrete class is stored as {@code @class}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.CLASS, include = JsonTypeInfo.As.PROPERTY, property = "@class")
public abstract class Surrogate implements Serializable {
    private boolean spiking = true;

    /** The smooth primitive g(x) whose slope stands in for the Heaviside's. */
    public abstract double primitive(double x);

    /** g'(x): the surrogate gradient of the spike with respect to x = h - v_threshold. */
    public abstract double derivative(double x);

    /** The same primitive g(x) as a SameDiff expression (for the SameDiff neuron implementations). */
    public abstract SDVariable primitive(SameDiff sd, SDVariable x);

    /** Forward value: Heaviside (x >= 0, as SpikingJelly) when spiking, else the smooth primitive. */
    public double forward(double x) {
        return spiking ? (x >= 0 ? 1.0 : 0.0) : primitive(x);
    }

    public boolean isSpiking() {
        return spiking;
    }

    public void setSpiking(boolean spiking) {
        this.spiking = spiking;
    }

    @Override
    public boolean equals(Object o) {
        return o != null && o.getClass() == getClass() && toString().equals(o.toString());
    }

    @Override
    public int hashCode() {
        return toString().hashCode();
    }
}
