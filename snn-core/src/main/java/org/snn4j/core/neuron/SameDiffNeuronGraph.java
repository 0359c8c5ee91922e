package org.snn4j.core.neuron;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;
import org.snn4j.core.surrogate.Surrogate;

import java.util.Collections;
import java.util.Map;

/**
 * The multi-step neuron as a SameDiff graph: the time loop unrolled over T, autodiff doing BPTT.
 * This is the readable reference that the fused {@link LinearNeuronKernel} is tested against, and the
 * building block for SameDiff layers ({@link SameDiffNeuron}, attention encoders, user extensions).
 */
public final class SameDiffNeuronGraph {
    private SameDiffNeuronGraph() {
    }

    /** Straight-through spike: forward Heaviside(x) (x >= 0), backward g'(x); or g(x) when not spiking. */
    public static SDVariable spike(SameDiff sd, SDVariable x, Surrogate surrogate) {
        return spike(sd, x, surrogate, false);
    }

    /** As {@link #spike(SameDiff, SDVariable, Surrogate)}; {@code strict} fires on x &gt; 0 instead of x &gt;= 0. */
    public static SDVariable spike(SameDiff sd, SDVariable x, Surrogate surrogate, boolean strict) {
        if (!surrogate.isSpiking()) {
            return surrogate.primitive(sd, x);
        }
        SDVariable g = surrogate.gradientCarrier(sd, x);
        SDVariable heaviside = (strict ? x.gt(0.0) : x.gte(0.0)).castTo(x.dataType());
        return g.add(stopGradient(sd, heaviside.sub(g)));
    }

    public static SDVariable stopGradient(SameDiff sd, SDVariable x) {
        return new StopGradient(sd, x).outputVariable();
    }

    /**
     * Runs the neuron over a T-major time-folded input {@code [T*N, ...]} and returns its output (spikes, or
     * ReLU(h) in membrane mode) in the same shape, with the neuron's fixed charge constants.
     */
    public static SDVariable unroll(SameDiff sd, SDVariable folded, SpikingNeuron cfg) {
        return unroll(sd, folded, cfg, Collections.emptyMap());
    }

    /**
     * As {@link #unroll(SameDiff, SDVariable, SpikingNeuron)}, with the neuron's parameters (PLIF's w) as graph
     * variables. Every op feeds the output (no dangling ops; docs/design.md).
     */
    public static SDVariable unroll(SameDiff sd, SDVariable folded, SpikingNeuron cfg, Map<String, SDVariable> params) {
        return unroll(sd, folded, cfg, params, null);
    }

    /**
     * Refines the charged membrane potential of step t before it fires (MA-SNN's attention on U inside the
     * neuron loop, paper Eq. 14). {@code h} is that step's potential flattened to {@code [N*rest]}; the result
     * must have the same shape.
     */
    @FunctionalInterface
    public interface MembraneHook {
        SDVariable refine(SDVariable h, int t);
    }

    /** As {@link #unroll(SameDiff, SDVariable, SpikingNeuron, Map)}, with {@code hook} (may be null) on each step's potential. */
    public static SDVariable unroll(SameDiff sd, SDVariable folded, SpikingNeuron cfg, Map<String, SDVariable> params,
                                    MembraneHook hook) {
        int steps = cfg.getTimesteps();
        DataType type = folded.dataType();
        SDVariable[] abc = cfg.chargeConstants(sd, params, type);
        double vth = cfg.getVThreshold();
        boolean soft = cfg.getVReset() == null;
        double vReset = soft ? 0.0 : cfg.getVReset();
        boolean membraneOut = cfg.getOutput() == NeuronOutput.MEMBRANE;
        SDVariable[] xs = sd.unstack(sd.reshape(folded, steps, -1), 0, steps);
        SDVariable[] out = new SDVariable[steps];
        SDVariable v = SpikingNeuron.constant(sd, cfg.initialMembrane(), type);
        for (int t = 0; t < steps; t++) {
            SDVariable h = cfg.charge(sd, v, xs[t], abc);
            if (hook != null) {
                h = hook.refine(h, t);
            }
            boolean last = t == steps - 1;
            // in membrane mode the last spike would feed nothing (a dangling op breaks SameDiff backprop)
            SDVariable s = membraneOut && last ? null : spike(sd, h.sub(vth), cfg.getSurrogate(), cfg.isStrictThreshold());
            out[t] = membraneOut ? sd.nn().relu(h, 0.0) : s;
            if (!last) {
                SDVariable r = cfg.isDetachReset() ? stopGradient(sd, s) : s;
                v = soft ? h.sub(r.mul(vth)) : h.mul(r.rsub(1.0)).add(r.mul(vReset));
            }
        }
        return sd.reshape(sd.stack(0, out), sd.shape(folded));
    }
}
