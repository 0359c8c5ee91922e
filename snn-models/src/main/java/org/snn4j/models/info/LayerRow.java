package org.snn4j.models.info;

/**
 * One line of {@link LayerTable}.
 *
 * @param name         layer name (index for sequential networks, vertex name for graphs)
 * @param type         layer class
 * @param outputShape  per-sample, per-step output shape, e.g. "128x64x64"
 * @param params       trainable parameters (PyTorch convention)
 * @param macs         multiply-accumulates per sample over all T steps if every input were non-zero
 *                     (conv: k_h k_w c_in c_out h_out w_out, FC: in x out, times T)
 * @param spikingInput whether the layer reads spikes ({@link SpikeInputs})
 * @param accumulate   whether its operations are accumulates (AC) rather than MACs ({@link EnergyModel})
 */
public record LayerRow(String name, String type, String outputShape, long params, long macs, boolean spikingInput,
                       boolean accumulate) {
}
