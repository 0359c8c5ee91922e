package org.snn4j.core.neuron;

import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Parameters of {@link PLIFNeuron}: the single scalar {@code w} (shape [1, 1]), initialised from init_tau. */
public final class PLIFParamInitializer implements ParamInitializer {
    private static final PLIFParamInitializer INSTANCE = new PLIFParamInitializer();

    public static PLIFParamInitializer getInstance() {
        return INSTANCE;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return 1;
    }

    @Override
    public long numParams(Layer layer) {
        return 1;
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        return List.of(PLIFNeuron.W);
    }

    /** w is neither a weight nor a bias, so L1/L2/weight decay configured for weights leave it alone. */
    @Override
    public List<String> weightKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return false;
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return false;
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initialize) {
        INDArray w = paramsView.reshape('c', 1, 1);
        if (initialize) {
            w.assign(PLIFNeuron.wForTau(((PLIFNeuron) conf.getLayer()).getTau()));
        }
        return Collections.singletonMap(PLIFNeuron.W, w);
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return Collections.singletonMap(PLIFNeuron.W, gradientView.reshape('c', 1, 1));
    }
}
