package org.snn4j.models.info;

/**
 * One line of {@link LayerTable}.
 *
 * @param name            layer name (index for sequential networks, vertex name for graphs)
 * @param type            layer class
 * @param outputShape     per-sample, per-step output shape, e.g. "128x64x64"
 * @param params          trainable parameters (PyTorch convention)
 * @param macs            multiply-accumulates per sample over all T steps if every input were non-zero
 *                        (conv: k_h k_w c_in c_out h_out w_out, FC: in x out, times T; ma-snn.md §5.1)
 * @param spikingInput    whether the layer's input is a spike tensor, so its ops are accumulates (AC)
 * @param inputFiringRate measured mean of the input (fraction of non-zero spikes) or NaN if not measured
 */
public record LayerRow(String name, String type, String outputShape, long params, long macs, boolean spikingInput,
                       double inputFiringRate) {

    /** Synaptic operations: MACs for real-valued input, MACs x input firing rate for spike input (NaN if unknown). */
    public double synapticOps() {
        if (macs == 0) {
            return 0;
        }
        return spikingInput ? macs * inputFiringRate : macs;
    }
}
