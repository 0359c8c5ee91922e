package org.snn4j.core.neuron.fast;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.neuron.LinearNeuronKernel;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.stream.IntStream;

/**
 * float32 fused neuron kernel working directly on ND4J's off-heap buffers (no conversion to double): the
 * same dynamics as {@link LinearNeuronKernel}, which is its reference. Elements are split into blocks of
 * {@link #BLOCK} neighbours, blocks run in parallel on all cores, and inside a block time is the outer
 * loop over a contiguous inner loop. No spike or membrane is stored between forward and backward: backward
 * recomputes its block's membrane from the input into a small per-thread buffer, then runs BPTT.
 *
 * <p>{@link #get()} returns the Vector API kernel when {@code jdk.incubator.vector} is present at run
 * time (add {@code --add-modules jdk.incubator.vector}), otherwise the scalar one; the system property
 * {@code snn4j.neuron.kernel=scalar|vector} forces a choice. Both are tested against the double kernel.
 */
public abstract class FloatNeuronKernel {
    /** Elements per block: T * BLOCK floats of membrane history fit in L2 (T=16: 128 KiB). */
    public static final int BLOCK = 2048;

    private static final class Holder {
        static final FloatNeuronKernel INSTANCE = choose(System.getProperty("snn4j.neuron.kernel", ""));
    }

    /** The kernel this JVM uses. */
    public static FloatNeuronKernel get() {
        return Holder.INSTANCE;
    }

    /** A kernel by name ("vector" or "scalar"); "" picks the vector one when its module is present. */
    public static FloatNeuronKernel choose(String name) {
        boolean vectorPresent = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (name.equals("scalar") || (name.isEmpty() && !vectorPresent)) {
            if (!vectorPresent) {
                org.slf4j.LoggerFactory.getLogger(FloatNeuronKernel.class).warn("snn4j: jdk.incubator.vector is not "
                        + "loaded (add --add-modules jdk.incubator.vector): the fused neurons use the scalar float kernel");
            }
            return new ScalarFloatKernel();
        }
        if (!vectorPresent) {
            throw new IllegalStateException("snn4j.neuron.kernel=vector needs --add-modules jdk.incubator.vector");
        }
        return new VectorFloatKernel();
    }

    /** Whether this kernel applies: float32 arrays and a spiking surrogate (smooth mode uses the double kernel). */
    public static boolean supports(INDArray x, LinearNeuronKernel k) {
        return x.dataType() == DataType.FLOAT && k.getSurrogate().isSpiking() && x.length() <= Integer.MAX_VALUE / 4;
    }

    /** Short name for reports. */
    public abstract String name();

    /** Forward over T steps of a contiguous time-folded float array into {@code out} (same shape). */
    public void forward(LinearNeuronKernel k, INDArray x, INDArray out, int steps) {
        int m = elementsPerStep(x, steps);
        ByteBuffer xb = buffer(x);
        ByteBuffer ob = buffer(out);
        IntStream.range(0, blocks(m)).parallel().forEach(blk ->
                forwardBlock(k, xb, ob, steps, m, blk * BLOCK, Math.min(m, blk * BLOCK + BLOCK)));
    }

    /**
     * BPTT over all T steps: writes dL/dx into {@code dx} and returns {dL/da, dL/db, dL/dc} summed over all
     * elements (for learnable charge constants).
     */
    public double[] backward(LinearNeuronKernel k, INDArray x, INDArray eps, INDArray dx, int steps) {
        return backward(k, x, eps, dx, steps, true);
    }

    /**
     * As {@link #backward(LinearNeuronKernel, INDArray, INDArray, INDArray, int)}; without
     * {@code chargeGradients} (neurons with no parameters) the summed charge gradients are skipped (zeros).
     */
    public double[] backward(LinearNeuronKernel k, INDArray x, INDArray eps, INDArray dx, int steps,
                             boolean chargeGradients) {
        int m = elementsPerStep(x, steps);
        ByteBuffer xb = buffer(x);
        ByteBuffer eb = buffer(eps);
        ByteBuffer db = buffer(dx);
        int n = blocks(m);
        double[][] partial = new double[n][3];
        IntStream.range(0, n).parallel().forEach(blk ->
                backwardBlock(k, xb, eb, db, steps, m, blk * BLOCK, Math.min(m, blk * BLOCK + BLOCK), partial[blk],
                        chargeGradients));
        double[] total = new double[3];
        for (double[] p : partial) {
            for (int i = 0; i < 3; i++) {
                total[i] += p[i];
            }
        }
        return total;
    }

