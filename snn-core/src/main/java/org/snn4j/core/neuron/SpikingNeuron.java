package org.snn4j.core.neuron;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.params.EmptyParamInitializer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.backend.JavaKernels;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.Surrogate;
import org.snn4j.core.layer.LayerWiring;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;

/**
 * Configuration base of a multi-step spiking neuron layer on the time-folded layout
 * {@code [T*N, ...]} (row {@code t*N + n}). Like SpikingJelly's {@code BaseNode}, a subclass only says
 * how it charges (h = a*v + b*x + c); firing (Heaviside + pluggable {@link Surrogate}, optionally strict
 * {@code h > v_th}) and reset (hard to v_reset, or soft by subtraction, optionally detached) are shared.
 * The state starts from {@link #initialMembrane()} on every forward pass, so nothing leaks between
 * mini-batches or between training and evaluation.
 *
 * <p>It extends DL4J's {@link BaseLayer} configuration so that neurons with parameters (PLIF's learnable
 * tau) get the network's updater; parameter-free neurons use the empty initializer. {@link #getImplementation()}
 * selects the fused layer (default) or the SameDiff layer; both read this same configuration.
 */
public abstract class SpikingNeuron extends BaseLayer {

    private int timesteps;
    private double vThreshold = 1.0;
    /** Reset value; null means soft reset (subtract v_threshold), as SpikingJelly's v_reset=None. */
    private Double vReset = 0.0;
    private boolean detachReset = false;
    private boolean strictThreshold = false;
    private Surrogate surrogate = new ATan();
    private NeuronOutput output = NeuronOutput.SPIKES;
    private NeuronImplementation implementation = NeuronImplementation.FUSED;

    protected SpikingNeuron() {
    }

