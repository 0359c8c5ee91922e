package org.snn4j.models.loss;

/** The losses the papers train with (SMA-AZO and MA-SNN). */
public enum LossKind {
    /** MSE between the time-averaged output and the one-hot label, mean over batch and classes. */
    MSE,
    /** Softmax cross-entropy on the time-averaged logits (with optional label smoothing). */
    CE,
    /** TET: mean over t of the per-step softmax cross-entropy, (1/T) sum_t CE(logits_t, y). */
    TET;

    /** Parses "mse", "ce" or "tet" (any case), naming the valid values on failure. */
    public static LossKind parse(String s) {
        for (LossKind k : values()) {
            if (k.name().equalsIgnoreCase(s)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown loss '" + s + "', expected one of mse, ce, tet");
    }
}
