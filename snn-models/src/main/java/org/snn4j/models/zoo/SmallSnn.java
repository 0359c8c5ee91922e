package org.snn4j.models.zoo;

import org.snn4j.models.loss.LossKind;

import java.util.Map;

/**
 * A small conv SNN for the built-in synthetic event dataset (2 x 32 x 32, 11 classes):
 * FoldTime -> [Conv3x3(16)-BN-LIF-MaxPool2] -> [Conv3x3(32)-BN-LIF-MaxPool2] -> FC(K) -> MeanOverTime
 * -> softmax cross-entropy. SpikingJelly LIF (tau 2, hard reset, detached, ATan).
 *
 * <p>With attention "sma" or "sma-azo" (registered as {@code small-sma-snn} / {@code small-sma-azo-snn}) a
 * {@code SpikingMultiscaleAttention} (code defaults: kernels 1,3,5,7, CR 4, TR 4, LIF branches; AZO RTR 4,
 * RCR 4) sits after the conv of the blocks in {@code sma-blocks} (default 2), before its BN, as in SMA-VGG
 * (SMA-AZO code): the same network otherwise, so the three train on the same data and can be compared.
 */
final class SmallSnn implements ZooModel {
    private static final int[] WIDTHS = {16, 32};
    private final String name;
    private final String attention;

    /** The plain small SNN. */
    SmallSnn() {
        this("small-snn", null);
    }

    /** @param attention null for the plain network, else the {@link AttentionRegistry} kind */
    SmallSnn(String name, String attention) {
        this.name = name;
        this.attention = attention;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return attention == null
                ? "small conv SNN (16-32 channels) for the synthetic event dataset; trains in minutes on 2 cores"
                : "small-snn with '" + attention + "' after the conv of block 2 (option " + SmaBlocks.KEY
                + "), to compare with small-snn on the same data";
    }

    @Override
    public ModelOptions defaults() {
        return new ModelOptions().input(2, 32, 32).timesteps(8).classes(11).loss(LossKind.CE);
    }

    @Override
    public Map<String, String> variantKeys() {
        return attention == null ? Map.of()
                : Map.of(SmaBlocks.KEY, "comma-separated 1-based conv blocks that get an SMA after their conv (1..2, default 2)");
    }

    @Override
    public ZooConfiguration build(ModelOptions o) {
        checkVariants(o);
        NeuronFactory lif = o.neuronOr(NeuronFactory.spikingJellyLif());
        BlockInsertion insertion = o.insertion();
        if (attention != null) {
            insertion = insertion.orElse(AttentionRegistry.insertion(attention, o,
                    SmaBlocks.where(name, o.variantOr(SmaBlocks.KEY, "2"), WIDTHS.length)));
        }
        SequentialNet net = new SequentialNet(o);
        for (int b = 0; b < WIDTHS.length; b++) {
            net.conv(o.scaled(WIDTHS[b]), 3, true)
                    .insert(InsertionPoint.Site.AFTER_CONV, b + 1, insertion)
                    .batchNorm().neuron(lif).maxPool(2);
        }
        return net.dense(o.classes(), true).head().build(name);
    }
}
