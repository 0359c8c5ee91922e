package org.snn4j.models.info;

/**
 * The energy model snn4j uses everywhere (MA-SNN paper, Yao et al. 2023, section 4; Horowitz 2014 for the
 * constants), as one rule per weighted layer (convolution, dense, the SMA's convolutions and excitations):
 * <ul>
 *   <li><b>FL</b>: the layer's multiply-accumulates per sample and time step as an ANN layer would do them:
 *   conv k_h*k_w*c_in*c_out*h_out*w_out, dense in*out ({@link LayerTable#macsPerStep}).</li>
 *   <li><b>First weighted layer</b>: it reads real-valued frames, so it does <b>MACs</b>: T*FL*Φ0, Φ0 the
 *   fraction of non-zero input values (1 for static images; 1 when not measured).</li>
 *   <li><b>A layer that reads spikes</b> ({@link SpikeInputs}) does <b>ACs</b> (accumulates, one per spike and
 *   synapse): T*FL*Φ, Φ the measured fraction of non-zero inputs (the layer-average spiking activity rate).</li>
 *   <li><b>Any other weighted layer</b> (its input is real-valued, e.g. after average pooling or attention)
 *   does T*FL <b>MACs</b>.</li>
 *   <li>E = 4.6 pJ per MAC + 0.9 pJ per AC (45 nm, 32-bit float). The same network as an ANN does FL MACs once
 *   per sample. Batch norm is folded into the preceding weights at inference and costs nothing; neurons,
 *   pooling and softmaxes are not multiply-accumulates of a weight and are not counted.</li>
 * </ul>
 */
public final class EnergyModel {
    public static final double E_MAC_PJ = 4.6;
    public static final double E_AC_PJ = 0.9;

    private EnergyModel() {
    }

    /** The operations of one weighted layer and their kind. */
    public record Ops(double count, boolean accumulate) {
        public double picojoules() {
            return count * (accumulate ? E_AC_PJ : E_MAC_PJ);
        }
    }

    /**
     * Operations per sample of a weighted layer with {@code flPerStep} FL over {@code timesteps} steps.
     *
     * @param inputRate fraction of non-zero inputs; NaN when not measured (then a spike-fed layer's count is NaN)
     */
    public static Ops of(long flPerStep, int timesteps, boolean firstWeighted, boolean spikeInput, double inputRate) {
        double dense = (double) timesteps * flPerStep;
        if (firstWeighted) {
            return new Ops(dense * (Double.isNaN(inputRate) ? 1.0 : inputRate), false);
        }
        if (spikeInput) {
            return new Ops(dense * inputRate, true);
        }
        return new Ops(dense, false);
    }

    /** The ANN of the same layer: FL MACs once per sample. */
    public static double annPicojoules(long flPerStep) {
        return flPerStep * E_MAC_PJ;
    }
}
