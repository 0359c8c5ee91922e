package org.snn4j.models.zoo;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The papers' full-size SMA networks at their published settings: build, save and restore with equal outputs,
 * and one training step with a finite loss (batch 1). Minutes and several GB each: regression tag only
 * ({@code mvn -B verify -Pregression}).
 */
@Tag("regression")
class FullSizeSmaNetworksTest {
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"sma-vgg", "sma-azo-vgg"})
    void buildsRoundTripsAndTrainsOneStep(String name, @TempDir File dir) throws Exception {
        ModelOptions o = ModelZoo.get(name).defaults();
        ZooConfiguration conf = ModelZoo.build(name, o);
        MultiLayerNetwork net = (MultiLayerNetwork) conf.init();
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.rand(1, o.channels() * o.timesteps(), o.height(), o.width()).muli(2);
        INDArray out = net.output(x, false);
        assertArrayEquals(new long[]{1, o.classes()}, out.shape());
        File f = new File(dir, name + ".zip");
        ModelSerializer.writeModel(net, f, true);
        Model restored = ModelSerializer.restoreMultiLayerNetwork(f, true);
        assertEquals(out, ((MultiLayerNetwork) restored).output(x, false));
        INDArray y = Nd4j.zeros(1, o.classes());
        y.putScalar(0, 1, 1.0);
        net.fit(new DataSet(x, y));
        assertTrue(Double.isFinite(net.score()), name + " loss " + net.score());
    }
}
