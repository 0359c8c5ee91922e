package org.snn4j.models.zoo;

import org.snn4j.models.loss.LossKind;

import java.util.Map;

/**
 * A small conv SNN for the built-in synthetic event dataset (2 x 32 x 32, 11 classes):
 * FoldTime -> [Conv3x3(16)-BN-LIF-MaxPool2] -> [Conv3x3(32)-BN-LIF-MaxPool2] -> FC(K) -> MeanOverTime
 * -> softmax cross-entropy. SpikingJelly LIF (tau 2, hard reset, detached, ATan).
 */
final class SmallSnn implements ZooModel {
    @Override
    public String name() {
        return "small-snn";
    }

    @Override
    public String description() {
        return "small conv SNN (16-32 channels) for the synthetic event dataset; trains in minutes on 2 cores";
    }

    @Override
    public ModelOptions defaults() {
        return new ModelOptions().input(2, 32, 32).timesteps(8).classes(11).loss(LossKind.CE);
    }

    @Override
    public Map<String, String> variantKeys() {
        return Map.of();
    }

    @Override
    public ZooConfiguration build(ModelOptions o) {
        checkVariants(o);
        NeuronFactory lif = o.neuronOr(NeuronFactory.spikingJellyLif());
        SequentialNet net = new SequentialNet(o);
        for (int c : new int[]{16, 32}) {
            net.conv(o.scaled(c), 3, true).batchNorm().neuron(lif).maxPool(2);
        }
        return net.dense(o.classes(), true).head().build(name());
    }
}
