package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.Rectangular;

/**
 * The MS-ResNet neuron (Att_Res_SNN / MS-ResNet {@code mem_update}):
 * U[t] = 0.25 * U[t-1] * (1 - sg(S[t-1])) + X[t], S[t] = [U[t] &gt; 0.5] (strict), U[-1] = 0; gradient
 * 1 for |U - 0.5| &lt; 0.5 (a rectangle of window 1). A hard reset to 0 with a detached spike.
 */
public class MsResNetNeuron extends DecayNeuron {

    public MsResNetNeuron() {
    }

    protected MsResNetNeuron(Builder b) {
        super(b);
    }

    public static class Builder extends DecayNeuron.Builder<Builder> {
        public Builder() {
            decay = 0.25;
            vThreshold = 0.5;
            vReset = 0.0;
            detachReset = true;
            strictThreshold = true;
            surrogate = new Rectangular(1.0);
        }

        @Override
        public MsResNetNeuron build() {
            return new MsResNetNeuron(this);
        }
    }
}
