package org.snn4j.core.attention;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.snn4j.core.neuron.SameDiffNeuronGraph;
import org.snn4j.core.neuron.SpikingNeuron;

/**
 * The neuron's time loop unrolled in SameDiff with a hook on the membrane potential before firing, for
 * MA-SNN's Activate-PRE attention (paper Eq. 14): h^t = a v^{t-1} + b x^t + c, U^t = f(h^t, t),
 * S^t = Θ(U^t - v_th), v^t = reset(U^t, S^t). The same charge/fire/reset rules as
 * {@link SameDiffNeuronGraph#unroll} (which has no hook), applied to the refined potential.
 */
final class MembraneAttentionLoop {
    private MembraneAttentionLoop() {
    }

    /** Refines the membrane potential [N, C, H, W] of step t. */
    interface MembraneHook {
        SDVariable refine(SDVariable h, int t);
    }

    static SDVariable unroll(SameDiff sd, SDVariable folded, SpikingNeuron cfg, long c, long height, long width,
                             MembraneHook hook) {
        int steps = cfg.getTimesteps();
        double a = cfg.chargeDecay();
        double b = cfg.chargeInputGain();
        double bias = cfg.chargeBias();
        double vth = cfg.getVThreshold();
        boolean soft = cfg.getVReset() == null;
        double vReset = soft ? 0.0 : cfg.getVReset();
        SDVariable[] xs = sd.unstack(sd.reshape(folded, steps, -1), 0, steps);
        SDVariable[] out = new SDVariable[steps];
        SDVariable v = null;
        for (int t = 0; t < steps; t++) {
            SDVariable x = sd.reshape(xs[t], -1, c, height, width);
            SDVariable h = v == null ? x.mul(b).add(a * vReset + bias) : v.mul(a).add(x.mul(b)).add(bias);
            SDVariable u = hook.refine(h, t);
            SDVariable s = SameDiffNeuronGraph.spike(sd, u.sub(vth), cfg.getSurrogate());
            out[t] = s;
            if (t < steps - 1) {
                SDVariable r = cfg.isDetachReset() ? SameDiffNeuronGraph.stopGradient(sd, s) : s;
                v = soft ? u.sub(r.mul(vth)) : u.mul(r.rsub(1.0)).add(r.mul(vReset));
            }
        }
        return sd.stack(0, out);
    }
}
