package org.snn4j.core.torch;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

import java.util.Arrays;

/**
 * How a PyTorch tensor lands in an snn4j parameter array: the layout conversion and, for parameters that
 * several PyTorch modules share (SMA's per-scale excitations), which column block it fills. Both directions
 * are given, so reference tests can compare gradients in PyTorch's layout.
 */
public enum TorchLayout {
    /** Same element order (conv weight [out, in, kH, kW] in DL4J, bias [n] as [1, n]). */
    SAME,
    /** Conv weight [out, in, kH, kW] -> SameDiff's [kH, kW, in, out]. */
    CONV_YXIO,
    /** [out, in, 1, ...] (linear, 1x1 conv, 1x1x1 conv3d) -> [in, out], into column block {@code part}. */
    TRANSPOSED,
    /** Vector [n] -> columns {@code part*n .. part*n+n-1} of a [1, parts*n] row. */
    ROW_PART,
    /** BN running variance [n] -> DL4J's log10 of the standard deviation [1, n] (DL4J adds eps at use). */
    LOG10_STD;

    /** Writes {@code torch} (PyTorch's shape) into {@code param}; the error names both shapes. */
    public void write(INDArray torch, INDArray param, int part) {
        INDArray target = target(param, part, torch.shape());
        INDArray value = toOurs(torch.castTo(param.dataType()));
        if (target.length() != value.length()) {
            throw new IllegalArgumentException("tensor of shape " + Arrays.toString(torch.shape())
                    + " does not fit parameter of shape " + Arrays.toString(param.shape()));
        }
        target.assign(value.reshape(target.shape()));
    }

    /** The part of {@code param} that {@link #write} fills, converted back to PyTorch's shape {@code torchShape}. */
    public INDArray read(INDArray param, long[] torchShape, int part) {
        INDArray target = target(param, part, torchShape);
        INDArray v;
        switch (this) {
            case CONV_YXIO:
                v = target.permute(3, 2, 0, 1);
                break;
            case TRANSPOSED:
                v = target.transpose();
                break;
            case LOG10_STD:
                v = Transforms.exp(target.mul(2 * Math.log(10)), false);
                break;
            default:
                v = target;
        }
        return v.dup('c').reshape(torchShape);
    }

    private INDArray target(INDArray param, int part, long[] torchShape) {
        long n = 1;
        for (long d : torchShape) {
            n *= d;
        }
        switch (this) {
            case TRANSPOSED: {
                long out = torchShape[0];
                long in = n / out;
                if (param.rank() != 2 || param.size(0) != in || param.size(1) < (part + 1) * out) {
                    throw new IllegalArgumentException("tensor of shape " + Arrays.toString(torchShape)
                            + " does not fit parameter of shape " + Arrays.toString(param.shape()) + " (part " + part + ")");
                }
                return param.get(NDArrayIndex.interval(0, in), NDArrayIndex.interval(part * out, (part + 1) * out));
            }
            case ROW_PART:
                if (param.rank() != 2 || param.size(1) < (part + 1) * n) {
                    throw new IllegalArgumentException("tensor of shape " + Arrays.toString(torchShape)
                            + " does not fit parameter of shape " + Arrays.toString(param.shape()) + " (part " + part + ")");
                }
                return param.get(new INDArrayIndex[]{NDArrayIndex.all(), NDArrayIndex.interval(part * n, (part + 1) * n)});
            default:
                return param;
        }
    }

    private INDArray toOurs(INDArray torch) {
        switch (this) {
            case CONV_YXIO:
                return torch.permute(2, 3, 1, 0).dup('c');
            case TRANSPOSED: {
                long out = torch.size(0);
                return torch.reshape(out, torch.length() / out).transpose().dup('c');
            }
            case LOG10_STD:
                return Transforms.log(Transforms.sqrt(torch, true), 10.0, false);
            default:
                return torch;
        }
    }
}
