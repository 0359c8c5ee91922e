package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.Surrogate;

import java.util.stream.IntStream;

/**
 * Fused multi-step kernel (double precision, the reference) for every neuron whose charge is linear in (v, x):
 * <pre>
 *   charge: h[t] = a * v[t-1] + b * x[t] + c          (v[-1] = v_init)
 *   fire:   s[t] = Heaviside(h[t] - v_th)              (x &gt;= 0, or x &gt; 0 when strict; surrogate in backward)
 *   reset:  v[t] = h[t] * (1 - s[t]) + v_reset * s[t]  (hard)   or   h[t] - v_th * s[t]  (soft)
 *   output: s[t], or ReLU(h[t]) in membrane (LIAF) mode
 * </pre>
 * IF, LIF (decay_input on/off), PLIF, the MA-SNN and MS-ResNet neurons are all choices of (a, b, c,
 * reset, v_init). The layout is T-major, {@code x[t*M + j]}. Work is split into blocks of neighbouring
 * elements; for each block, time is the outer loop. Backward recomputes the forward of its block (so
 * nothing but the input is kept between forward and backward) and runs BPTT through all T steps.
 */
public final class LinearNeuronKernel {
    static final int BLOCK = 2048;

    private final double a;
    private final double b;
    private final double c;
    private final double vThreshold;
    private final double vReset;
    private final double vInit;
    private final boolean softReset;
    private final boolean detachReset;
    private final boolean strictThreshold;
    private final boolean membraneOutput;
    private final Surrogate surrogate;

    /** The SpikingJelly-style kernel: v_init = v_reset (0 for soft reset), fires at h &gt;= v_th, outputs spikes. */
    public LinearNeuronKernel(double a, double b, double c, double vThreshold, double vReset,
                              boolean softReset, boolean detachReset, Surrogate surrogate) {
        this(a, b, c, vThreshold, vReset, softReset ? 0.0 : vReset, softReset, detachReset, false, false, surrogate);
    }

    public LinearNeuronKernel(double a, double b, double c, double vThreshold, double vReset, double vInit,
                              boolean softReset, boolean detachReset, boolean strictThreshold,
                              boolean membraneOutput, Surrogate surrogate) {
        this.a = a;
        this.b = b;
        this.c = c;
        this.vThreshold = vThreshold;
        this.vReset = vReset;
        this.vInit = vInit;
        this.softReset = softReset;
        this.detachReset = detachReset;
        this.strictThreshold = strictThreshold;
        this.membraneOutput = membraneOutput;
        this.surrogate = surrogate;
    }

    /** The same dynamics with other charge constants (PLIF: tau changes during training). */
    public LinearNeuronKernel withCharge(double a2, double b2, double c2) {
        return new LinearNeuronKernel(a2, b2, c2, vThreshold, vReset, vInit, softReset, detachReset,
                strictThreshold, membraneOutput, surrogate);
    }

    /** The spike (or the smooth primitive in non-spiking mode) for z = h - v_th. */
    double fire(double z) {
        if (!surrogate.isSpiking()) {
            return surrogate.primitive(z);
        }
        return (strictThreshold ? z > 0 : z >= 0) ? 1.0 : 0.0;
    }

    double reset(double h, double s) {
        return softReset ? h - vThreshold * s : h * (1 - s) + vReset * s;
    }

    double output(double h, double s) {
        return membraneOutput ? Math.max(h, 0.0) : s;
    }

    /**
     * Forward over T steps. {@code out} receives the layer output (spikes, or ReLU(h) in membrane mode);
     * {@code membrane} (may be null) receives h[t], the membrane after charge and before reset.
     */
    public void forward(double[] x, int timesteps, double[] out, double[] membrane) {
        forward(x, timesteps, out, membrane, null);
    }

    /**
     * Forward over T steps, also writing (when not null) h[t] into {@code hSeq} and the membrane after
     * reset v[t] into {@code vSeq} (SpikingJelly's {@code v_seq}).
     */
    public void forward(double[] x, int timesteps, double[] out, double[] hSeq, double[] vSeq) {
        int m = checkLength(x, timesteps);
        IntStream.range(0, blocks(m)).parallel().forEach(blk -> {
            int hi = Math.min(m, blk * BLOCK + BLOCK);
            for (int j = blk * BLOCK; j < hi; j++) {
                double v = vInit;
                for (int t = 0; t < timesteps; t++) {
                    int i = t * m + j;
                    double h = a * v + b * x[i] + c;
                    double s = fire(h - vThreshold);
                    out[i] = output(h, s);
                    v = reset(h, s);
                    if (hSeq != null) {
                        hSeq[i] = h;
                    }
                    if (vSeq != null) {
                        vSeq[i] = v;
                    }
                }
            }
        });
    }

    /**
     * BPTT over all T steps given dL/d(output) (eps). Writes dL/dx into {@code dx} and returns the summed
     * gradients of the charge constants {dL/da, dL/db, dL/dc} (used by learnable-tau neurons).
     */
    public double[] backward(double[] x, double[] eps, int timesteps, double[] dx) {
        int m = checkLength(x, timesteps);
        int nBlocks = blocks(m);
        double[][] partial = new double[nBlocks][3];
        IntStream.range(0, nBlocks).parallel().forEach(blk -> {
            int hi = Math.min(m, blk * BLOCK + BLOCK);
            double[] h = new double[timesteps];
            double[] vPrev = new double[timesteps];
            double[] acc = partial[blk];
            for (int j = blk * BLOCK; j < hi; j++) {
                double v = vInit;
                for (int t = 0; t < timesteps; t++) {
                    vPrev[t] = v;
                    h[t] = a * v + b * x[t * m + j] + c;
                    v = reset(h[t], fire(h[t] - vThreshold));
                }
                double gradV = 0;
                for (int t = timesteps - 1; t >= 0; t--) {
                    int i = t * m + j;
                    double z = h[t] - vThreshold;
                    double s = fire(z);
                    double ds = surrogate.gradient(z);
                    double dvdh;
                    if (softReset) {
                        dvdh = 1 - (detachReset ? 0 : vThreshold * ds);
                    } else {
                        dvdh = (1 - s) + (detachReset ? 0 : (vReset - h[t]) * ds);
                    }
                    double dOutDh = membraneOutput ? (h[t] > 0 ? 1.0 : 0.0) : ds;
                    double gradH = eps[i] * dOutDh + gradV * dvdh;
                    dx[i] = b * gradH;
                    acc[0] += gradH * vPrev[t];
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

    public double getA() {
        return a;
    }

    public double getB() {
        return b;
    }

    public double getC() {
        return c;
    }

    public double getVThreshold() {
        return vThreshold;
    }

    public double getVReset() {
        return vReset;
    }

    public double getVInit() {
        return vInit;
    }

    public boolean isSoftReset() {
        return softReset;
    }

    public boolean isDetachReset() {
        return detachReset;
    }

    public boolean isStrictThreshold() {
        return strictThreshold;
    }

    public boolean isMembraneOutput() {
        return membraneOutput;
    }

    public Surrogate getSurrogate() {
        return surrogate;
    }

    static int blocks(int m) {
        return (m + BLOCK - 1) / BLOCK;
    }

    private static int checkLength(double[] x, int timesteps) {
        return elementsPerStep(x.length, timesteps);
    }

    static int elementsPerStep(long length, int timesteps) {
        if (timesteps <= 0 || length % timesteps != 0) {
            throw new IllegalArgumentException("input length " + length + " is not a multiple of T=" + timesteps);
        }
        return Math.toIntExact(length / timesteps);
    }
}
