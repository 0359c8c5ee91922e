package org.snn4j.core.neuron;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.snn4j.core.layer.SnnNoParamLayer;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.Surrogate;

/**
 * Configuration base of a multi-step spiking neuron layer on the time-folded layout
 * {@code [T*N, ...]} (row {@code t*N + n}). Like SpikingJelly's {@code BaseNode}, a subclass only says
 * how it charges; firing (Heaviside + pluggable {@link Surrogate}) and reset (hard to v_reset, or soft
 * by subtraction, optionally detached) are shared. The state starts from its initial value on every
 * forward pass, so nothing leaks between mini-batches or between training and evaluation.
 */
public abstract class SpikingNeuron extends SnnNoParamLayer {
    private int timesteps;
    private double vThreshold = 1.0;
    /** Reset value; null means soft reset (subtract v_threshold), as SpikingJelly's v_reset=None. */
    private Double vReset = 0.0;
    private boolean detachReset = false;
    private Surrogate surrogate = new ATan();

    protected SpikingNeuron() {
    }

    protected SpikingNeuron(Builder<?> b) {
        super(b);
        this.timesteps = b.timesteps;
        this.vThreshold = b.vThreshold;
        this.vReset = b.vReset;
        this.detachReset = b.detachReset;
        this.surrogate = b.surrogate;
    }

    /** Charge decay a in h = a*v + b*x + c. */
    public abstract double chargeDecay();

    /** Input gain b in h = a*v + b*x + c. */
    public abstract double chargeInputGain();

    /** Constant c in h = a*v + b*x + c. */
    public abstract double chargeBias();

    /** The fused kernel for this configuration. */
    public LinearNeuronKernel kernel() {
        boolean soft = vReset == null;
        return new LinearNeuronKernel(chargeDecay(), chargeInputGain(), chargeBias(), vThreshold,
                soft ? 0.0 : vReset, soft, detachReset, surrogate);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    public int getTimesteps() {
        return timesteps;
    }

    public void setTimesteps(int timesteps) {
        this.timesteps = timesteps;
    }

    public double getVThreshold() {
        return vThreshold;
    }

    public void setVThreshold(double vThreshold) {
        this.vThreshold = vThreshold;
    }

    public Double getVReset() {
        return vReset;
    }

    public void setVReset(Double vReset) {
        this.vReset = vReset;
    }

    public boolean isDetachReset() {
        return detachReset;
    }

    public void setDetachReset(boolean detachReset) {
        this.detachReset = detachReset;
    }

    public Surrogate getSurrogate() {
        return surrogate;
    }

    public void setSurrogate(Surrogate surrogate) {
        this.surrogate = surrogate;
    }

    /** Builder fields shared by all neurons. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<B extends Builder<B>> extends org.deeplearning4j.nn.conf.layers.Layer.Builder<B> {
        protected int timesteps;
        protected double vThreshold = 1.0;
        protected Double vReset = 0.0;
        protected boolean detachReset = false;
        protected Surrogate surrogate = new ATan();

        /** Number of time steps T folded into the minibatch axis. */
        public B timesteps(int t) {
            this.timesteps = t;
            return (B) this;
        }

        public B vThreshold(double v) {
            this.vThreshold = v;
            return (B) this;
        }

        /** Hard reset to this value. */
        public B vReset(double v) {
            this.vReset = v;
            return (B) this;
        }

        /** Soft reset: subtract v_threshold after a spike (SpikingJelly v_reset=None). */
        public B softReset() {
            this.vReset = null;
            return (B) this;
        }

        public B detachReset(boolean d) {
            this.detachReset = d;
            return (B) this;
        }

        public B surrogate(Surrogate s) {
            this.surrogate = s;
            return (B) this;
        }
    }
}
