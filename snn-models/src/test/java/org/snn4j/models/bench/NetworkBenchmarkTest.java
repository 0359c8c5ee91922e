package org.snn4j.models.bench;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.dataset.DataSet;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.synthetic.SyntheticEventDataset;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmark's pieces on a small network (the benchmark itself is a main class, not a test). */
class NetworkBenchmarkTest {

    @org.junit.jupiter.params.ParameterizedTest(name = "fused {0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {true, false})
    void layerTypeSplitCoversEveryLayerType(boolean fused) {
        ModelOptions o = ModelZoo.get("dvs-gesture-net").defaults().input(2, 32, 32).timesteps(2).widthMultiplier(0.125)
                .variant("fused", String.valueOf(fused));
        MultiLayerNetwork net = (MultiLayerNetwork) ModelZoo.build("dvs-gesture-net", o).init();
        DataSet ds = new FrameDataSetIterator(SyntheticEventDataset.train(1, 2, 32), 2, 2, null).next();
        net.fit(ds);
        Map<String, Double> split = NetworkBenchmark.layerTypeSplit(net, ds);
        List<String> timed = fused ? List.of("conv", "conv-bn-spike-pool", "bn-spike-pool", "spiking", "dense")
                : List.of("conv", "batchnorm", "spiking", "pooling", "dense");
        for (String k : timed) {
            assertTrue(split.get(k) > 0, k + " not timed: " + split);
        }
    }

    @Test
    void poissonInputHasTheBaselineShapeAndRate() {
        DataSet ds = NetworkBenchmark.poissonBatch(1);
        assertEquals(List.of(4L, 32L, 128L, 128L), List.of(ds.getFeatures().size(0), ds.getFeatures().size(1),
                ds.getFeatures().size(2), ds.getFeatures().size(3)));
        double mean = ds.getFeatures().meanNumber().doubleValue();
        assertEquals(0.3, mean, 0.005, "Poisson(0.3) mean");
        assertEquals(4.0, ds.getLabels().sumNumber().doubleValue(), 0);
    }

    @Test
    void jsonWriterQuotesAndNests() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("a", List.of(1, 2.5));
        m.put("b", "x\"y");
        m.put("c", null);
        assertEquals("{\"a\": [1, 2.5], \"b\": \"x\\\"y\", \"c\": null}", NetworkBenchmark.toJson(m));
    }
}
