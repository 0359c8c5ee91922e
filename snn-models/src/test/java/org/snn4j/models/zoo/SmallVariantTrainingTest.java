package org.snn4j.models.zoo;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.synthetic.SyntheticEventDataset;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A short training of each network's small variant lowers the loss: event networks on one batch of the
 * built-in synthetic events, the ResNets on a fixed batch of random images (they take static input).
 */
class SmallVariantTrainingTest {
    private static final int STEPS = 12;

    @AfterEach
    void cleanRegistry() {
        AttentionRegistry.unregister("sma");
        AttentionRegistry.unregister("sma-azo");
    }

    static Stream<String> names() {
        return ModelZoo.names().stream().filter(n -> !n.equals("ms-resnet-34") && !n.equals("ms-resnet-104"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void shortTrainingLowersTheLoss(String name) {
        if (name.startsWith("sma")) {
            AttentionRegistry.register(name.equals("sma-vgg") ? "sma" : "sma-azo",
                    (p, o) -> new ActivationLayer.Builder().activation(Activation.IDENTITY).build());
        }
        ModelOptions o = ModelZooBuildTest.small(name).timesteps(4).widthMultiplier(0.125).updater(new Adam(3e-3));
        Model net = ModelZoo.build(name, o).init();
        DataSet batch = batch(name, o);
        double before = score(net, batch);
        for (int i = 0; i < STEPS; i++) {
            fit(net, batch);
        }
        double after = score(net, batch);
        assertTrue(after < before * 0.97, name + ": loss " + before + " -> " + after);
    }

    private static DataSet batch(String name, ModelOptions o) {
        if (name.startsWith("ms-resnet")) {
            Nd4j.getRandom().setSeed(9);
            INDArray x = Nd4j.rand(8, o.channels(), o.height(), o.width());
            INDArray y = Nd4j.zeros(8, o.classes());
            for (int i = 0; i < 8; i++) {
                y.putScalar(i, i % o.classes(), 1);
            }
            return new DataSet(x, y);
        }
        SyntheticEventDataset data = SyntheticEventDataset.train(3, 22, o.height());
        DataSet ds = new FrameDataSetIterator(data, o.timesteps(), 22, null).next();
        if (o.classes() != data.numClasses()) {
            // ma-snn-5layer defaults to the Gait head (21 classes): pad the one-hot labels
            INDArray y = Nd4j.zeros(ds.getLabels().size(0), o.classes());
            y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, data.numClasses()))
                    .assign(ds.getLabels());
            ds = new DataSet(ds.getFeatures(), y);
        }
        return ds;
    }

    private static double score(Model net, DataSet ds) {
        return net instanceof ComputationGraph ? ((ComputationGraph) net).score(ds) : ((MultiLayerNetwork) net).score(ds);
    }

    private static void fit(Model net, DataSet ds) {
        if (net instanceof ComputationGraph) {
            ((ComputationGraph) net).fit(ds);
        } else {
            ((MultiLayerNetwork) net).fit(ds);
        }
    }
}
