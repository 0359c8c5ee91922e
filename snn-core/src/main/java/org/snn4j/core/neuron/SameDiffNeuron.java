package org.snn4j.core.neuron;

import org.snn4j.core.layer.HalveGradient;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;
import java.util.Map;

/**
 * The SameDiff implementation of any {@link SpikingNeuron} configuration: a DL4J {@link SameDiffLayer}
 * that wraps the neuron's configuration and unrolls it with {@link SameDiffNeuronGraph#unroll}; autodiff
 * does the BPTT.
 *
 * <p>Design: DL4J ties an implementation to its configuration class (a SameDiffLayer's implementation
 * reads a {@link SameDiffLayer} configuration), so one configuration cannot be both. The neuron
 * configuration therefore stays the single source of truth, with
 * {@link SpikingNeuron#getImplementation()} = {@link NeuronImplementation#SAMEDIFF} making it instantiate this
 * wrapper internally (the saved JSON still holds only the neuron); the wrapper can also be placed in a
 * network directly. Parameters (PLIF's w) have the same names, shapes and initial values in both
 * implementations, so parameters can be copied between them. The output passes through
 * {@link SameDiffNeuronGraph#halveGrad} to undo DL4J M2.1's doubled SameDiffLayer gradient.
 */
public class SameDiffNeuron extends SameDiffLayer {
    private SpikingNeuron neuron;

    public SameDiffNeuron() {
    }

    public SameDiffNeuron(SpikingNeuron neuron) {
        this.neuron = neuron;
        this.layerName = neuron.getLayerName();
        this.updater = neuron.getIUpdater();
        this.biasUpdater = neuron.getIUpdater();
    }

    /** Instantiates the SameDiff implementation for {@code neuron} inside a network built from its configuration. */
    static Layer instantiateFor(SpikingNeuron neuron, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
                                int index, INDArray paramsView, boolean initializeParams, DataType dataType) {
        SameDiffNeuron wrapper = new SameDiffNeuron(neuron);
        NeuralNetConfiguration wrapped = conf.clone();
        wrapped.setLayer(wrapper);
        return wrapper.instantiate(wrapped, listeners, index, paramsView, initializeParams, dataType);
    }

    @Override
    public SDVariable defineLayer(SameDiff sd, SDVariable input, Map<String, SDVariable> params, SDVariable mask) {
        return HalveGradient.apply(sd, SameDiffNeuronGraph.unroll(sd, input, neuron, params));
    }

    @Override
    public void defineParameters(SDLayerParams params) {
        for (Map.Entry<String, long[]> e : neuron.parameterShapes().entrySet()) {
            params.addWeightParam(e.getKey(), e.getValue());
        }
    }

    @Override
    public void initializeParameters(Map<String, INDArray> params) {
        if (params.isEmpty()) {
            return;
        }
        // the neuron's own initializer knows the initial values (PLIF: w from init_tau)
        long n = params.values().stream().mapToLong(INDArray::length).sum();
        NeuralNetConfiguration c = new NeuralNetConfiguration();
        c.setLayer(neuron);
        INDArray flat = org.nd4j.linalg.factory.Nd4j.create(params.values().iterator().next().dataType(), 1, n);
        Map<String, INDArray> init = neuron.initializer().init(c, flat, true);
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            e.getValue().assign(init.get(e.getKey()).reshape(e.getValue().shape()));
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        return inputType;
    }

    public SpikingNeuron getNeuron() {
        return neuron;
    }

    public void setNeuron(SpikingNeuron neuron) {
        this.neuron = neuron;
    }
}
