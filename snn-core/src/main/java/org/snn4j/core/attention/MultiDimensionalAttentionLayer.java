package org.snn4j.core.attention;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.samediff.SameDiffLayer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.neuron.FusedNeuronPass;
import org.snn4j.core.neuron.fast.FloatNeuronKernel;
import org.snn4j.core.time.TimeFolding;

import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Fused implementation of {@link MultiDimensionalAttention} (the default for attention on the input current):
 * hand-written forward and backward ({@link MultiDimensionalAttentionKernel}) of the T/C/S stages and the
 * trailing ReLU, and the optional neuron through the fused neuron kernels ({@link FusedNeuronPass}). Same
 * parameters and function as the SameDiff {@link AttentionLayerImpl}, its test oracle.
 *
 * <p>Why: SameDiff runs each stage as a dozen ops with full-size temporaries, all kept for autodiff; here a
 * training forward keeps only the per-descriptor values (pooled descriptors, gates, MLP pre-activations) and
 * backward recomputes the stage inputs by the same multiplications.
 */
public class MultiDimensionalAttentionLayer extends SameDiffLayer implements InspectableAttention {
    private transient MultiDimensionalAttentionKernel.Stage[] cached;
    private transient INDArray cachedInput;

    public MultiDimensionalAttentionLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private MultiDimensionalAttention ma() {
        return (MultiDimensionalAttention) layerConf();
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        double[] y = values(input);
        MultiDimensionalAttentionKernel k = kernel();
        MultiDimensionalAttentionKernel.Stage[] stages = k.forward(y, training, y);
        cached = training ? stages : null;
        cachedInput = training ? input : null;
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, input.dataType(), input.shape(), 'c');
        if (ma().getNeuron() == null) {
            write(y, out);
        } else {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                FusedNeuronPass.forward(ma().getNeuron().kernel(), array(y, input), out, ma().getTimesteps());
            }
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        double[] x = values(input);
        MultiDimensionalAttentionKernel k = kernel();
        MultiDimensionalAttentionKernel.Stage[] stages = cached;
        if (stages == null || cachedInput != input) {
            stages = k.forward(x, true, new double[x.length]);      // only the stages are kept
        }
        cached = null;
        cachedInput = null;
        double[] dy;
        if (ma().getNeuron() == null) {
            dy = values(epsilon);
        } else {
            // the neuron's input is the attended current: recompute it, then BPTT through the fused kernel
            double[] current = new double[x.length];
            k.forward(x, true, current);
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray cur = array(current, input);
                INDArray d = Nd4j.createUninitialized(cur.dataType(), cur.shape(), 'c');
                FusedNeuronPass.backward(ma().getNeuron().kernel(), cur, epsilon, d, ma().getTimesteps(), false);
                dy = values(d);
            }
        }
        Map<String, double[]> grads = new HashMap<>();
        double[] dx = k.backward(x, stages, dy, grads);
        Gradient gradient = new DefaultGradient();
        for (String p : paramTable.keySet()) {
            INDArray view = gradTable.get(p);
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                view.assign(Nd4j.create(grads.get(p), view.shape(), 'c').castTo(view.dataType()));
            }
            gradient.gradientForVariable().put(p, view);
        }
        INDArray result = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, input.dataType(), input.shape(), 'c');
        write(dx, result);
        return new Pair<>(gradient, result);
    }

    private MultiDimensionalAttentionKernel kernel() {
        MultiDimensionalAttention cfg = ma();
        TimeFolding.checkDivisible(input, cfg.getTimesteps(), layerId());
        long perRow = cfg.getChannels() * cfg.getHeight() * cfg.getWidth();
        if (input.length() != input.size(0) * perRow) {
            throw new IllegalArgumentException("MultiDimensionalAttention " + layerId() + " expects [T*N, "
                    + cfg.getChannels() + ", " + cfg.getHeight() + ", " + cfg.getWidth() + "], got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        Map<String, double[]> p = new LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : paramTable.entrySet()) {
            p.put(e.getKey(), values(e.getValue()));
        }
        return new MultiDimensionalAttentionKernel(cfg, Math.toIntExact(input.size(0)), p);
    }

    /** The array's elements in row-major order as doubles. */
    private static double[] values(INDArray a) {
        INDArray plain = FusedNeuronPass.contiguous(a);
        double[] v = new double[Math.toIntExact(plain.length())];
        if (plain.dataType() == DataType.DOUBLE || plain.dataType() == DataType.FLOAT) {
            ByteBuffer b = FloatNeuronKernel.nativeBytes(plain);
            if (plain.dataType() == DataType.DOUBLE) {
                b.asDoubleBuffer().get(v);
            } else {
                float[] f = new float[v.length];
                b.asFloatBuffer().get(f);
                for (int i = 0; i < v.length; i++) {
                    v[i] = f[i];
                }
            }
            return v;
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return plain.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        }
    }

    /** Writes v into the plain float/double array out. */
    private static void write(double[] v, INDArray out) {
        ByteBuffer b = FloatNeuronKernel.nativeBytes(out);
        if (out.dataType() == DataType.DOUBLE) {
            b.asDoubleBuffer().put(v);
        } else {
            float[] f = new float[v.length];
            for (int i = 0; i < v.length; i++) {
                f[i] = (float) v[i];
            }
            b.asFloatBuffer().put(f);
        }
    }

    /** v as a detached array of like's type and shape. */
    private static INDArray array(double[] v, INDArray like) {
        INDArray a = Nd4j.createUninitialized(like.dataType(), like.shape(), 'c');
        write(v, a);
        return a;
    }

    /**
     * Runs the layer on {@code input} (training or inference semantics) and returns the named attention values:
     * {@link MultiDimensionalAttention#ATTENTION_TIME} [N, T], {@link MultiDimensionalAttention#ATTENTION_CHANNEL}
     * ([N, C] joint, [T*N, C] per step) and {@link MultiDimensionalAttention#ATTENTION_SPATIAL} ([N or T*N, 1, H, W]).
     */
    @Override
    public Map<String, INDArray> inspect(INDArray in, boolean training, String... names) {
        MultiDimensionalAttention cfg = ma();
        INDArray saved = input;
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            input = in;
            double[] x = values(in);
            MultiDimensionalAttentionKernel.Stage[] stages = kernel().forward(x, training, x);
            long rows = cfg.getPooling() == AttentionPooling.JOINT ? in.size(0) / cfg.getTimesteps() : in.size(0);
            for (String name : names) {
                char dim = name.equals(MultiDimensionalAttention.ATTENTION_TIME) ? 'T'
                        : name.equals(MultiDimensionalAttention.ATTENTION_CHANNEL) ? 'C'
                        : name.equals(MultiDimensionalAttention.ATTENTION_SPATIAL) ? 'S' : '?';
                MultiDimensionalAttentionKernel.Stage s = null;
                for (MultiDimensionalAttentionKernel.Stage st : stages) {
                    s = st.dim == dim ? st : s;
                }
                if (s == null) {
                    throw new IllegalArgumentException("MultiDimensionalAttention " + layerId() + " has no value '"
                            + name + "' (dimensions " + cfg.getDimensions() + ")");
                }
                long[] shape = dim == 'T' ? new long[]{in.size(0) / cfg.getTimesteps(), cfg.getTimesteps()}
                        : dim == 'C' ? new long[]{rows, cfg.getChannels()}
                        : new long[]{rows, 1, cfg.getHeight(), cfg.getWidth()};
                out.put(name, Nd4j.create(s.gate, shape, 'c').castTo(in.dataType()));
            }
        } finally {
            input = saved;
        }
        return out;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public void clear() {
        super.clear();
        cached = null;
        cachedInput = null;
    }
}
