package org.snn4j.models.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Classification accuracy of a zoo network over an iterator. Networks with a TET head output per-step
 * probabilities {@code [T*N, K]}; those are averaged over t first (prediction = argmax of the mean over
 * t, as the papers evaluate).
 */
public final class Accuracy {
    private Accuracy() {
    }

    public static double of(Model net, DataSetIterator data, int timesteps) {
        data.reset();
        long correct = 0;
        long total = 0;
        while (data.hasNext()) {
            DataSet ds = data.next();
            INDArray out = output(net, ds.getFeatures());
            long n = ds.getLabels().size(0);
            if (out.size(0) == n * timesteps) {
                out = out.reshape('c', timesteps, n, out.size(1)).mean(0);
            }
            INDArray predicted = out.argMax(1);
            INDArray actual = ds.getLabels().argMax(1);
            correct += predicted.eq(actual).castTo(org.nd4j.linalg.api.buffer.DataType.INT).sumNumber().longValue();
            total += n;
        }
        data.reset();
        return total == 0 ? Double.NaN : (double) correct / total;
    }

    /** Inference output of a MultiLayerNetwork or single-output ComputationGraph. */
    public static INDArray output(Model net, INDArray x) {
        if (net instanceof ComputationGraph) {
            return ((ComputationGraph) net).outputSingle(false, x);
        }
        return ((MultiLayerNetwork) net).output(x, false);
    }
}
