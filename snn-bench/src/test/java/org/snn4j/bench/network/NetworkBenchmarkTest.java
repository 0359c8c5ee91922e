package org.snn4j.bench.network;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.dataset.DataSet;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.synthetic.SyntheticEventDataset;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The network benchmark's pieces on a small network (the benchmark itself runs from snn bench). */
class NetworkBenchmarkTest {

    private static MultiLayerNetwork small(boolean fused, DataSet ds) {
        ModelOptions o = ModelZoo.get("dvs-gesture-net").defaults().input(2, 32, 32).timesteps(2).widthMultiplier(0.125)
                .variant("fused", String.valueOf(fused));
        MultiLayerNetwork net = (MultiLayerNetwork) ModelZoo.build("dvs-gesture-net", o).init();
        net.fit(ds);
        return net;
    }

    @ParameterizedTest(name = "fused {0}")
    @ValueSource(booleans = {true, false})
    void layerTypeSplitTimesEveryLayerTypeButTheOutput(boolean fused) {
        DataSet ds = new FrameDataSetIterator(SyntheticEventDataset.train(1, 2, 32), 2, 2, null).next();
        MultiLayerNetwork net = small(fused, ds);
        Map<String, Double> split = NetworkBenchmark.layerTypeSplit(net, ds);
        java.util.Set<String> expected = new java.util.LinkedHashSet<>();
        for (org.deeplearning4j.nn.api.Layer l : net.getLayers()) {
            if (!(l instanceof org.deeplearning4j.nn.api.layers.IOutputLayer)) {
                expected.add(l.conf().getLayer().getClass().getSimpleName());
            }
        }
        assertEquals(expected, split.keySet(), "one entry per layer type before the output layer");
        assertTrue(split.keySet().contains(fused ? "BatchNormSpikePool" : "BatchNormalization"), split.toString());
        for (Map.Entry<String, Double> e : split.entrySet()) {
            assertTrue(e.getValue() > 0, e.getKey() + " not timed: " + split);
        }
        assertTrue(split.keySet().stream().noneMatch(k -> k.contains("Output") || k.contains("Loss")), split.toString());
    }

    @Test
    void firingRatesCoverEverySpikingLayerAndAreRates() {
        DataSet ds = new FrameDataSetIterator(SyntheticEventDataset.train(1, 2, 32), 2, 2, null).next();
        MultiLayerNetwork net = small(false, ds);
        Map<String, Double> rates = NetworkBenchmark.firingRates(net, ds);
        long spiking = java.util.Arrays.stream(net.getLayers()).filter(NetworkBenchmark::isSpiking).count();
        assertTrue(spiking >= 3, "the small DVSGestureNet has several LIF layers");
        assertEquals(spiking, rates.size(), rates.toString());
        for (double r : rates.values()) {
            assertTrue(r >= 0 && r <= 1, "a firing rate is a mean of 0/1 spikes: " + rates);
        }
    }

    @Test
    void poissonInputHasTheAskedShapeAndRate() {
        DataSet ds = NetworkBenchmark.poissonBatch(4, 16, 2, 128, 11, 0.3, 1);
        assertEquals(List.of(4L, 32L, 128L, 128L), List.of(ds.getFeatures().size(0), ds.getFeatures().size(1),
                ds.getFeatures().size(2), ds.getFeatures().size(3)));
        assertEquals(0.3, ds.getFeatures().meanNumber().doubleValue(), 0.005, "Poisson(0.3) mean");
        assertEquals(1.5, NetworkBenchmark.poissonBatch(1, 2, 2, 64, 11, 1.5, 2).getFeatures().meanNumber().doubleValue(), 0.03);
        assertEquals(4.0, ds.getLabels().sumNumber().doubleValue(), 0);
    }
}
