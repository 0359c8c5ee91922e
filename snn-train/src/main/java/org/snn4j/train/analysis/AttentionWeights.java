package org.snn4j.train.analysis;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.attention.InspectableAttention;
import org.snn4j.core.attention.SpikingMultiscaleAttention;

import java.util.Map;

/**
 * The attention weights an SMA layer ({@link SpikingMultiscaleAttention}) gave its input,
 * read through {@link InspectableAttention#inspect} in inference mode (so AZO, a training-only step, does
 * not apply), whichever implementation runs the layer, and averaged over the samples of the input:
 * <ul>
 *   <li>{@code time[s][t]}: the temporal weight A^T of scale s at step t (softmax over scales per step);</li>
 *   <li>{@code channel[s][c]}: the channel weight A^C of scale s for channel c, averaged over the steps.</li>
 * </ul>
 *
 * @param kernels the scales' kernel sizes, in scale order
 */
public record AttentionWeights(int[] kernels, double[][] time, double[][] channel) {

    /** The weights of the layer in {@code entry} for its input, or null when it is not an inspectable SMA layer. */
    public static AttentionWeights of(LayerActivations.Entry entry, int timesteps) {
        if (!(entry.conf() instanceof SpikingMultiscaleAttention sma) || !(entry.layer() instanceof InspectableAttention layer)) {
            return null;
        }
        Map<String, INDArray> v = layer.inspect(entry.input(), false,
                SpikingMultiscaleAttention.ATTENTION_TIME, SpikingMultiscaleAttention.ATTENTION_CHANNEL);
        INDArray attT = v.get(SpikingMultiscaleAttention.ATTENTION_TIME);      // [T*N, S], row t*N + n
        INDArray attC = v.get(SpikingMultiscaleAttention.ATTENTION_CHANNEL);   // [T*N, S, C]
        int scales = (int) attT.size(1);
        long samples = attT.size(0) / timesteps;
        if (samples * timesteps != attT.size(0)) {
            throw new IllegalArgumentException("SMA attention has " + attT.size(0) + " rows, not a multiple of T=" + timesteps);
        }
        // [T*N, S] -> [T, N, S] -> mean over samples -> [T, S] -> [S, T]
        double[][] time = attT.reshape('c', timesteps, samples, scales).mean(1).transpose().toDoubleMatrix();
        double[][] channel = attC.mean(0).toDoubleMatrix();                    // [S, C]
        return new AttentionWeights(sma.getKernels().clone(), time, channel);
    }
}
