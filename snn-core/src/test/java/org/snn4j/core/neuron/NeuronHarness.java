package org.snn4j.core.neuron;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.NoOp;

/** One neuron layer inside a one-layer network, driven at layer level: forward, then backward from a given dL/dy. */
final class NeuronHarness {
    final MultiLayerNetwork net;
    final Layer layer;
    private final LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();

    NeuronHarness(SpikingNeuron neuron, DataType type) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(type).updater(new NoOp())
                .list().layer(neuron).build();
        net = new MultiLayerNetwork(conf);
        net.init();
        layer = net.getLayer(0);
    }

    INDArray forward(INDArray x) {
        layer.setInput(x, mgr);
        return layer.activate(true, mgr).dup();
    }

    /** Forward then backward; returns (parameter gradients, dL/dx). */
    Pair<Gradient, INDArray> backward(INDArray x, INDArray eps) {
        forward(x);
        Pair<Gradient, INDArray> p = layer.backpropGradient(eps, mgr);
        return new Pair<>(p.getFirst(), p.getSecond().dup());
    }
}
