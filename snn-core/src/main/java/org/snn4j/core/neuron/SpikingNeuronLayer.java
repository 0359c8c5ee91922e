package org.snn4j.core.neuron;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.neuron.fast.FloatNeuronKernel;
import org.snn4j.core.time.TimeFolding;

import java.util.Map;

/**
 * Fused implementation of a {@link SpikingNeuron} configuration: forward and BPTT backward each run as
 * one pass over the data. float32 arrays go through {@link FloatNeuronKernel} (Vector API when
 * available) directly on ND4J's off-heap buffers; other types through the double
 * {@link LinearNeuronKernel}. Nothing is cached between forward and backward except DL4J's own input
 * reference: backward recomputes the membrane from the input.
 */
public class SpikingNeuronLayer extends BaseLayer<SpikingNeuron> {
    private transient NeuronRecorder recorder;

    public SpikingNeuronLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** Attaches (or, with null, detaches) a recorder of firing rates and membranes; off by default. */
    public void setRecorder(NeuronRecorder recorder) {
        this.recorder = recorder;
    }

    public NeuronRecorder getRecorder() {
        return recorder;
    }

    private LinearNeuronKernel kernel() {
        return layerConf().kernel(paramTable());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        SpikingNeuron cfg = layerConf();
        int steps = cfg.getTimesteps();
        TimeFolding.checkDivisible(input, steps, layerId());
        LinearNeuronKernel k = kernel();
        INDArray x = contiguous(input);
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(), x.shape(), 'c');
        if (FloatNeuronKernel.supports(x, k)) {
            FloatNeuronKernel.get().forward(k, x, out, steps);
        } else {
            double[] s = new double[(int) x.length()];
            k.forward(values(x), steps, s, null);
            assignFrom(out, s);
        }
        if (recorder != null) {
            recorder.record(this, k, x, out, steps);
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        SpikingNeuron cfg = layerConf();
        int steps = cfg.getTimesteps();
        LinearNeuronKernel k = kernel();
        INDArray x = contiguous(input);
        INDArray eps = contiguous(epsilon.castTo(x.dataType()));
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        double[] chargeGrads;
        if (FloatNeuronKernel.supports(x, k)) {
            chargeGrads = FloatNeuronKernel.get().backward(k, x, eps, dx, steps, !cfg.parameterShapes().isEmpty());
        } else {
            double[] d = new double[(int) x.length()];
            chargeGrads = k.backward(values(x), values(eps), steps, d);
            assignFrom(dx, d);
        }
        Gradient gradient = new DefaultGradient();
        for (Map.Entry<String, Double> e : cfg.parameterGradients(paramTable(), chargeGrads).entrySet()) {
            INDArray view = gradientViews.get(e.getKey());
            view.assign(e.getValue());
            gradient.setGradientFor(e.getKey(), view);
        }
        return new Pair<>(gradient, dx);
    }

    /** The array itself when it is a plain row-major buffer starting at offset 0, else a copy. */
    public static INDArray contiguous(INDArray a) {
        if (FloatNeuronKernel.isPlain(a)) {
            return a;
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return a.dup('c');
        }
    }

    /** The array's elements in row-major order (a plain array's buffer may be longer than the array). */
    static double[] values(INDArray a) {
        if (a.data().length() == a.length()) {
            return a.data().asDouble();
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return a.dup('c').data().asDouble();
        }
    }

    private static void assignFrom(INDArray target, double[] values) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            target.assign(Nd4j.create(values, target.shape(), 'c'));
        }
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.FEED_FORWARD;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public boolean hasBias() {
        return false;
    }

    @Override
    public double calcRegularizationScore(boolean backpropOnlyParamsWithGradient) {
        return 0.0;
    }
}
