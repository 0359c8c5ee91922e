package org.snn4j.train;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;

/** The few calls the CLI needs, for both network kinds the zoo builds (single input, single output). */
public final class Networks {
    private Networks() {
    }

    public static void fit(Model net, DataSet ds) {
        if (net instanceof MultiLayerNetwork) {
            ((MultiLayerNetwork) net).fit(ds);
        } else {
            ((ComputationGraph) net).fit(ds);
        }
    }

    public static INDArray output(Model net, INDArray features) {
        return net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).output(features, false)
                : ((ComputationGraph) net).outputSingle(false, features);
    }

    public static double score(Model net, DataSet ds) {
        return net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).score(ds, false)
                : ((ComputationGraph) net).score(ds, false);
    }

    /**
     * Ends an epoch trained batch by batch: advances the network's epoch count (what epoch-based learning-rate
     * schedules read) and tells its listeners (e.g. a plateau rule), as {@code fit(iterator)} would.
     */
    public static void endEpoch(Model net) {
        if (net instanceof MultiLayerNetwork) {
            MultiLayerNetwork m = (MultiLayerNetwork) net;
            m.incrementEpochCount();
            if (m.getListeners() != null) {
                m.getListeners().forEach(l -> l.onEpochEnd(m));
            }
        } else {
            ComputationGraph g = (ComputationGraph) net;
            g.incrementEpochCount();
            if (g.getListeners() != null) {
                g.getListeners().forEach(l -> l.onEpochEnd(g));
            }
        }
    }

    /** The network's count of finished epochs (what epoch-based schedules read). */
    public static int epochCount(Model net) {
        return net instanceof MultiLayerNetwork ? ((MultiLayerNetwork) net).getLayerWiseConfigurations().getEpochCount()
                : ((ComputationGraph) net).getConfiguration().getEpochCount();
    }

    /** Sets the count of finished epochs (an engine whose library counts one per call puts it back). */
    public static void setEpochCount(Model net, int count) {
        if (net instanceof MultiLayerNetwork) {
            ((MultiLayerNetwork) net).getLayerWiseConfigurations().setEpochCount(count);
        } else {
            ((ComputationGraph) net).getConfiguration().setEpochCount(count);
        }
    }
}
