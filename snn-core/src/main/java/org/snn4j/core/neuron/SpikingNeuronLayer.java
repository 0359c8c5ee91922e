package org.snn4j.core.neuron;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.layer.SnnNoParamLayerImpl;
import org.snn4j.core.time.TimeFolding;

/**
 * Fused implementation of a {@link SpikingNeuron} configuration: forward and BPTT backward each run as
 * one pass of {@link LinearNeuronKernel}. Nothing is cached between calls except DL4J's own input
 * reference; backward recomputes the membrane from the input.
 */
public class SpikingNeuronLayer extends SnnNoParamLayerImpl<SpikingNeuron> {

    public SpikingNeuronLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        SpikingNeuron cfg = layerConf();
        TimeFolding.checkDivisible(input, cfg.getTimesteps(), layerId());
        double[] x = input.dup('c').data().asDouble();
        double[] s = new double[x.length];
        cfg.kernel().forward(x, cfg.getTimesteps(), s, null);
        return inWorkspace(mgr, ArrayType.ACTIVATIONS, fromDouble(s, input));
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        SpikingNeuron cfg = layerConf();
        double[] x = input.dup('c').data().asDouble();
        double[] eps = epsilon.dup('c').data().asDouble();
        double[] dx = new double[x.length];
        cfg.kernel().backward(x, eps, cfg.getTimesteps(), dx);
        return new Pair<>(new DefaultGradient(), inWorkspace(mgr, ArrayType.ACTIVATION_GRAD, fromDouble(dx, input)));
    }

    private static INDArray fromDouble(double[] values, INDArray like) {
        return Nd4j.create(values, like.shape(), 'c').castTo(like.dataType());
    }
}
