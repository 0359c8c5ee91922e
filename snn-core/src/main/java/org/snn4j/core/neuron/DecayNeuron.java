package org.snn4j.core.neuron;

/**
 * Neuron with the "decay the state, add the current" charge of the MA-SNN / TA-SNN / MS-ResNet codes:
 * h = decay * v + x, starting from v = 0 whatever the reset value. The paper variants
 * {@link MaSnnNeuron} and {@link MsResNetNeuron} only preset its constants.
 */
public class DecayNeuron extends SpikingNeuron {
    private double decay = 0.5;

    public DecayNeuron() {
    }

    protected DecayNeuron(Builder<?> b) {
        super(b);
        if (!(b.decay >= 0 && b.decay <= 1)) {
            throw new IllegalArgumentException("decay must be in [0, 1], got " + b.decay);
        }
        this.decay = b.decay;
    }

    @Override
    public double chargeDecay() {
        return decay;
    }

    @Override
    public double chargeInputGain() {
        return 1.0;
    }

    @Override
    public double chargeBias() {
        return 0.0;
    }

    /** The codes zero the state before the time loop, independently of the reset value. */
    @Override
    public double initialMembrane() {
        return 0.0;
    }

    public double getDecay() {
        return decay;
    }

    public void setDecay(double decay) {
        this.decay = decay;
    }

    @SuppressWarnings("unchecked")
    public static class Builder<B extends Builder<B>> extends SpikingNeuron.Builder<B> {
        protected double decay = 0.5;

        public B decay(double d) {
            this.decay = d;
            return (B) this;
        }

        @Override
        public DecayNeuron build() {
            return new DecayNeuron(this);
        }
    }
}
