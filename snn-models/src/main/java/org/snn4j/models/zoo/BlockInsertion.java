package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.layers.Layer;

/**
 * Supplies the layer to insert at each {@link InsertionPoint} of a zoo network (e.g. SMA, AZO, MA-SNN
 * TA/CA/SA), or null to insert nothing there. The attention layers live in snn-core; a network builder
 * only knows the places.
 */
@FunctionalInterface
public interface BlockInsertion {
    /** Inserts nothing anywhere. */
    BlockInsertion NONE = point -> null;

    Layer create(InsertionPoint point);

    /** This insertion where it gives a layer, otherwise {@code other}. */
    default BlockInsertion orElse(BlockInsertion other) {
        return point -> {
            Layer l = create(point);
            return l != null ? l : other.create(point);
        };
    }
}
