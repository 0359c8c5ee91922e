package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.Rectangular;

/**
 * The event-data neuron of MA-SNN / TA-SNN (Yao et al., MA-SNN and TA-SNN event-data code): U = H + X,
 * S = Heaviside(U - u_th) (fires at equality), H = beta * [reset value if S else U], with beta = 0.3,
 * u_th = 0.3, rectangular surrogate of window a (0.5 for Gesture/Gait, 1.0 for CIFAR10-DVS), H = 0
 * before the first step. In our charge form: h = 0.3 v + x with v the post-reset membrane.
 *
 * <p>{@link Reset#RELEASED_CODE} (default) follows {@code MA_SNN/module/LIF.py}: after a spike the
 * state becomes beta * u_th (reset value u_th) and the spike is <em>not</em> detached in the reset.
 * {@link Reset#PAPER} follows Eq. 5 (and the later ASA-SNN code): reset to V_reset = 0.
 * Output {@link NeuronOutput#MEMBRANE} gives the LIAF variant (ReLU(U) before the reset).
 */
public class MaSnnNeuron extends DecayNeuron {

    /** Which reset value after a spike. */
    public enum Reset {
        /** Released code: state after a spike is beta * u_th (reset value u_th). */
        RELEASED_CODE,
        /** Paper Eq. 5: reset to 0. */
        PAPER
    }

    public MaSnnNeuron() {
    }

    protected MaSnnNeuron(Builder b) {
        super(b);
    }

    public static class Builder extends DecayNeuron.Builder<Builder> {
        private Reset reset = Reset.RELEASED_CODE;

        public Builder() {
            decay = 0.3;
            vThreshold = 0.3;
            detachReset = false;
            surrogate = new Rectangular(0.5);
        }

        /** Rectangular surrogate window a (0.5 Gesture/Gait, 1.0 CIFAR10-DVS). */
        public Builder window(double a) {
            return surrogate(new Rectangular(a));
        }

        public Builder reset(Reset r) {
            this.reset = r;
            return this;
        }

        @Override
        public MaSnnNeuron build() {
            vReset = reset == Reset.RELEASED_CODE ? vThreshold : 0.0;
            return new MaSnnNeuron(this);
        }
    }
}
