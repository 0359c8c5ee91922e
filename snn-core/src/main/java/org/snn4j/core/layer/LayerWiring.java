package org.snn4j.core.layer;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * The steps every DL4J layer configuration's {@code instantiate} performs on a fresh implementation: listeners,
 * index, the parameter view and its named sub-views, and the configuration. One place, so that every snn4j layer
 * is wired the same way.
 */
public final class LayerWiring {
    private LayerWiring() {
    }

    public static <L extends Layer> L wire(L layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                           int index, INDArray paramsView, Map<String, INDArray> paramTable) {
        layer.setListeners(listeners);
        layer.setIndex(index);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(paramTable);
        layer.setConf(conf);
        return layer;
    }
}
