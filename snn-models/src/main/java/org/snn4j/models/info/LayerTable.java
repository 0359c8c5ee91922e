package org.snn4j.models.info;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.attention.SpikingMultiscaleAttention;
import org.snn4j.core.block.BatchNormSpikePool;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.models.layer.TimeSharedDropout;
import org.snn4j.models.zoo.ZooConfiguration;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-layer summary behind {@code snn info NAME}: layer, type, output shape, parameters, MACs and, once
 * firing rates are measured on an input, synaptic operations and the energy estimate of ma-snn.md §5.2
 * (E = 4.6 pJ per MAC of real-valued input + 0.9 pJ per accumulate of spike input).
 */
public final class LayerTable {
    public static final double E_MAC_PJ = 4.6;
    public static final double E_AC_PJ = 0.9;

    private final ZooConfiguration conf;
    private final List<LayerRow> rows;
    /** For each layer, the name of the layer whose output it reads (null = network input or a vertex). */
    private final Map<String, String> spikeSource;

    private LayerTable(ZooConfiguration conf, List<LayerRow> rows, Map<String, String> spikeSource) {
        this.conf = conf;
        this.rows = rows;
        this.spikeSource = spikeSource;
    }

    /** What {@code snn info NAME} prints: the table of the zoo model's published configuration. */
    public static String describe(String modelName) {
        org.snn4j.models.zoo.ZooModel m = org.snn4j.models.zoo.ModelZoo.get(modelName);
        return m.description() + System.lineSeparator() + of(m.build()).format();
    }

