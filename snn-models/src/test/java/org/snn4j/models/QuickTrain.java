package org.snn4j.models;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.evaluation.classification.Evaluation;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.synthetic.SyntheticEventDataset;
import org.snn4j.models.zoo.SmallConvSnn;

public class QuickTrain {
    public static void main(String[] a) {
        int T = Integer.parseInt(a[0]); int ntrain = Integer.parseInt(a[1]); int epochs = Integer.parseInt(a[2]); int width = Integer.parseInt(a[3]);
        MultiLayerNetwork net = new MultiLayerNetwork(SmallConvSnn.configuration(T, 2, 32, 11, width, 2e-3, 1));
        net.init();
        FrameDataSetIterator tr = new FrameDataSetIterator(SyntheticEventDataset.train(1, ntrain, 32), T, 16, 1L);
        FrameDataSetIterator te = new FrameDataSetIterator(SyntheticEventDataset.test(1, ntrain, 330, 32), T, 32, null);
        for (int e = 0; e < epochs; e++) {
            long t0 = System.nanoTime();
            net.fit(tr); tr.reset();
            Evaluation ev = net.evaluate(te); te.reset();
            System.out.printf("epoch %d score %.4f test acc %.4f time %.1fs%n", e, net.score(), ev.accuracy(), (System.nanoTime()-t0)/1e9);
        }
    }
}
