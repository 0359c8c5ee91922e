package org.snn4j.nir;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.params.DefaultParamInitializer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.snn4j.core.neuron.IFNeuron;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.time.FoldTime;
import org.snn4j.models.loss.LossHead;
import org.snn4j.models.loss.LossKind;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Builds an snn4j network from a sequential NIR graph (Input -> ... -> Output, one chain), the inverse of
 * {@link NirExporter}'s rules (docs/nir.md): Conv2d, Affine, Linear, Flatten, SumPool2d, AvgPool2d, IF, LIF,
 * and SumPool2d -> Threshold over spikes as max pooling. The network takes snn4j's time-folded input
 * ([N, C*T, H, W], a FoldTime layer first) and ends with the chosen loss head. NIR nodes without an exact
 * snn4j form (CubaLIF, LI, I, Scale, Delay, Conv1d, branching or recurrent graphs, neuron parameters that
 * differ between neurons, ...) are refused with the node's name.
 */
public final class NirImporter {
    /** Relative tolerance within which r*dt (IF) or r (LIF) counts as exactly 1 (float32 files round 1/dt). */
    static final double UNIT_TOLERANCE = 1e-6;

    private final NirGraph graph;
    private final double dt;
    private final int timesteps;
    private final List<Layer> layers = new ArrayList<>();
    /** Parameters to set after init, per layer index. */
    private final Map<Integer, Map<String, double[]>> params = new LinkedHashMap<>();
    private final Map<Integer, long[]> paramShapes = new LinkedHashMap<>();
    private long[] shape;
    private boolean binary;
    private DataType dataType = DataType.DOUBLE;

    private NirImporter(NirGraph graph, double dt, int timesteps) {
        this.graph = graph;
        this.dt = dt;
        this.timesteps = timesteps;
    }

    /** Reads and builds a NIR file; see {@link #fromNir(NirGraph, double, int, LossKind)}. */
    public static MultiLayerNetwork importFile(Path file, double dt, int timesteps, LossKind head) {
        NirGraph g = NirFile.read(file);
        try {
            return fromNir(g, dt, timesteps, head);
        } catch (UnsupportedNirException e) {
            throw new UnsupportedNirException(file + ": " + e.getMessage());
        } catch (NirFormatException e) {
            throw new NirFormatException(file + ": " + e.getMessage(), e);
        }
    }

    /**
     * @param dt        the time step (seconds) to discretise NIR's continuous neurons with: LIF tau = tau_NIR/dt
     * @param timesteps T, folded into the batch axis; 0 takes the graph's {@code snn4j_timesteps} metadata
     * @param head      the readout after the last per-step layer (LossHead: MSE/CE time average, TET)
     */
    public static MultiLayerNetwork fromNir(NirGraph g, double dt, int timesteps, LossKind head) {
        if (!(dt > 0) || Double.isInfinite(dt)) {
            throw new IllegalArgumentException("dt must be a positive number of seconds, got " + dt);
        }
        int t = timesteps;
        if (t <= 0) {
            Object m = g.metadata().get(NirExporter.META_TIMESTEPS);
            if (!(m instanceof NirArray)) {
                throw new IllegalArgumentException("the graph does not say its number of time steps: give timesteps (T > 0)");
            }
            t = Math.toIntExact(((NirArray) m).asLongs()[0]);
        }
        return new NirImporter(g, dt, t).build(head);
    }

    private MultiLayerNetwork build(LossKind head) {
        List<String> chain = graph.chain();
        NirNode in = graph.nodes().get(chain.get(0));
        shape = in.array("shape").asLongs();
        InputType inputType;
        if (shape.length == 3) {
            inputType = InputType.convolutional(shape[1], shape[2], shape[0] * timesteps);
        } else if (shape.length == 1) {
            inputType = InputType.convolutional(1, 1, shape[0] * timesteps);
        } else {
            throw new UnsupportedNirException("Input node '" + chain.get(0) + "' has shape " + Arrays.toString(shape)
                    + ": (C,H,W) or (N) is imported");
        }
        dataType = hasFloat32() ? DataType.FLOAT : DataType.DOUBLE;
        layers.add(new FoldTime(timesteps));
        for (int i = 1; i < chain.size() - 1; i++) {
            String name = chain.get(i);
            NirNode n = graph.nodes().get(name);
            String where = "node '" + name + "' (" + n.type() + ")";
            if (n.type().equals("SumPool2d") && binary && i + 1 < chain.size() - 1
                    && graph.nodes().get(chain.get(i + 1)).type().equals("Threshold")) {
                NirNode th = graph.nodes().get(chain.get(i + 1));
                double theta = uniform("node '" + chain.get(i + 1) + "' (Threshold)", th, "threshold");
                if (theta >= 0 && theta < 1) {
                    // a sum of 0/1 spikes above theta in [0, 1) is 1 iff any spike: max pooling
                    pool(where, n, SubsamplingLayer.PoolingType.MAX);
                    binary = true;
                    i++;
                    continue;
                }
            }
            node(where, n);
        }
        for (Layer l : LossHead.layers(head, timesteps, 0)) {
            layers.add(l);
        }
        NeuralNetConfiguration.ListBuilder list = new NeuralNetConfiguration.Builder()
                .seed(0).dataType(dataType).updater(new Adam(1e-3)).weightInit(WeightInit.UNIFORM).list();
        for (int i = 0; i < layers.size(); i++) {
            list.layer(i, layers.get(i));
        }
        MultiLayerConfiguration conf = list.setInputType(inputType).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        for (Map.Entry<Integer, Map<String, double[]>> e : params.entrySet()) {
            for (Map.Entry<String, double[]> p : e.getValue().entrySet()) {
                INDArray target = net.getLayer(e.getKey()).getParam(p.getKey());
                INDArray v = Nd4j.createFromArray(p.getValue()).castTo(dataType).reshape('c', target.shape());
                target.assign(v);
            }
        }
        return net;
    }

