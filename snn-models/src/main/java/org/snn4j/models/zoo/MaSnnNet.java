package org.snn4j.models.zoo;

import org.snn4j.models.loss.LossKind;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MA-SNN event-data networks (Yao et al., released code). Each conv layer is Conv3x3(bias)-BN-(AvgPool)-[attention
 * at Conv-POST]-LIF, each FC layer FC-BN1d-[attention at FC-POST]-LIF, and the output is the mean over T
 * of the last layer's spikes, trained with MSE to the one-hot label.
 * <ul>
 *   <li>{@code ma-snn-3layer}: the paper's main 3-layer net (after TA-SNN), 2 x 32 x 32 input, 64-128-128
 *       convs (pools after conv 2 and 3), FC 256, FC K: 2,324,065 parameters for K = 11.</li>
 *   <li>{@code ma-snn-5layer}: the released Gait / CIFAR10-DVS net, 2 x 128 x 128, 32-64-128-256-512 convs
 *       with AvgPool 2,2,2,2,4, FC 256, FC K: 2,100,767 parameters for K = 21.</li>
 * </ul>
 * The {@code attention} option (none, TA, CA, SA, TCA, TSA, CSA, TCSA) asks the "ma-snn" attention provider
 * for a layer at every Conv-POST and FC-POST point; the provider reads {@code attention} and
 * {@code placement} from the options (FC layers get TA only, as the released code).
 */
final class MaSnnNet implements ZooModel {
    static final String ATTENTION = "attention";
    static final String PLACEMENT = "placement";
    private static final Set<String> ATTENTIONS = Set.of("none", "TA", "CA", "SA", "TCA", "TSA", "CSA", "TCSA");
    private static final Set<String> PLACEMENTS = Set.of("conv-post", "ma-snn");

    private final String name;
    private final int[] convWidths;
    private final int[] pools;
    private final ModelOptions defaults;

    private MaSnnNet(String name, int[] convWidths, int[] pools, ModelOptions defaults) {
        this.name = name;
        this.convWidths = convWidths;
        this.pools = pools;
        this.defaults = defaults;
    }

    static MaSnnNet threeLayer() {
        return new MaSnnNet("ma-snn-3layer", new int[]{64, 128, 128}, new int[]{1, 2, 2},
                new ModelOptions().input(2, 32, 32).timesteps(60).classes(11).loss(LossKind.MSE));
    }

    static MaSnnNet fiveLayer() {
        return new MaSnnNet("ma-snn-5layer", new int[]{32, 64, 128, 256, 512}, new int[]{2, 2, 2, 2, 4},
                new ModelOptions().input(2, 128, 128).timesteps(8).classes(21).loss(LossKind.MSE));
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String description() {
        return "MA-SNN event-data net (" + convWidths.length + " conv + 2 FC) with TA/CA/SA insertion points, MA-SNN released code";
    }

    @Override
    public ModelOptions defaults() {
        return defaults.copy();
    }

    @Override
    public Map<String, String> variantKeys() {
        return Map.of(ATTENTION, "none, TA, CA, SA, TCA, TSA, CSA or TCSA (default none; needs the 'ma-snn' attention provider)",
                PLACEMENT, "conv-post (released code, default) or ma-snn (paper: CA/SA on the membrane, Activate-PRE)");
    }

    @Override
    public ZooConfiguration build(ModelOptions o) {
        checkVariants(o);
        String attention = o.variantOr(ATTENTION, "none");
        if (!ATTENTIONS.contains(attention)) {
            throw new IllegalArgumentException(name + ": option attention='" + attention + "', expected one of " + List.copyOf(ATTENTIONS));
        }
        String placement = o.variantOr(PLACEMENT, "conv-post");
        if (!PLACEMENTS.contains(placement)) {
            throw new IllegalArgumentException(name + ": option placement='" + placement + "', expected conv-post or ma-snn");
        }
        BlockInsertion insertion = o.insertion();
        if (!attention.equals("none")) {
            insertion = insertion.orElse(AttentionRegistry.insertion("ma-snn", o, p -> true));
        }
        NeuronFactory lif = o.neuronOr(NeuronFactory.maSnn());
        SequentialNet net = new SequentialNet(o);
        for (int i = 0; i < convWidths.length; i++) {
            net.conv(o.scaled(convWidths[i]), 3, true).batchNorm();
            if (pools[i] > 1) {
                net.avgPool(pools[i]);
            }
            net.insert(InsertionPoint.Site.CONV_POST, i + 1, insertion).neuron(lif);
        }
        net.dense(o.scaled(256), true).batchNorm().insert(InsertionPoint.Site.FC_POST, convWidths.length + 1, insertion).neuron(lif);
        net.dense(o.classes(), true).batchNorm().insert(InsertionPoint.Site.FC_POST, convWidths.length + 2, insertion).neuron(lif);
        return net.head().build(name);
    }
}
