package org.snn4j.core.torch;

import java.util.Arrays;

/**
 * One row of a name table: the PyTorch state-dict key (relative to its module), the shape PyTorch stores,
 * and where it goes in snn4j: parameter key, {@link TorchLayout}, and the column block for shared arrays.
 * A running statistic PyTorch keeps but snn4j has no parameter for ({@code num_batches_tracked}) has
 * {@code param == null}: it is accepted and not used.
 */
public final class TorchName {
    private final String torch;
    private final long[] shape;
    private final String param;
    private final TorchLayout layout;
    private final int part;

    public TorchName(String torch, long[] shape, String param, TorchLayout layout, int part) {
        this.torch = torch;
        this.shape = shape.clone();
        this.param = param;
        this.layout = layout;
        this.part = part;
    }

    /** The same row under a module prefix ({@code "block2.1."}) and for snn4j parameter prefix (DL4J layer index). */
    public TorchName prefixed(String torchPrefix, String paramPrefix) {
        return new TorchName(torchPrefix + torch, shape, param == null ? null : paramPrefix + param, layout, part);
    }

    public String torch() {
        return torch;
    }

    public long[] shape() {
        return shape.clone();
    }

    public String param() {
        return param;
    }

    public TorchLayout layout() {
        return layout;
    }

    public int part() {
        return part;
    }

    @Override
    public String toString() {
        return torch + " " + Arrays.toString(shape) + " -> " + (param == null ? "(unused)" : param + " " + layout
                + (layout == TorchLayout.TRANSPOSED || layout == TorchLayout.ROW_PART ? " part " + part : ""));
    }
}
