package org.snn4j.models.zoo;

/**
 * Where a zoo network may take an extra layer (attention), with the shape the layer sees there.
 *
 * @param site      the kind of place (see {@link Site})
 * @param block     1-based block (VGG/MA-SNN conv block, or ResNet block counted over the whole network)
 * @param stage     1-based ResNet stage, 0 elsewhere
 * @param indexInStage 0-based block index within the ResNet stage, 0 elsewhere
 * @param channels  channels (or features for {@link Site#FC_POST}) of the tensor at that place
 * @param height    spatial height (1 for FC)
 * @param width     spatial width (1 for FC)
 * @param timesteps T
 */
public record InsertionPoint(Site site, int block, int stage, int indexInStage, long channels, long height, long width,
                             int timesteps) {

    /** Kinds of insertion places. */
    public enum Site {
        /** Right after a block's conv, before its BN: SMA in SMA-VGG and SMA-MS-ResNet (SMA-AZO code). */
        AFTER_CONV,
        /** After conv-BN(-pool), before the neuron: MA-SNN's "Conv-POST" TA/CA/SA (MA-SNN code). */
        CONV_POST,
        /** After an FC layer (and its BN), before the neuron: MA-SNN's TA on FC layers. */
        FC_POST,
        /** End of a ResNet residual branch, before the addition: Att-Res-SNN-1 CSA (MA-SNN). */
        RESIDUAL_BRANCH_END
    }
}
