package org.snn4j.core.neuron;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Map;

/**
 * Parametric LIF neuron with a learnable time constant (SpikingJelly {@code ParametricLIFNode}, Fang et al.
 * 2021): one scalar parameter {@code w} per layer with 1/tau = k = sigmoid(w), initialised to
 * w = -ln(init_tau - 1). Charge as {@link LIFNeuron} with 1/tau replaced by k:
 * with decay_input h = (1 - k) v + k x + k v_reset, without h = (1 - k) v + x + k v_reset.
 * The gradient of w comes from the fused kernel's summed charge-constant gradients:
 * dL/dw = k (1 - k) (-dL/da + [decay_input] dL/db + v_reset dL/dc). The configured {@code tau}
 * is the initial value.
 */
public class PLIFNeuron extends LIFNeuron {
    /** Name of the parameter in the layer's parameter table. */
    public static final String W = "w";

    public PLIFNeuron() {
    }

    protected PLIFNeuron(Builder b) {
        super(b);
    }

    /** w with sigmoid(w) = 1/tau. */
    public static double wForTau(double tau) {
        return -Math.log(tau - 1);
    }

    private static double sigmoid(double w) {
        return 1 / (1 + Math.exp(-w));
    }

    private double resetValue() {
        return getVReset() == null ? 0.0 : getVReset();
    }

    @Override
    public LinearNeuronKernel kernel(Map<String, INDArray> params) {
        INDArray w = params == null ? null : params.get(W);
        if (w == null) {
            return kernel();
        }
        double k = sigmoid(w.getDouble(0));
        return kernel().withCharge(1 - k, isDecayInput() ? k : 1.0, resetValue() * k);
    }

    @Override
    public Map<String, Double> parameterGradients(Map<String, INDArray> params, double[] g) {
        double k = sigmoid(params.get(W).getDouble(0));
        double dk = -g[0] + (isDecayInput() ? g[1] : 0.0) + resetValue() * g[2];
        return Map.of(W, dk * k * (1 - k));
    }

    @Override
    public SDVariable[] chargeConstants(SameDiff sd, Map<String, SDVariable> params, DataType type) {
        SDVariable w = params == null ? null : params.get(W);
        if (w == null) {
            return super.chargeConstants(sd, params, type);
        }
        SDVariable k = sd.nn().sigmoid(w.castTo(type));
        SDVariable b = isDecayInput() ? k : constant(sd, 1.0, type);
        return new SDVariable[]{k.rsub(1.0), b, k.mul(resetValue())};
    }

    @Override
    public Map<String, long[]> parameterShapes() {
        return Map.of(W, new long[]{1, 1});
    }

    @Override
    public ParamInitializer initializer() {
        return PLIFParamInitializer.getInstance();
    }

    @Override
    public org.nd4j.linalg.learning.config.IUpdater getUpdaterByParam(String paramName) {
        return getIUpdater();
    }

    @Override
    public java.util.List<org.nd4j.linalg.learning.regularization.Regularization> getRegularizationByParam(String p) {
        return java.util.Collections.emptyList();
    }

    public static class Builder extends LIFNeuron.Builder {
        /** Initial tau (SpikingJelly init_tau, default 2). */
        public Builder initTau(double tau) {
            tau(tau);
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public PLIFNeuron build() {
            return new PLIFNeuron(this);
        }
    }
}
