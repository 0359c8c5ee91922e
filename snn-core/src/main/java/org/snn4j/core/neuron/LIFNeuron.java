package org.snn4j.core.neuron;

/**
 * Multi-step leaky integrate-and-fire neuron, as SpikingJelly's {@code LIFNode}:
 * with decay_input, h = v + (x - (v - v_reset)) / tau; without, h = v - (v - v_reset) / tau + x
 * (soft reset: v_reset taken as 0 in the charge). Defaults: tau 2, v_threshold 1, hard reset to 0,
 * ATan(alpha=2), reset not detached.
 */
public class LIFNeuron extends SpikingNeuron {
    private double tau = 2.0;
    private boolean decayInput = true;

    public LIFNeuron() {
    }

    protected LIFNeuron(Builder b) {
        super(b);
        this.tau = b.tau;
        this.decayInput = b.decayInput;
    }

    @Override
    public double chargeDecay() {
        return 1 - 1 / tau;
    }

    @Override
    public double chargeInputGain() {
        return decayInput ? 1 / tau : 1.0;
    }

    @Override
    public double chargeBias() {
        return getVReset() == null ? 0.0 : getVReset() / tau;
    }

    public double getTau() {
        return tau;
    }

    public void setTau(double tau) {
        this.tau = tau;
    }

    public boolean isDecayInput() {
        return decayInput;
    }

    public void setDecayInput(boolean decayInput) {
        this.decayInput = decayInput;
    }

    public static class Builder extends SpikingNeuron.Builder<Builder> {
        protected double tau = 2.0;
        protected boolean decayInput = true;

        public Builder tau(double tau) {
            if (tau <= 1.0) {
                throw new IllegalArgumentException("LIF tau must be > 1, got " + tau);
            }
            this.tau = tau;
            return this;
        }

        public Builder decayInput(boolean d) {
            this.decayInput = d;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public LIFNeuron build() {
            return new LIFNeuron(this);
        }
    }
}