    /**
     * Forward over one T-major run of {@code m} elements per step held in plain byte buffers (e.g. a fused
     * block's per-channel scratch), on the calling thread: the caller parallelises over its runs.
     */
    public void forwardRun(LinearNeuronKernel k, ByteBuffer x, ByteBuffer out, int steps, int m) {
        for (int lo = 0; lo < m; lo += BLOCK) {
            forwardBlock(k, x, out, steps, m, lo, Math.min(m, lo + BLOCK));
        }
    }

    /** BPTT over one run, as {@link #forwardRun}; no charge-constant gradients (parameter-free neurons). */
    public void backwardRun(LinearNeuronKernel k, ByteBuffer x, ByteBuffer eps, ByteBuffer dx, int steps, int m) {
        double[] unused = new double[3];
        for (int lo = 0; lo < m; lo += BLOCK) {
            backwardBlock(k, x, eps, dx, steps, m, lo, Math.min(m, lo + BLOCK), unused, false);
        }
    }

    protected abstract void forwardBlock(LinearNeuronKernel k, ByteBuffer x, ByteBuffer out, int steps, int m,
                                         int lo, int hi);

    protected abstract void backwardBlock(LinearNeuronKernel k, ByteBuffer x, ByteBuffer eps, ByteBuffer dx,
                                          int steps, int m, int lo, int hi, double[] acc, boolean withChargeGradients);

    /** Per-thread membrane history of one block, [T * BLOCK]. */
    private static final ThreadLocal<float[]> HISTORY = ThreadLocal.withInitial(() -> new float[0]);

    protected static float[] history(int steps) {
        float[] h = HISTORY.get();
        if (h.length < steps * BLOCK) {
            h = new float[steps * BLOCK];
            HISTORY.set(h);
        }
        return h;
    }

    private static int blocks(int m) {
        return (m + BLOCK - 1) / BLOCK;
    }

    private static int elementsPerStep(INDArray x, int steps) {
        if (steps <= 0 || x.length() % steps != 0) {
            throw new IllegalArgumentException("input length " + x.length() + " is not a multiple of T=" + steps);
        }
        return Math.toIntExact(x.length() / steps);
    }

    /**
     * Row-major and dense from offset 0: its buffer's first length() elements are the array. Strides of
     * size-1 dimensions are ignored (ND4J does not always store the canonical value there).
     */
    public static boolean isPlain(INDArray a) {
        if (a.offset() != 0 || a.data().length() < a.length()) {
            return false;
        }
        long expected = 1;
        for (int d = a.rank() - 1; d >= 0; d--) {
            long size = a.size(d);
            if (size != 1 && a.stride(d) != expected) {
                return false;
            }
            expected *= size;
        }
        return true;
    }

    /** The array's off-heap bytes in native order; the array must be a plain 'c' buffer from offset 0. */
    static ByteBuffer buffer(INDArray a) {
        if (a.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("fused float kernel needs a float32 array, got " + a.dataType());
        }
        return nativeBytes(a);
    }

    /**
     * The off-heap bytes of a plain float32 or float64 'c' array from offset 0, in native order (for fused
     * kernels that read and write ND4J memory in place).
     */
    public static ByteBuffer nativeBytes(INDArray a) {
        if ((a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) || !isPlain(a)) {
            throw new IllegalArgumentException("fused kernel needs a contiguous float32/float64 'c' array, got "
                    + a.dataType() + " order " + a.ordering() + " offset " + a.offset());
        }
        ByteBuffer b = a.data().asNio().order(ByteOrder.nativeOrder());
        long need = a.length() * a.dataType().width();
        if (b.capacity() < need) {
            throw new IllegalStateException("ND4J buffer holds " + b.capacity() + " bytes, need " + need);
        }
        return b;
    }
}
