package org.snn4j.core.neuron.fast;

/**
 * Implemented by a {@code Surrogate} that provides its own vectorised spiking-mode gradient for the Vector
 * API float kernel (it must equal its {@code derivative(double)} to float rounding). A surrogate without it
 * gets the scalar loop over {@code derivative}, which is always correct. Implementations may use
 * {@code jdk.incubator.vector}; they are only called when that module is loaded.
 */
public interface VectorGradient {
    /** out[j] = g'(h[off + j] - vth) for j in [0, len), len a multiple of the preferred float vector length. */
    void gradients(float[] h, int off, float vth, float[] out, int len);
}
