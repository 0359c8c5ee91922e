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
    private static final int STEPS = 10;

    static Stream<String> names() {
        String only = System.getProperty("snn4j.test.models");
        return ModelZoo.names().stream().filter(n -> !n.equals("ms-resnet-34") && !n.equals("ms-resnet-104"))
                .filter(n -> only == null || java.util.Arrays.asList(only.split(",")).contains(n));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void shortTrainingLowersTheLoss(String name) {
        ModelOptions o = ModelZooBuildTest.small(name).timesteps(2).widthMultiplier(0.25).updater(new Adam(1e-2));
        if (name.startsWith("ms-resnet")) {
            o.input(3, 16, 16).widthMultiplier(0.125);
        }
        int steps = STEPS;
        int tail = STEPS / 4;
        if (name.equals("dvs-gesture-net")) {
            // its output LIF layer is silent at initialisation (sparse spikes through 5 pools and 2 FC
            // layers, as SpikingJelly's first steps do); it needs more steps to start firing. Once
            // it fires, single losses jump by several per cent from step to step (spike counts flip at the
            // threshold; runs that differ only in float rounding, e.g. fused=true/false, agree exactly for
            // the first 12 steps and then take different but equally good paths), so the loss is averaged
            // over the last 10 of 30 steps
            o.updater(new Adam(Double.parseDouble(System.getProperty("snn4j.test.lr", "2e-2"))));
            steps = Integer.getInteger("snn4j.test.steps", 30);
            tail = steps / 3;
            o.variant("fused", System.getProperty("snn4j.test.fused", "true"));
        }
        Model net = ModelZoo.build(name, o).init();
        DataSet batch = batch(name, o);
        // training-mode losses (what each fit step saw before its update): eval-mode BN statistics are not
        // settled after a few steps, so they would not show what training did
        double[] losses = new double[steps];
        for (int i = 0; i < steps; i++) {
            Nd4j.getRandom().setSeed(100 + i);
            fit(net, batch);
            losses[i] = net.score();
        }
        double first = (losses[0] + losses[1]) / 2;
        double last = java.util.Arrays.stream(losses, steps - tail, steps).average().orElseThrow();
        System.out.println(name + " training losses " + java.util.Arrays.toString(losses));
        assertTrue(last < first * 0.97, name + ": loss " + java.util.Arrays.toString(losses));
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

    private static void fit(Model net, DataSet ds) {
        if (net instanceof ComputationGraph) {
            ((ComputationGraph) net).fit(ds);
        } else {
            ((MultiLayerNetwork) net).fit(ds);
        }
    }
}