    /** The static table (no firing rates) of a zoo configuration. */
    public static LayerTable of(ZooConfiguration conf) {
        Map<String, Layer> layers = conf.layers();
        List<InputType> outputs = conf.layerOutputTypes();
        Map<String, String> producer = new HashMap<>();
        Map<String, String> spikeSource = new HashMap<>();
        List<String> names = new ArrayList<>(layers.keySet());
        List<LayerRow> rows = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Layer l = layers.get(name);
            String input = inputOf(conf, names, i);
            // which neuron layer produced the (possibly max-pooled / dropped-out) spikes this layer reads
            String source = input == null ? null : producer.get(input);
            if (emitsSpikes(l)) {
                producer.put(name, name);
            } else if (preservesSpikes(l) && source != null) {
                producer.put(name, source);
            }
            spikeSource.put(name, source);
            InputType out = outputs.get(i);
            rows.add(new LayerRow(name, l.getClass().getSimpleName(), shape(out), ParamCount.trainable(l),
                    macs(l, out, conf.timesteps()), source != null, Double.NaN));
        }
        return new LayerTable(conf, rows, spikeSource);
    }

    /**
     * Measures the firing rate of every neuron layer on {@code input} (inference mode) and returns the table
     * with synaptic operations filled in.
     */
    public LayerTable withFiringRates(Model net, INDArray input) {
        Map<String, Double> rates = new HashMap<>();
        if (net instanceof MultiLayerNetwork) {
            List<INDArray> acts = ((MultiLayerNetwork) net).feedForward(input, false);
            for (int i = 0; i < rows.size(); i++) {
                rates.put(rows.get(i).name(), acts.get(i + 1).neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue());
            }
        } else {
            Map<String, INDArray> acts = ((ComputationGraph) net).feedForward(input, false);
            for (LayerRow r : rows) {
                rates.put(r.name(), acts.get(r.name()).neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue());
            }
        }
        List<LayerRow> measured = new ArrayList<>();
        for (LayerRow r : rows) {
            String src = spikeSource.get(r.name());
            double rate = src == null ? Double.NaN : rates.get(src);
            measured.add(new LayerRow(r.name(), r.type(), r.outputShape(), r.params(), r.macs(), r.spikingInput(), rate));
        }
        return new LayerTable(conf, measured, spikeSource);
    }

    public List<LayerRow> rows() {
        return rows;
    }

    public long totalParams() {
        return rows.stream().mapToLong(LayerRow::params).sum();
    }

    public long totalMacs() {
        return rows.stream().mapToLong(LayerRow::macs).sum();
    }

    /** Energy estimate in picojoules per sample (NaN until firing rates are measured). */
    public double energyPicoJoules() {
        double e = 0;
        for (LayerRow r : rows) {
            e += r.spikingInput() ? E_AC_PJ * r.synapticOps() : E_MAC_PJ * r.macs();
        }
        return e;
    }

    /** A printable table. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: T=%d, input %s per sample%n", conf.name(), conf.timesteps(), shape(conf.inputType())));
        sb.append(String.format(Locale.ROOT, "%-16s %-22s %-14s %12s %16s %4s %8s %16s%n",
                "layer", "type", "output/step", "params", "MACs", "op", "in rate", "synaptic ops"));
        for (LayerRow r : rows) {
            sb.append(String.format(Locale.ROOT, "%-16s %-22s %-14s %,12d %,16d %4s %8s %16s%n", r.name(), r.type(),
                    r.outputShape(), r.params(), r.macs(), r.macs() == 0 ? "" : r.spikingInput() ? "AC" : "MAC",
                    Double.isNaN(r.inputFiringRate()) ? "" : String.format(Locale.ROOT, "%.4f", r.inputFiringRate()),
                    r.macs() == 0 || Double.isNaN(r.synapticOps()) ? "" : String.format(Locale.ROOT, "%,.0f", r.synapticOps())));
        }
        sb.append(String.format(Locale.ROOT, "total: %,d parameters, %,d MACs per sample (dense equivalent)", totalParams(), totalMacs()));
        double e = energyPicoJoules();
        if (!Double.isNaN(e)) {
            sb.append(String.format(Locale.ROOT, ", energy estimate %.4g uJ per sample", e / 1e6));
        }
        return sb.append(System.lineSeparator()).toString();
    }

    private static String inputOf(ZooConfiguration conf, List<String> names, int i) {
        if (!conf.isGraph()) {
            return i == 0 ? null : names.get(i - 1);
        }
        List<String> inputs = conf.graph().getVertexInputs().get(names.get(i));
        if (inputs == null || inputs.size() != 1) {
            return null;
        }
        GraphVertex v = conf.graph().getVertices().get(inputs.get(0));
        return v instanceof LayerVertex ? inputs.get(0) : null;
    }

    private static boolean preservesSpikes(Layer l) {
        return l instanceof TimeSharedDropout
                || l instanceof SubsamplingLayer && ((SubsamplingLayer) l).getPoolingType() == org.deeplearning4j.nn.conf.layers.PoolingType.MAX;
    }

    private static long macs(Layer l, InputType out, int t) {
        if (out instanceof InputType.InputTypeConvolutional) {
            InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
            return macsPerStep(l, o.getHeight(), o.getWidth()) * t;
        }
        return macsPerStep(l, 1, 1) * t;
    }

    /** Whether a layer's output is spikes: a neuron layer, or a fused BN-neuron-pool block (its pooled spikes). */
    public static boolean emitsSpikes(Layer l) {
        return l instanceof SpikingNeuron || l instanceof BatchNormSpikePool;
    }

    /**
     * Multiply-accumulates of one sample and one time step (the same layer in an ANN): conv
     * k_h*k_w*c_in*c_out*h_out*w_out (for a conv fused with its pool, h_out/w_out of the conv), dense in*out, 0 for
     * layers without weights.
     */
    public static long macsPerStep(Layer l, long outHeight, long outWidth) {
        if (l instanceof org.snn4j.core.block.ConvBatchNormSpikePool) {
            // the conv runs at the pooled output's size times the pool (an odd trailing row/column is not counted)
            org.snn4j.core.block.ConvBatchNormSpikePool c = (org.snn4j.core.block.ConvBatchNormSpikePool) l;
            long k = c.getKernelSize();
            long p = c.getPoolSize();
            return k * k * c.getNIn() * c.getNOut() * outHeight * p * outWidth * p;
        }
        if (l instanceof SpikingMultiscaleAttention) {
            return smaMacsPerStep((SpikingMultiscaleAttention) l, outHeight, outWidth);
        }
        if (l instanceof ConvolutionLayer) {
            ConvolutionLayer c = (ConvolutionLayer) l;
            return (long) c.getKernelSize()[0] * c.getKernelSize()[1] * c.getNIn() * c.getNOut() * outHeight * outWidth;
        }
        if (l instanceof FeedForwardLayer && !(l instanceof org.deeplearning4j.nn.conf.layers.BatchNormalization)) {
            FeedForwardLayer f = (FeedForwardLayer) l;
            return f.getNIn() * f.getNOut();
        }
        return 0;
    }

    /**
     * SMA per sample and step: each scale's k*k conv C -> C at the input's size, C-MSE (C*C_h + C_h*S*C) and
     * T-MSE, whose (T*T_h + T_h*S*T) per sample is T_h*(1+S) per step; the softmaxes and the weighted sum are
     * not multiply-accumulates of a weight and are not counted.
     */
    private static long smaMacsPerStep(SpikingMultiscaleAttention a, long h, long w) {
        long c = a.getChannels();
        long s = a.getKernels().length;
        long convs = 0;
        for (int k : a.getKernels()) {
            convs += (long) k * k * c * c * h * w;
        }
        return convs + c * a.channelHidden() + a.channelHidden() * s * c + a.timeHidden() * (1 + s);
    }

    static String shape(InputType t) {
        if (t instanceof InputType.InputTypeConvolutional) {
            InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) t;
            return c.getChannels() + "x" + c.getHeight() + "x" + c.getWidth();
        }
        if (t instanceof InputType.InputTypeFeedForward) {
            return String.valueOf(((InputType.InputTypeFeedForward) t).getSize());
        }
        return String.valueOf(t);
    }
}
