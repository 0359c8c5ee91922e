package org.snn4j.core.neuron;

import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.Surrogate;

/** Named neuron configurations shared by the tests. */
final class NeuronConfigs {
    private NeuronConfigs() {
    }

    /**
     * A neuron by name with T steps, the given surrogate (null keeps the neuron's own) and implementation.
     * Names: if, lif-hard, lif-hard-detach, lif-soft, lif-soft-detach, lif-nodecay, plif, plif-soft-nodecay,
     * masnn-code, masnn-paper, masnn-liaf, msresnet.
     */
    static SpikingNeuron named(String name, int t, Surrogate surrogate, NeuronImplementation impl) {
        SpikingNeuron.Builder<?> b;
        switch (name) {
            case "if":
                b = new IFNeuron.Builder().vThreshold(0.6);
                break;
            case "lif-hard":
                b = new LIFNeuron.Builder().tau(2.0).vThreshold(0.5).vReset(0.1);
                break;
            case "lif-hard-detach":
                b = new LIFNeuron.Builder().tau(2.0).vThreshold(0.5).detachReset(true);
                break;
            case "lif-soft":
                b = new LIFNeuron.Builder().tau(3.0).vThreshold(0.5).softReset();
                break;
            case "lif-soft-detach":
                b = new LIFNeuron.Builder().tau(3.0).vThreshold(0.5).softReset().detachReset(true);
                break;
            case "lif-nodecay":
                b = new LIFNeuron.Builder().tau(2.5).vThreshold(0.5).decayInput(false);
                break;
            case "plif":
                b = new PLIFNeuron.Builder().initTau(2.0).vThreshold(0.5).vReset(0.2);
                break;
            case "plif-soft-nodecay":
                b = new PLIFNeuron.Builder().initTau(3.0).vThreshold(0.5).softReset().decayInput(false);
                break;
            case "masnn-code":
                b = new MaSnnNeuron.Builder().reset(MaSnnNeuron.Reset.RELEASED_CODE);
                break;
            case "masnn-paper":
                b = new MaSnnNeuron.Builder().reset(MaSnnNeuron.Reset.PAPER);
                break;
            case "masnn-liaf":
                b = new MaSnnNeuron.Builder().output(NeuronOutput.MEMBRANE);
                break;
            case "msresnet":
                b = new MsResNetNeuron.Builder();
                break;
            default:
                throw new IllegalArgumentException("unknown neuron " + name);
        }
        b.timesteps(t).implementation(impl);
        if (surrogate != null) {
            b.surrogate(surrogate);
        }
        return (SpikingNeuron) b.build();
    }

    static Surrogate smoothATan() {
        return new ATan(2.0).smooth();
    }
}
