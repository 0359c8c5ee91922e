package org.snn4j.models.info;

import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.snn4j.core.block.BatchNormSpikePool;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.time.TimeSharedDropout;

import java.util.ArrayList;
import java.util.List;

/**
 * Which layers of a network read spikes, decided from the layer configurations alone (the same answer for
 * {@code snn info} and {@code snn energy}): a layer reads spikes when the one layer feeding it emits spikes
 * (a neuron layer, or a fused BN-neuron-pool block), or passes on the spikes of such a layer unchanged in kind
 * (max pooling, time-shared dropout). The network input and anything fed by a non-layer vertex or by several
 * inputs are not spikes.
 */
public final class SpikeInputs {
    private SpikeInputs() {
    }

    /**
     * For layers in forward order, each with the position of the single layer that feeds it ({@code -1}: the
     * network input, a non-layer vertex, or several inputs): whether each reads spikes.
     */
    public static List<Boolean> of(List<Layer> layers, List<Integer> feedingLayer) {
        List<Integer> spikeSource = new ArrayList<>(layers.size());
        List<Boolean> reads = new ArrayList<>(layers.size());
        for (int i = 0; i < layers.size(); i++) {
            int in = feedingLayer.get(i);
            Integer source = in < 0 ? null : spikeSource.get(in);
            reads.add(source != null);
            Layer l = layers.get(i);
            if (emitsSpikes(l)) {
                spikeSource.add(i);
            } else if (preservesSpikes(l) && source != null) {
                spikeSource.add(source);
            } else {
                spikeSource.add(null);
            }
        }
        return reads;
    }

    /** Whether a layer's output is spikes: a neuron layer, or a fused BN-neuron-pool block (its pooled spikes). */
    public static boolean emitsSpikes(Layer l) {
        return l instanceof SpikingNeuron || l instanceof BatchNormSpikePool;
    }

    /** Whether a layer passes spikes on as spikes (max pooling, time-shared dropout). */
    public static boolean preservesSpikes(Layer l) {
        return l instanceof TimeSharedDropout
                || l instanceof SubsamplingLayer && ((SubsamplingLayer) l).getPoolingType() == PoolingType.MAX;
    }
}
