package org.snn4j.core.neuron;

/**
 * Multi-step integrate-and-fire neuron (SpikingJelly {@code IFNode}): h = v + x, no leak.
 * Defaults as {@link SpikingNeuron}: v_threshold 1, hard reset to 0, ATan(2), reset not detached.
 */
public class IFNeuron extends SpikingNeuron {

    public IFNeuron() {
    }

    protected IFNeuron(Builder b) {
        super(b);
    }

    @Override
    public double chargeDecay() {
        return 1.0;
    }

    @Override
    public double chargeInputGain() {
        return 1.0;
    }

    @Override
    public double chargeBias() {
        return 0.0;
    }

    public static class Builder extends SpikingNeuron.Builder<Builder> {
        @Override
        @SuppressWarnings("unchecked")
        public IFNeuron build() {
            return new IFNeuron(this);
        }
    }
}
