package org.snn4j.cli.experiment;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.snn4j.cli.CliFailure;

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

    /** The sequential network behind commands that walk layer by layer (energy, visualize). */
    public static MultiLayerNetwork sequential(Model net, String command) {
        if (net instanceof MultiLayerNetwork) {
            return (MultiLayerNetwork) net;
        }
        throw new CliFailure(command + " supports sequential networks (MultiLayerNetwork) only; this run's model is a "
                + "ComputationGraph");
    }
}
