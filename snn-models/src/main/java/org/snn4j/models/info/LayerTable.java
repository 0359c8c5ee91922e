package org.snn4j.models.info;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.snn4j.core.attention.SpikingMultiscaleAttention;
import org.snn4j.models.zoo.ZooConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The per-layer summary behind {@code snn info NAME}: layer, type, output shape, trainable parameters, MACs
 * and whether the layer's operations are MACs or accumulates under the {@link EnergyModel} (the measured
 * counts and energy come from {@code EnergyEstimator}, which applies the same model).
 */
public final class LayerTable {
    private final ZooConfiguration conf;
    private final List<LayerRow> rows;

    private LayerTable(ZooConfiguration conf, List<LayerRow> rows) {
        this.conf = conf;
        this.rows = rows;
    }

    /** What {@code snn info NAME} prints: the table of the zoo model's published configuration. */
    public static String describe(String modelName) {
        org.snn4j.models.zoo.ZooModel m = org.snn4j.models.zoo.ModelZoo.get(modelName);
        return m.description() + System.lineSeparator() + of(m.build()).format();
    }

    /** The table of a zoo configuration: per-step shapes, parameters, MACs and the kind of operation (MAC or AC). */
    public static LayerTable of(ZooConfiguration conf) {
        Map<String, Layer> layers = conf.layers();
        List<InputType> outputs = conf.layerOutputTypes();
        List<String> names = new ArrayList<>(layers.keySet());
        List<Integer> feeding = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String input = inputOf(conf, names, i);
            feeding.add(input == null ? -1 : names.indexOf(input));
        }
        List<Boolean> spikes = SpikeInputs.of(new ArrayList<>(layers.values()), feeding);
        List<LayerRow> rows = new ArrayList<>();
        boolean firstWeighted = true;
        for (int i = 0; i < names.size(); i++) {
            Layer l = layers.get(names.get(i));
            InputType out = outputs.get(i);
            long macs = macs(l, out, conf.timesteps());
            boolean accumulate = macs > 0 && EnergyModel.of(1, 1, firstWeighted, spikes.get(i), 1.0).accumulate();
            rows.add(new LayerRow(names.get(i), l.getClass().getSimpleName(), shape(out), ParamCount.trainable(l),
                    macs, spikes.get(i), accumulate));
            firstWeighted &= macs == 0;
        }
        return new LayerTable(conf, rows);
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

    /** A printable table. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%s: T=%d, input %s per sample%n", conf.name(), conf.timesteps(), shape(conf.inputType())));
        sb.append(String.format(Locale.ROOT, "%-16s %-22s %-14s %12s %16s %4s%n",
                "layer", "type", "output/step", "params", "MACs", "op"));
        for (LayerRow r : rows) {
            sb.append(String.format(Locale.ROOT, "%-16s %-22s %-14s %,12d %,16d %4s%n", r.name(), r.type(),
                    r.outputShape(), r.params(), r.macs(), r.macs() == 0 ? "" : r.accumulate() ? "AC" : "MAC"));
        }
        sb.append(String.format(Locale.ROOT, "total: %,d trainable parameters, %,d MACs per sample as an ANN over T steps "
                + "(AC layers do MACs x their input spike rate as accumulates: snn energy --run DIR measures it)",
                totalParams(), totalMacs()));
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

    private static long macs(Layer l, InputType out, int t) {
        if (out instanceof InputType.InputTypeConvolutional) {
            InputType.InputTypeConvolutional o = (InputType.InputTypeConvolutional) out;
            return macsPerStep(l, o.getHeight(), o.getWidth()) * t;
        }
        return macsPerStep(l, 1, 1) * t;
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
