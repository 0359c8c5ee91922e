package org.snn4j.nir;

import java.util.Arrays;

/**
 * One numeric NIR field: values (held as doubles), shape (empty for a scalar) and the HDF5 element type it
 * is stored with. NIR keeps weights and per-neuron parameters as float arrays and sizes (stride, groups,
 * shapes) as integers.
 */
public final class NirArray {
    /** Element type on disk. */
    public enum Kind { FLOAT32, FLOAT64, INT64 }

    private final double[] values;
    private final long[] shape;
    private final Kind kind;

    public NirArray(double[] values, long[] shape, Kind kind) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
        }
        if (n != values.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n + " values, got " + values.length);
        }
        this.values = values;
        this.shape = shape.clone();
        this.kind = kind;
    }

    /** A scalar integer (NIR's groups, start_dim, ...). */
    public static NirArray scalar(long v) {
        return new NirArray(new double[] {v}, new long[0], Kind.INT64);
    }

    /** A 1-D integer vector (NIR's stride, padding, shapes). */
    public static NirArray ints(long... v) {
        return new NirArray(Arrays.stream(v).asDoubleStream().toArray(), new long[] {v.length}, Kind.INT64);
    }

    /** The same value at every position of {@code shape} (NIR stores neuron parameters per neuron). */
    public static NirArray full(long[] shape, double v, Kind kind) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] a = new double[Math.toIntExact(n)];
        Arrays.fill(a, v);
        return new NirArray(a, shape, kind);
    }

    /** Values in C (row-major) order. */
    public double[] values() {
        return values;
    }

    public long[] shape() {
        return shape.clone();
    }

    public Kind kind() {
        return kind;
    }

    public int rank() {
        return shape.length;
    }

    public int size() {
        return values.length;
    }

    public long[] asLongs() {
        long[] out = new long[values.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = Math.round(values[i]);
            if (out[i] != values[i]) {
                throw new IllegalArgumentException("expected integers, got " + values[i]);
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return kind + Arrays.toString(shape);
    }
}