    protected SpikingNeuron(Builder<?> b) {
        super(b);
        if (b.timesteps <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " needs timesteps(T) > 0, got " + b.timesteps);
        }
        this.timesteps = b.timesteps;
        this.vThreshold = b.vThreshold;
        this.vReset = b.vReset;
        this.detachReset = b.detachReset;
        this.strictThreshold = b.strictThreshold;
        this.surrogate = b.surrogate;
        this.output = b.output;
        this.implementation = b.implementation;
    }

    /** Charge decay a in h = a*v + b*x + c. */
    public abstract double chargeDecay();

    /** Input gain b in h = a*v + b*x + c. */
    public abstract double chargeInputGain();

    /** Constant c in h = a*v + b*x + c. */
    public abstract double chargeBias();

    /** Membrane before the first step: v_reset for a hard reset, 0 for a soft reset (as SpikingJelly). */
    public double initialMembrane() {
        return vReset == null ? 0.0 : vReset;
    }

    /** The fused kernel for this configuration with its fixed charge constants. */
    public LinearNeuronKernel kernel() {
        if (!linearCharge()) {
            throw new IllegalStateException(getClass().getSimpleName() + " charges non-linearly: the fused kernel cannot "
                    + "run it; use the SameDiff implementation (neurons and SMA switch to it by themselves)");
        }
        boolean soft = vReset == null;
        return new LinearNeuronKernel(chargeDecay(), chargeInputGain(), chargeBias(), vThreshold,
                soft ? 0.0 : vReset, initialMembrane(), soft, detachReset, strictThreshold,
                output == NeuronOutput.MEMBRANE, surrogate);
    }

    /** The fused kernel given the layer's current parameters (overridden by neurons with parameters). */
    public LinearNeuronKernel kernel(Map<String, INDArray> params) {
        return kernel();
    }

    /**
     * Gradients of this neuron's parameters from the kernel's summed charge-constant gradients
     * {dL/da, dL/db, dL/dc}; empty for parameter-free neurons.
     */
    public Map<String, Double> parameterGradients(Map<String, INDArray> params, double[] chargeGradients) {
        return Collections.emptyMap();
    }

    /**
     * The charge constants {a, b, c} as SameDiff values of the given type: constants by default; a neuron
     * with parameters derives them from {@code params} (which may be empty when unrolled outside a layer).
     */
    public SDVariable[] chargeConstants(SameDiff sd, Map<String, SDVariable> params, DataType type) {
        return new SDVariable[]{constant(sd, chargeDecay(), type), constant(sd, chargeInputGain(), type),
                constant(sd, chargeBias(), type)};
    }

    /**
     * The charge step of the SameDiff implementation: the membrane after charging, from the previous membrane
     * {@code v} and this step's input {@code x} (both {@code [N*rest]}), given {@link #chargeConstants}. The
     * default is the linear charge h = a*v + b*x + c that the fused kernel implements too. Override it (and
     * {@link #linearCharge()}, to return false) for another neuron model, e.g. a quadratic or adaptive
     * integrate-and-fire: the layer then always runs the SameDiff implementation, whose autodiff gives the
     * BPTT gradient; fire and reset stay the shared steps.
     */
    public SDVariable charge(SameDiff sd, SDVariable v, SDVariable x, SDVariable[] constants) {
        return v.mul(constants[0]).add(x.mul(constants[1])).add(constants[2]);
    }

    /**
     * Whether {@link #charge} is the linear h = a*v + b*x + c (true by default): only then can the fused
     * kernel run this neuron.
     */
    public boolean linearCharge() {
        return true;
    }

    protected static SDVariable constant(SameDiff sd, double value, DataType type) {
        return sd.constant(Nd4j.scalar(type, value));
    }

    /** Shapes of this neuron's parameters for the SameDiff implementation (none by default). */
    public Map<String, long[]> parameterShapes() {
        return Collections.emptyMap();
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        if (implementation == NeuronImplementation.SAMEDIFF || !linearCharge() || !fusedKernelsUsable()) {
            return SameDiffNeuron.instantiateFor(this, conf, listeners, index, paramsView, initializeParams, dataType);
        }
        return LayerWiring.wire(new SpikingNeuronLayer(conf, dataType), conf, listeners, index, paramsView,
                initializer().init(conf, paramsView, initializeParams));
    }

    /** A copy that shares no mutable state with this configuration (the surrogate included). */
    @Override
    public SpikingNeuron clone() {
        SpikingNeuron c = (SpikingNeuron) super.clone();
        c.surrogate = surrogate == null ? null : surrogate.clone();
        return c;
    }

    /** Whether the fused kernels can run on the loaded ND4J backend ({@link JavaKernels}); else SameDiff is used. */
    protected boolean fusedKernelsUsable() {
        return JavaKernels.useFused(getClass().getSimpleName());
    }

    @Override
    public ParamInitializer initializer() {
        return EmptyParamInitializer.getInstance();
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        // elementwise: nothing to infer
    }

    @Override
    public InputPreProcessor getPreProcessorForInputType(InputType inputType) {
        return null;
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, inputType)
                .standardMemory(0, initializer().numParams(this)).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
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

    public boolean isStrictThreshold() {
        return strictThreshold;
    }

    public void setStrictThreshold(boolean strictThreshold) {
        this.strictThreshold = strictThreshold;
    }

    public Surrogate getSurrogate() {
        return surrogate;
    }

    public void setSurrogate(Surrogate surrogate) {
        this.surrogate = surrogate;
    }

    public NeuronOutput getOutput() {
        return output;
    }

    public void setOutput(NeuronOutput output) {
        this.output = output;
    }

    public NeuronImplementation getImplementation() {
        return implementation;
    }

    public void setImplementation(NeuronImplementation implementation) {
        this.implementation = implementation;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpikingNeuron) || o.getClass() != getClass() || !super.equals(o)) {
            return false;
        }
        SpikingNeuron n = (SpikingNeuron) o;
        return timesteps == n.timesteps && vThreshold == n.vThreshold && java.util.Objects.equals(vReset, n.vReset)
                && detachReset == n.detachReset && strictThreshold == n.strictThreshold
                && java.util.Objects.equals(surrogate, n.surrogate) && output == n.output
                && implementation == n.implementation && chargeDecay() == n.chargeDecay()
                && chargeInputGain() == n.chargeInputGain() && chargeBias() == n.chargeBias()
                && initialMembrane() == n.initialMembrane();
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(super.hashCode(), timesteps, vThreshold, vReset, surrogate, output);
    }

    /** Builder fields shared by all neurons. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<B extends Builder<B>> extends BaseLayer.Builder<B> {
        protected int timesteps;
        protected double vThreshold = 1.0;
        protected Double vReset = 0.0;
        protected boolean detachReset = false;
        protected boolean strictThreshold = false;
        protected Surrogate surrogate = new ATan();
        protected NeuronOutput output = NeuronOutput.SPIKES;
        protected NeuronImplementation implementation = NeuronImplementation.FUSED;

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

        /** Fire only when h &gt; v_th (MS-ResNet code) instead of h &gt;= v_th (SpikingJelly, MA-SNN). */
        public B strictThreshold(boolean strict) {
            this.strictThreshold = strict;
            return (B) this;
        }

        public B surrogate(Surrogate s) {
            this.surrogate = s;
            return (B) this;
        }

        public B output(NeuronOutput o) {
            this.output = o;
            return (B) this;
        }

        public B implementation(NeuronImplementation impl) {
            this.implementation = impl;
            return (B) this;
        }
    }
}
