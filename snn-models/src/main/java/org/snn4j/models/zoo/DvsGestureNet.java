package org.snn4j.models.zoo;

import org.snn4j.models.layer.Voting;
import org.snn4j.models.loss.LossKind;

import java.util.Map;

/**
 * SpikingJelly's {@code DVSGestureNet(channels=128)} (activation_based/model/parametric_lif_net.py), the
 * common baseline (SpikingJelly's example network): 5 x [Conv3x3(channels, no bias)-BN-LIF-MaxPool2], Flatten,
 * Dropout(0.5), FC(channels*4*4 -> 512), LIF, Dropout(0.5), FC(512 -> 10K), LIF, VotingLayer(10); trained
 * with MSE between the mean-over-T output and the one-hot label. 1,698,926 parameters at 128 channels
 * and 2 x 128 x 128 input. Dropout masks are shared over time, as SpikingJelly's multi-step Dropout.
 *
 * <p>By default each block's BN-LIF-MaxPool runs as one {@code BatchNormSpikePool} layer and its conv as an
 * {@code IdentityConvolution}, and block 1 (2 input channels) as one {@code ConvBatchNormSpikePool} that also
 * recomputes its conv (same parameters and results, a fraction of the activation memory); variant
 * {@code fused=false} builds DL4J's conv and the three separate layers (the BN-LIF-MaxPool part is also
 * unfused automatically for neurons with parameters, which the fused layer does not take).
 */
final class DvsGestureNet implements ZooModel {
    static final String CHANNELS = "channels";
    static final String FUSED = "fused";

    @Override
    public String name() {
        return "dvs-gesture-net";
    }

    @Override
    public String description() {
        return "SpikingJelly DVSGestureNet (5 conv blocks, FC 512, voting 10), speed baseline";
    }

    @Override
    public ModelOptions defaults() {
        return new ModelOptions().input(2, 128, 128).timesteps(16).classes(11).loss(LossKind.MSE);
    }

    @Override
    public Map<String, String> variantKeys() {
        return Map.of(CHANNELS, "conv channels of every block (SpikingJelly's 'channels', default 128)",
                FUSED, "true (default): BN-LIF-MaxPool of each block as one fused layer; false: three layers");
    }

    @Override
    public ZooConfiguration build(ModelOptions o) {
        checkVariants(o);
        int channels = o.scaled(Integer.parseInt(o.variantOr(CHANNELS, "128")));
        NeuronFactory lif = o.neuronOr(NeuronFactory.spikingJellyLif());
        boolean fused = Boolean.parseBoolean(o.variantOr(FUSED, "true"));
        SequentialNet net = new SequentialNet(o);
        for (int i = 0; i < 5; i++) {
            // block 1's conv has only the 2 event channels as input: recomputing it is cheap, and fusing it
            // drops its output and gradient (each [T*N, channels, 128, 128], 512 MiB at the baseline size)
            if (fused && i == 0 && o.channels() <= 4 && net.convBatchNormNeuronMaxPool(channels, 3, lif, 2)) {
                continue;
            }
            if (fused) {
                net.identityConv(channels, 3, false);
            } else {
                net.conv(channels, 3, false);
            }
            if (!fused || !net.batchNormNeuronMaxPool(lif, 2)) {
                net.batchNorm().neuron(lif).maxPool(2);
            }
        }
        net.dropout(0.5).dense(o.scaled(512), true).neuron(lif)
                .dropout(0.5).dense(o.classes() * 10, true).neuron(lif)
                .add(new Voting(10));
        return net.head().build(name());
    }
}