    private boolean hasFloat32() {
        for (NirNode n : graph.nodes().values()) {
            for (Object v : n.fields().values()) {
                if (v instanceof NirArray && ((NirArray) v).kind() == NirArray.Kind.FLOAT32) {
                    return true;
                }
            }
        }
        return false;
    }

    private void node(String where, NirNode n) {
        switch (n.type()) {
            case "Conv2d":
                conv(where, n);
                return;
            case "Affine":
            case "Linear":
                dense(where, n);
                return;
            case "Flatten":
                flatten(where, n);
                return;
            case "SumPool2d":
                pool(where, n, SubsamplingLayer.PoolingType.SUM);
                return;
            case "AvgPool2d":
                pool(where, n, SubsamplingLayer.PoolingType.AVG);
                return;
            case "IF":
                ifNeuron(where, n);
                return;
            case "LIF":
                lifNeuron(where, n);
                return;
            case "Threshold":
                throw new UnsupportedNirException(where + ": a Threshold is imported only after SumPool2d over spikes "
                        + "(max pooling); a threshold of other values has no snn4j layer");
            case "CubaLIF":
            case "CubaLI":
                throw new UnsupportedNirException(where + ": current-based neurons (a synaptic current state) have no "
                        + "snn4j neuron");
            case "LI":
            case "I":
                throw new UnsupportedNirException(where + ": non-spiking integrators have no snn4j neuron (snn4j neurons "
                        + "output spikes)");
            case "Input":
            case "Output":
                throw new UnsupportedNirException(where + ": Input/Output nodes are expected only at the ends of the chain");
            default:
                throw new UnsupportedNirException(where + " has no snn4j layer (imported: Conv2d, Affine, Linear, Flatten, "
                        + "SumPool2d, AvgPool2d, IF, LIF, SumPool2d+Threshold over spikes)");
        }
    }

    private void conv(String where, NirNode n) {
        NirArray w = n.array("weight");
        long[] ws = w.shape();
        if (ws.length != 4) {
            throw new NirFormatException(where + ": weight has shape " + Arrays.toString(ws) + ", expected (C_out, C_in, kH, kW)");
        }
        requireImage(where);
        if (n.has("groups") && n.array("groups").asLongs()[0] != 1) {
            throw new UnsupportedNirException(where + ": grouped convolution (groups " + n.array("groups").asLongs()[0]
                    + ") is not imported");
        }
        if (ws[1] != shape[0]) {
            throw new NirFormatException(where + ": weight takes " + ws[1] + " input channels, its input has " + shape[0]);
        }
        int[] stride = pair(where, n, "stride", 1);
        int[] dil = pair(where, n, "dilation", 1);
        int[] pad;
        Object p = n.fields().get("padding");
        if (p instanceof String) {
            if (p.equals("valid")) {
                pad = new int[] {0, 0};
            } else if (p.equals("same") && ws[2] % 2 == 1 && ws[3] % 2 == 1 && stride[0] == 1 && stride[1] == 1) {
                pad = new int[] {(int) (dil[0] * (ws[2] - 1) / 2), (int) (dil[1] * (ws[3] - 1) / 2)};
            } else {
                throw new UnsupportedNirException(where + ": padding '" + p + "' is imported as 'valid', or 'same' with "
                        + "odd kernels and stride 1");
            }
        } else {
            pad = pair(where, n, "padding", 0);
        }
        double[] bias = n.has("bias") ? n.array("bias").values() : new double[Math.toIntExact(ws[0])];
        if (bias.length != ws[0]) {
            throw new NirFormatException(where + ": bias has " + bias.length + " values for " + ws[0] + " output channels");
        }
        layers.add(new ConvolutionLayer.Builder((int) ws[2], (int) ws[3]).stride(stride).padding(pad).dilation(dil)
                .nIn(ws[1]).nOut(ws[0]).hasBias(true).convolutionMode(ConvolutionMode.Truncate)
                .activation(Activation.IDENTITY).build());
        setParams(w.values(), bias);
        long[] out = {ws[0], 0, 0};
        for (int d = 0; d < 2; d++) {
            out[d + 1] = (shape[d + 1] + 2L * pad[d] - (long) dil[d] * (ws[d + 2] - 1) - 1) / stride[d] + 1;
        }
        if (out[1] < 1 || out[2] < 1) {
            throw new NirFormatException(where + ": output would be empty for input " + Arrays.toString(shape));
        }
        shape = out;
        binary = false;
    }

