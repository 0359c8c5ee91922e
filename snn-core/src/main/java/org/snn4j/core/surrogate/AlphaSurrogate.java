package org.snn4j.core.surrogate;

/**
 * Base of the surrogates whose only setting is one sharpness {@code alpha} (SpikingJelly's common
 * parameter name): holds it, checks it, and serializes it as the JSON property {@code alpha}.
 */
public abstract class AlphaSurrogate extends Surrogate {
    /** Sharpness; read directly by the subclasses' formulas. */
    protected double alpha;

    protected AlphaSurrogate(double alpha) {
        requirePositive("alpha", alpha);
        this.alpha = alpha;
    }

    public double getAlpha() {
        return alpha;
    }

    public void setAlpha(double alpha) {
        this.alpha = alpha;
    }

    @Override
    protected String parameters() {
        return "alpha=" + alpha;
    }
}
