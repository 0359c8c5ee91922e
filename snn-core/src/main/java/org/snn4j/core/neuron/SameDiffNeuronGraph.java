package org.snn4j.core.neuron;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.snn4j.core.surrogate.Surrogate;

/**
 * The multi-step neuron as a SameDiff graph: the time loop unrolled over T, autodiff doing BPTT.
 * This is the readable reference that the fused {@link LinearNeuronKernel} is tested against, and the
 * building block for SameDiff layers (attention encoders, user extensions).
 */
public final class SameDiffNeuronGraph {
    private SameDiffNeuronGraph() {
    }

    /** Straight-through spike: forward Heaviside(x) (x >= 0), backward g'(x); or g(x) when not spiking. */
    public static SDVariable spike(SameDiff sd, SDVariable x, Surrogate surrogate) {
        SDVariable g = surrogate.primitive(sd, x);
        if (!surrogate.isSpiking()) {
            return g;
        }
        SDVariable heaviside = x.gte(0.0).castTo(x.dataType());
        return g.add(stopGradient(sd, heaviside.sub(g)));
    }

    public static SDVariable stopGradient(SameDiff sd, SDVariable x) {
        return new StopGradient(sd, x).outputVariable();
    }

    /**
     * Runs the neuron over a T-major time-folded input {@code [T*N, ...]} and returns the spikes in the
     * same shape. Every op feeds the output (no dangling ops; dl4j-notes §1).
     */
    public static SDVariable unroll(SameDiff sd, SDVariable folded, SpikingNeuron cfg) {
        int steps = cfg.getTimesteps();
        double a = cfg.chargeDecay();
        double b = cfg.chargeInputGain();
        double c = cfg.chargeBias();
        double vth = cfg.getVThreshold();
        boolean soft = cfg.getVReset() == null;
        double vReset = soft ? 0.0 : cfg.getVReset();
        double vInit = soft ? 0.0 : vReset;
        SDVariable[] xs = sd.unstack(sd.reshape(folded, steps, -1), 0, steps);
        SDVariable[] out = new SDVariable[steps];
        SDVariable v = null;
        for (int t = 0; t < steps; t++) {
            SDVariable h = v == null ? xs[t].mul(b).add(a * vInit + c) : v.mul(a).add(xs[t].mul(b)).add(c);
            SDVariable s = spike(sd, h.sub(vth), cfg.getSurrogate());
            out[t] = s;
            if (t < steps - 1) {
                SDVariable r = cfg.isDetachReset() ? stopGradient(sd, s) : s;
                v = soft ? h.sub(r.mul(vth)) : h.mul(r.rsub(1.0)).add(r.mul(vReset));
            }
        }
        return sd.reshape(sd.stack(0, out), sd.shape(folded));
    }
}