    private void dense(String where, NirNode n) {
        NirArray w = n.array("weight");
        long[] ws = w.shape();
        if (ws.length != 2) {
            throw new NirFormatException(where + ": weight has shape " + Arrays.toString(ws) + ", expected (out, in)");
        }
        long in = Arrays.stream(shape).reduce(1, (a, b) -> a * b);
        if (ws[1] != in) {
            throw new NirFormatException(where + ": weight takes " + ws[1] + " inputs, its input has " + in
                    + " " + Arrays.toString(shape));
        }
        boolean hasBias = n.type().equals("Affine");
        double[] bias = hasBias ? n.array("bias").values() : null;
        if (hasBias && bias.length != ws[0]) {
            throw new NirFormatException(where + ": bias has " + bias.length + " values for " + ws[0] + " outputs");
        }
        // NIR's (out, in) is DL4J's [in, out] transposed
        double[] v = w.values();
        double[] t = new double[v.length];
        int o = Math.toIntExact(ws[0]);
        int k = Math.toIntExact(ws[1]);
        for (int r = 0; r < o; r++) {
            for (int c = 0; c < k; c++) {
                t[c * o + r] = v[r * k + c];
            }
        }
        layers.add(new DenseLayer.Builder().nIn(in).nOut(ws[0]).hasBias(hasBias).activation(Activation.IDENTITY).build());
        setParams(t, bias);
        shape = new long[] {ws[0]};
        binary = false;
    }

    private void setParams(double[] w, double[] b) {
        Map<String, double[]> p = new LinkedHashMap<>();
        p.put(DefaultParamInitializer.WEIGHT_KEY, w);
        if (b != null) {
            p.put(DefaultParamInitializer.BIAS_KEY, b);
        }
        params.put(layers.size() - 1, p);
    }

    private void flatten(String where, NirNode n) {
        if (shape.length == 1) {
            return;
        }
        long start = n.has("start_dim") ? n.array("start_dim").asLongs()[0] : 0;
        long end = n.has("end_dim") ? n.array("end_dim").asLongs()[0] : -1;
        if (start != 0 || (end != -1 && end != shape.length - 1)) {
            throw new UnsupportedNirException(where + ": only a full flatten (start_dim 0, end_dim -1) is imported, got "
                    + start + ".." + end);
        }
        if (n.has("input_type") && !Arrays.equals(n.array("input_type").asLongs(), shape)) {
            throw new NirFormatException(where + ": input_type " + Arrays.toString(n.array("input_type").asLongs())
                    + " differs from its input " + Arrays.toString(shape));
        }
        // DL4J flattens an image entering a dense layer in (C, H, W) order, as NIR/PyTorch do
        shape = new long[] {shape[0] * shape[1] * shape[2]};
    }

    private void pool(String where, NirNode n, SubsamplingLayer.PoolingType type) {
        requireImage(where);
        int[] k = pair(where, n, "kernel_size", -1);
        int[] s = n.has("stride") ? pair(where, n, "stride", 1) : k;
        int[] pad = pair(where, n, "padding", 0);
        if (type != SubsamplingLayer.PoolingType.SUM && (pad[0] != 0 || pad[1] != 0)) {
            throw new UnsupportedNirException(where + ": padded " + type.name().toLowerCase(Locale.ROOT) + " pooling is not imported");
        }
        layers.add(new SubsamplingLayer.Builder(type).kernelSize(k).stride(s).padding(pad)
                .convolutionMode(ConvolutionMode.Truncate).build());
        shape = new long[] {shape[0], (shape[1] + 2L * pad[0] - k[0]) / s[0] + 1, (shape[2] + 2L * pad[1] - k[1]) / s[1] + 1};
        binary = false;
    }

