package org.snn4j.core.attention;

import org.nd4j.autodiff.samediff.SDIndex;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.neuron.SameDiffNeuronGraph;

/**
 * Attention ZoneOut (Shan et al., SMA-AZO released training scripts; docs/attention.md) as SameDiff graph pieces.
 *
 * <p>Deterministic, per scale i and per mini-batch: the n_T = floor(T/RTR) time steps with the smallest
 * summed temporal attention s_i[t] = sum_b A^T_i[t,b] form 𝒯_i; the n_C = floor(C/RCR) channels with the
 * smallest r_i[c] = sum_{t in 𝒯_i} sum_b A^C_i[t,b,c] form 𝒞_i. The mask M_i[t,c] = 1[t in 𝒯_i, t >= 1,
 * c in 𝒞_i] then replaces those entries of the weighted scale map by the previous step's <em>unmodified</em>
 * value (the code's clone/tensor version, not the in-place loop demo):
 * Ŷ_i = (1 - M_i) ⊙ Y_i + M_i ⊙ shift(Y_i). The selection is computed from stop-gradient copies of the
 * attention (top-k has no gradient); ties are broken towards the lower index.
 */
public final class AttentionZoneout {
    private AttentionZoneout() {
    }

    /**
     * The selection mask [S, T, C] from temporal attention {@code attT} [T, B, S] and channel attention
     * {@code attC} [T, B, S, C] (S scales); no gradient flows through it.
     */
    public static SDVariable selectionMask(SameDiff sd, SDVariable attT, SDVariable attC, int scales, int t, long c,
                                           int weakSteps, int weakChannels) {
        SDVariable timeScore = SameDiffNeuronGraph.stopGradient(sd, attT).sum(1).permute(1, 0);      // [S, T]
        SDVariable selT = smallest(sd, timeScore, scales, t, weakSteps);                           // [S, T]
        SDVariable perStep = SameDiffNeuronGraph.stopGradient(sd, attC).sum(1);                      // [T, S, C]
        SDVariable channelScore = perStep.mul(selT.permute(1, 0).reshape(t, scales, 1)).sum(0);       // [S, C]
        SDVariable selC = smallest(sd, channelScore, scales, c, weakChannels);                     // [S, C]
        INDArray notFirst = Nd4j.ones(attT.dataType(), 1, t, 1);
        notFirst.putScalar(0, 0, 0, 0.0);
        SDVariable steps = selT.reshape(scales, t, 1).mul(sd.constant(notFirst));
        return steps.mul(selC.reshape(scales, 1, c));
    }

    /** A constant mask [S, T, C] from explicit per-scale time steps and channels (t = 0 is dropped). */
    public static INDArray fixedMask(int[][] steps, int[][] channels, int scales, int t, long c, DataType dataType) {
        if (steps.length != scales || channels.length != scales) {
            throw new IllegalArgumentException("fixed AZO selection needs one row per scale (" + scales + "), got "
                    + steps.length + " time rows and " + channels.length + " channel rows");
        }
        INDArray mask = Nd4j.zeros(dataType, scales, t, c);
        for (int i = 0; i < scales; i++) {
            for (int step : steps[i]) {
                if (step < 0 || step >= t) {
                    throw new IllegalArgumentException("fixed AZO time step " + step + " of scale " + i
                            + " outside [0, " + t + ")");
                }
                for (int ch : channels[i]) {
                    if (ch < 0 || ch >= c) {
                        throw new IllegalArgumentException("fixed AZO channel " + ch + " of scale " + i
                                + " outside [0, " + c + ")");
                    }
                    if (step > 0) {
                        mask.putScalar(i, step, ch, 1.0);
                    }
                }
            }
        }
        return mask;
    }

    /**
     * Ŷ = (1 - m) ⊙ Y + m ⊙ shift(Y) with m = gate * M, for one scale; {@code y} is [T, B, C, H*W],
     * {@code mask} [T, C] and {@code gate} a scalar (the training flag: AZO is the identity at inference).
     * With m in {0, 1} both terms are exact, so replaced entries equal Y[t-1] bit for bit.
     */
    public static SDVariable apply(SameDiff sd, SDVariable y, SDVariable mask, SDVariable gate, int t, long c) {
        // shift(Y)[t] = Y[t-1]; row 0 repeats Y[0], which the mask never selects.
        SDVariable previous = sd.concat(0, y.get(SDIndex.interval(0, 1)), y.get(SDIndex.interval(0, t - 1)));
        SDVariable m = mask.reshape(t, 1, c, 1).mul(gate);
        return y.mul(m.rsub(1.0)).add(previous.mul(m));
    }

    /** 1 for the k smallest entries of each row of {@code score} [rows, len], 0 elsewhere (ties: lower index). */
    static SDVariable smallest(SameDiff sd, SDVariable score, int rows, long len, int k) {
        SDVariable self = score.reshape(rows, len, 1);
        SDVariable other = score.reshape(rows, 1, len);
        DataType dt = score.dataType();
        SDVariable less = other.lt(self).castTo(dt);                         // [r, i, j] = score[j] < score[i]
        INDArray before = Nd4j.zeros(dt, 1, len, len);
        for (int i = 0; i < len; i++) {
            for (int j = 0; j < i; j++) {
                before.putScalar(0, i, j, 1.0);
            }
        }
        SDVariable tie = other.eq(self).castTo(dt).mul(sd.constant(before));
        SDVariable rank = less.add(tie).sum(2);                              // [rows, len]
        return rank.lt((double) k).castTo(dt);
    }
}
