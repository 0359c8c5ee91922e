package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.Surrogate;

import java.util.stream.IntStream;

/**
 * Fused multi-step kernel for every neuron whose charge is linear in (v, x):
 * <pre>
 *   charge: h[t] = a * v[t-1] + b * x[t] + c          (v[-1] = v_init)
 *   fire:   s[t] = Heaviside(h[t] - v_th)              (surrogate gradient in backward)
 *   reset:  v[t] = h[t] * (1 - s[t]) + v_reset * s[t]  (hard)   or   h[t] - v_th * s[t]  (soft)
 * </pre>
 * IF, LIF (decay_input on/off), PLIF, the MA-SNN and MS-ResNet neurons are all choices of (a, b, c,
 * reset). The layout is T-major, {@code x[t*M + j]}. Work is split into blocks of neighbouring elements;
 * for each block, time is the outer loop. Backward recomputes the forward of its block (so nothing but
 * the input is kept between forward and backward) and runs BPTT through all T steps.
 */
public final class LinearNeuronKernel {
    private static final int BLOCK = 2048;

    private final double a;
    private final double b;
    private final double c;
    private final double vThreshold;
    private final double vReset;
    private final boolean softReset;
    private final boolean detachReset;
    private final Surrogate surrogate;

    public LinearNeuronKernel(double a, double b, double c, double vThreshold, double vReset,
                              boolean softReset, boolean detachReset, Surrogate surrogate) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.vThreshold = vThreshold;
        this.vReset = vReset;
        this.softReset = softReset;
        this.detachReset = detachReset;
        this.surrogate = surrogate;
    }

    /** Initial membrane: v_reset for a hard reset, 0 for a soft reset (as SpikingJelly). */
    private double vInit() {
        return softReset ? 0.0 : vReset;
    }

    private double reset(double h, double s) {
        return softReset ? h - vThreshold * s : h * (1 - s) + vReset * s;
    }

    /**
     * Forward over T steps. {@code spikes} receives s[t]; {@code membrane} (may be null) receives h[t],
     * the membrane after charge and before reset.
     */
    public void forward(double[] x, int timesteps, double[] spikes, double[] membrane) {
        int m = checkLength(x, timesteps);
        IntStream.range(0, blocks(m)).parallel().forEach(blk -> {
            int lo = blk * BLOCK;
            int hi = Math.min(m, lo + BLOCK);
            for (int j = lo; j < hi; j++) {
                double v = vInit();
                for (int t = 0; t < timesteps; t++) {
                    int i = t * m + j;
                    double h = a * v + b * x[i] + c;
                    double s = surrogate.forward(h - vThreshold);
                    spikes[i] = s;
                    if (membrane != null) {
                        membrane[i] = h;
                    }
                    v = reset(h, s);
                }
            }
        });
    }

    /**
     * BPTT over all T steps given dL/ds (eps). Writes dL/dx into {@code dx} and returns the summed
     * gradients of the charge constants {dL/da, dL/db, dL/dc} (used by learnable-tau neurons).
     */
    public double[] backward(double[] x, double[] eps, int timesteps, double[] dx) {
        int m = checkLength(x, timesteps);
        int nBlocks = blocks(m);
        double[][] partial = new double[nBlocks][3];
        IntStream.range(0, nBlocks).parallel().forEach(blk -> {
            int lo = blk * BLOCK;
            int hi = Math.min(m, lo + BLOCK);
            double[] h = new double[timesteps];
            double[] acc = partial[blk];
            for (int j = lo; j < hi; j++) {
                double v = vInit();
                for (int t = 0; t < timesteps; t++) {
                    h[t] = a * v + b * x[t * m + j] + c;
                    v = reset(h[t], surrogate.forward(h[t] - vThreshold));
                }
                double gradV = 0;
                for (int t = timesteps - 1; t >= 0; t--) {
                    int i = t * m + j;
                    double z = h[t] - vThreshold;
                    double s = surrogate.forward(z);
                    double ds = surrogate.derivative(z);
                    double dvdh;
                    if (softReset) {
                        dvdh = 1 - (detachReset ? 0 : vThreshold * ds);
                    } else {
                        dvdh = (1 - s) + (detachReset ? 0 : (vReset - h[t]) * ds);
                    }
                    double gradH = eps[i] * ds + gradV * dvdh;
                    dx[i] = b * gradH;
                    double vPrev = t == 0 ? vInit() : reset(h[t - 1], surrogate.forward(h[t - 1] - vThreshold));
                    acc[0] += gradH * vPrev;
                    acc[1] += gradH * x[i];
                    acc[2] += gradH;
                    gradV = a * gradH;
                }
            }
        });
        double[] total = new double[3];
        for (double[] p : partial) {
            for (int k = 0; k < 3; k++) {
                total[k] += p[k];
            }
        }
        return total;
    }

    private static int blocks(int m) {
        return (m + BLOCK - 1) / BLOCK;
    }

    private static int checkLength(double[] x, int timesteps) {
        if (timesteps <= 0 || x.length % timesteps != 0) {
            throw new IllegalArgumentException("input length " + x.length + " is not a multiple of T=" + timesteps);
        }
        return x.length / timesteps;
    }
}