    private void ifNeuron(String where, NirNode n) {
        double r = uniform(where, n, "r");
        double vth = uniform(where, n, "v_threshold");
        double vr = n.has("v_reset") ? uniform(where, n, "v_reset") : 0.0;
        // Euler step of dv/dt = R I: v += dt*R*x; snn4j's IF adds x, so a gain dt*R != 1 goes into the weights
        gain(where, r * dt);
        layers.add(new IFNeuron.Builder().timesteps(timesteps).vThreshold(vth).vReset(vr)
                .strictThreshold(strict(n)).build());
        binary = true;
    }

    private void lifNeuron(String where, NirNode n) {
        double tau = uniform(where, n, "tau");
        double r = uniform(where, n, "r");
        double vLeak = uniform(where, n, "v_leak");
        double vth = uniform(where, n, "v_threshold");
        double vr = n.has("v_reset") ? uniform(where, n, "v_reset") : 0.0;
        double tauSteps = tau / dt;
        if (!(tauSteps > 1)) {
            throw new UnsupportedNirException(where + ": tau/dt = " + tauSteps + " (tau " + tau + ", dt " + dt
                    + "): the discrete LIF needs tau/dt > 1; give the dt the file was written for");
        }
        if (Math.abs(vLeak - vr) > UNIT_TOLERANCE * Math.max(1, Math.abs(vr))) {
            throw new UnsupportedNirException(where + ": v_leak " + vLeak + " differs from v_reset " + vr
                    + ": snn4j's LIF (as SpikingJelly's) leaks towards v_reset");
        }
        // Euler step of tau dv/dt = (v_leak - v) + R I: v += (v_leak - v)/(tau/dt) + R x/(tau/dt)
        boolean decayInput;
        if (near(r, 1)) {
            decayInput = true;
        } else if (near(r, tauSteps)) {
            decayInput = false;
        } else {
            decayInput = true;
            gain(where, r);
        }
        layers.add(new LIFNeuron.Builder().tau(tauSteps).decayInput(decayInput).timesteps(timesteps)
                .vThreshold(vth).vReset(vr).strictThreshold(strict(n)).build());
        binary = true;
    }

    /** NIR fires at v > v_threshold; a file written by snn4j marks neurons that fire at equality. */
    private static boolean strict(NirNode n) {
        return !NirExporter.FIRES_AT_EQUAL.equals(n.metaString(NirExporter.META_FIRING));
    }

    private static boolean near(double a, double b) {
        return Math.abs(a - b) <= UNIT_TOLERANCE * Math.abs(b);
    }

    /** Scales the layer just before the neuron (conv or dense: weights and bias) by g, unless g is 1. */
    private void gain(String where, double g) {
        if (near(g, 1)) {
            return;
        }
        int idx = layers.size() - 1;
        Map<String, double[]> p = params.get(idx);
        if (p == null || !(layers.get(idx) instanceof ConvolutionLayer || layers.get(idx) instanceof DenseLayer)) {
            throw new UnsupportedNirException(where + ": its input gain (" + g + ") can only be folded into a conv or "
                    + "dense layer right before it");
        }
        for (double[] v : p.values()) {
            for (int i = 0; i < v.length; i++) {
                v[i] *= g;
            }
        }
    }

    private double uniform(String where, NirNode n, String key) {
        NirArray a = n.array(key);
        double[] v = a.values();
        if (v.length == 0) {
            throw new NirFormatException(where + ": " + key + " is empty");
        }
        for (double x : v) {
            if (x != v[0]) {
                throw new UnsupportedNirException(where + ": " + key + " differs between neurons (" + v[0] + " vs " + x
                        + "): snn4j neurons take one value per layer");
            }
        }
        return v[0];
    }

    private void requireImage(String where) {
        if (shape.length != 3) {
            throw new UnsupportedNirException(where + ": expects an image (C,H,W) input, got " + Arrays.toString(shape));
        }
    }

    private static int[] pair(String where, NirNode n, String key, int dflt) {
        if (!n.has(key)) {
            if (dflt < 0) {
                throw new NirFormatException(where + " has no '" + key + "'");
            }
            return new int[] {dflt, dflt};
        }
        long[] v = n.array(key).asLongs();
        if (v.length == 1) {
            return new int[] {Math.toIntExact(v[0]), Math.toIntExact(v[0])};
        }
        if (v.length != 2) {
            throw new NirFormatException(where + ": " + key + " has " + v.length + " values, expected 1 or 2");
        }
        return new int[] {Math.toIntExact(v[0]), Math.toIntExact(v[1])};
    }
}
