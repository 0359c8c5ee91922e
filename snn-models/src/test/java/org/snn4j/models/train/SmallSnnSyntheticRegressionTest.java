package org.snn4j.models.train;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.synthetic.SyntheticEventDataset;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * small-snn on the built-in synthetic events: 1100 train / 330 test clips, T=8, batch 16, Adam 1e-3.
 * Minutes on 2 cores, so tagged "regression" (run with -Dsnn.excludedGroups= or the regression profile).
 */
@Tag("regression")
class SmallSnnSyntheticRegressionTest {

    @Test
    void reachesNinetyPercentTestAccuracy() {
        int t = Integer.getInteger("snn4j.small.T", 8);
        int epochs = Integer.getInteger("snn4j.small.epochs", 3);
        ModelOptions o = ModelZoo.get("small-snn").defaults().timesteps(t);
        MultiLayerNetwork net = (MultiLayerNetwork) ModelZoo.build("small-snn", o).init();
        FrameDataSetIterator train = new FrameDataSetIterator(SyntheticEventDataset.train(7, 1100, 32), t, 16, 7L);
        FrameDataSetIterator test = new FrameDataSetIterator(SyntheticEventDataset.test(7, 1100, 330, 32), t, 16, null);
        double acc = 0;
        for (int e = 0; e < epochs; e++) {
            long start = System.nanoTime();
            net.fit(train);
            acc = Accuracy.of(net, test, t);
            System.out.printf("small-snn epoch %d: test accuracy %.4f, score %.4f, %.1f s%n", e + 1, acc, net.score(),
                    (System.nanoTime() - start) / 1e9);
        }
        assertTrue(acc >= 0.90, "test accuracy " + acc);
    }
}
