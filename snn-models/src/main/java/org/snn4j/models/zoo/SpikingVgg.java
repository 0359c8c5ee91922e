package org.snn4j.models.zoo;

import org.snn4j.models.layer.AdaptiveAvgPool;
import org.snn4j.models.loss.LossKind;

import java.util.Map;

/**
 * The SMA-VGG family (SMA-AZO's VGG8): 5 x [Conv3x3(bias)-(SMA)-BN-LIF-MaxPool2] with 64-128-256-512-512
 * channels, AdaptiveAvgPool(3x3, PyTorch bins), FC 4608-2048, LIF, Dropout(0.5, shared over T), FC 1024,
 * LIF, Dropout, FC K (no LIF), MSE on the mean over T. Without attention this is the plain spiking VGG
 * (15,461,835 parameters for DVS128); with attention "sma" or "sma-azo" the SMA sits after the conv of
 * the blocks in {@code sma-blocks} (released code: 2,3; the appendix's table: 2,3,4,5).
 */
final class SpikingVgg implements ZooModel {
    static final String SMA_BLOCKS = SmaBlocks.KEY;
    private static final int[] WIDTHS = {64, 128, 256, 512, 512};
    private final String name;
    private final String attention;

    /** @param attention null for the plain VGG, else the {@link AttentionRegistry} kind */
    SpikingVgg(String name, String attention) {
        this.name = name;
        this.attention = attention;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return attention == null ? "plain spiking VGG (SMA-VGG without SMA), SMA-AZO's VGG8"
                : "SMA-VGG with '" + attention + "' after the conv of blocks 2-3 (option sma-blocks), SMA-AZO's VGG8";
    }

    @Override
    public ModelOptions defaults() {
        return new ModelOptions().input(2, 128, 128).timesteps(16).classes(11).loss(LossKind.MSE);
    }

    @Override
    public Map<String, String> variantKeys() {
        return attention == null ? Map.of()
                : Map.of(SMA_BLOCKS, "comma-separated 1-based blocks that get an SMA (default 2,3; appendix: 2,3,4,5)");
    }

    @Override
    public ZooConfiguration build(ModelOptions o) {
        checkVariants(o);
        NeuronFactory lif = o.neuronOr(NeuronFactory.spikingJellyLif());
        BlockInsertion insertion = o.insertion();
        if (attention != null) {
            insertion = insertion.orElse(AttentionRegistry.insertion(attention, o,
                    SmaBlocks.where(name, o.variantOr(SMA_BLOCKS, "2,3"), WIDTHS.length)));
        }
        SequentialNet net = new SequentialNet(o);
        for (int b = 0; b < WIDTHS.length; b++) {
            net.conv(o.scaled(WIDTHS[b]), 3, true)
                    .insert(InsertionPoint.Site.AFTER_CONV, b + 1, insertion)
                    .batchNorm().neuron(lif).maxPool(2);
        }
        net.add(new AdaptiveAvgPool(3, 3))
                .dense(o.scaled(2048), true).neuron(lif).dropout(0.5)
                .dense(o.scaled(1024), true).neuron(lif).dropout(0.5)
                .dense(o.classes(), true);
        return net.head().build(name);
    }
}
