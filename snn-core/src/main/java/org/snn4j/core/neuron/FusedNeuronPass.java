package org.snn4j.core.neuron;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.neuron.fast.FloatNeuronKernel;

/**
 * One fused multi-step neuron pass on ND4J arrays: float32 with a spiking surrogate through
 * {@link FloatNeuronKernel} directly on the off-heap buffers, everything else (double, smooth surrogates)
 * through the double {@link LinearNeuronKernel}. Shared by the neuron layer and by layers that contain
 * neurons (the fused SMA encoder), so both pick the kernel the same way.
 */
public final class FusedNeuronPass {
    private FusedNeuronPass() {
    }

    /** Forward over T steps of time-folded {@code x} into {@code out} (same shape, plain 'c'). */
    public static void forward(LinearNeuronKernel k, INDArray x, INDArray out, int steps) {
        INDArray in = contiguous(x);
        if (FloatNeuronKernel.supports(in, k)) {
            FloatNeuronKernel.get().forward(k, in, out, steps);
        } else {
            double[] s = new double[(int) in.length()];
            k.forward(values(in), steps, s, null);
            assignFrom(out, s);
        }
    }

    /**
     * BPTT given dL/d(output) {@code eps}: writes dL/dx into {@code dx} (plain 'c', x's shape) and returns the
     * summed charge-constant gradients {dL/da, dL/db, dL/dc} (zeros when {@code chargeGradients} is false and
     * the float kernel runs).
     */
    public static double[] backward(LinearNeuronKernel k, INDArray x, INDArray eps, INDArray dx, int steps,
                                    boolean chargeGradients) {
        INDArray in = contiguous(x);
        INDArray e = contiguous(eps.castTo(in.dataType()));
        if (FloatNeuronKernel.supports(in, k)) {
            return FloatNeuronKernel.get().backward(k, in, e, dx, steps, chargeGradients);
        }
        double[] d = new double[(int) in.length()];
        double[] charge = k.backward(values(in), values(e), steps, d);
        assignFrom(dx, d);
        return charge;
    }

    /** The array itself when it is a plain row-major buffer starting at offset 0, else a copy. */
    public static INDArray contiguous(INDArray a) {
        if (FloatNeuronKernel.isPlain(a)) {
            return a;
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return a.dup('c');
        }
    }

    /** The array's elements in row-major order (a plain array's buffer may be longer than the array). */
    static double[] values(INDArray a) {
        if (a.data().length() == a.length()) {
            return a.data().asDouble();
        }
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return a.dup('c').data().asDouble();
        }
    }

    private static void assignFrom(INDArray target, double[] values) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            target.assign(Nd4j.create(values, target.shape(), 'c'));
        }
    }
}
