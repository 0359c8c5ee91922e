package org.snn4j.core.neuron.fast;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.neuron.LinearNeuronKernel;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.Erf;
import org.snn4j.core.surrogate.FastSigmoid;
import org.snn4j.core.surrogate.PiecewiseLeakyReLU;
import org.snn4j.core.surrogate.PiecewiseQuadratic;
import org.snn4j.core.surrogate.Rectangular;
import org.snn4j.core.surrogate.Sigmoid;
import org.snn4j.core.surrogate.SoftSign;
import org.snn4j.core.surrogate.Surrogate;
import org.snn4j.core.surrogate.Triangle;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Both float32 kernels (Vector API and scalar) against the double reference kernel, on ND4J float arrays:
 * every reset/threshold/output variant and every vectorised surrogate, with an element count that is not a
 * multiple of the block or the vector length (so the tail path runs too). Inputs are multiples of 1/64 and
 * the charge constants dyadic, so h is exact in float: spikes must be identical and gradients agree to float
 * rounding.
 */
class FloatNeuronKernelTest {
    private static final int T = 6;
    private static final int M = FloatNeuronKernel.BLOCK + 37;

    /** A user's subclass that changes the gradient: the vector kernel must not use ATan's own loop for it. */
    public static final class SteeperATan extends ATan {
        public SteeperATan() {
            super(2.0);
        }

        @Override
        public double derivative(double x) {
            return 3 * super.derivative(x);
        }
    }

    static Stream<Arguments> cases() {
        Surrogate[] surrogates = {new ATan(2.0), new Rectangular(0.5), new PiecewiseQuadratic(1.0), new Triangle(0.3, 1.0),
                new FastSigmoid(4.0), new SoftSign(2.0), new Sigmoid(4.0), new Erf(2.0), new PiecewiseLeakyReLU(1.0, 0.01),
                new org.snn4j.core.surrogate.PiecewiseExp(1.0), new SteeperATan()};
        List<Arguments> out = new ArrayList<>();
        for (String kernel : new String[]{"vector", "scalar"}) {
            for (Surrogate s : surrogates) {
                out.add(Arguments.of(kernel, "lif-hard-detach", new LinearNeuronKernel(0.5, 0.5, 0, 1.0, 0, 0, false, true, false, false, s)));
            }
            out.add(Arguments.of(kernel, "hard-nodetach", new LinearNeuronKernel(0.5, 0.5, 0.125, 0.75, 0.25, 0.25, false, false, false, false, new ATan())));
            out.add(Arguments.of(kernel, "soft", new LinearNeuronKernel(0.75, 1.0, 0, 0.5, 0, 0, true, false, false, false, new ATan())));
            out.add(Arguments.of(kernel, "soft-detach", new LinearNeuronKernel(0.75, 1.0, 0, 0.5, 0, 0, true, true, false, false, new ATan())));
            out.add(Arguments.of(kernel, "masnn-code-liaf", new LinearNeuronKernel(0.25, 1.0, 0, 0.25, 0.25, 0, false, false, false, true, new Rectangular(0.5))));
            out.add(Arguments.of(kernel, "msresnet-strict", new LinearNeuronKernel(0.25, 1.0, 0, 0.5, 0, 0, false, true, true, false, new Rectangular(1.0))));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void floatKernelMatchesDoubleKernel(String kernelName, String variant, LinearNeuronKernel k) {
        FloatNeuronKernel kernel = FloatNeuronKernel.choose(kernelName);
        Random r = new Random(42);
        double[] x = new double[T * M];
        double[] eps = new double[T * M];
        for (int i = 0; i < x.length; i++) {
            x[i] = (r.nextInt(160) - 32) / 64.0;
            eps[i] = r.nextGaussian();
        }
        double[] out = new double[x.length];
        k.forward(x, T, out, null);
        double[] dx = new double[x.length];
        double[] charge = k.backward(x, eps, T, dx);

        INDArray xf = Nd4j.createFromArray(x).castTo(DataType.FLOAT).reshape(T * 1L, M);
        INDArray ef = Nd4j.createFromArray(eps).castTo(DataType.FLOAT).reshape(T * 1L, M);
        INDArray of = Nd4j.createUninitialized(DataType.FLOAT, T, M);
        INDArray df = Nd4j.createUninitialized(DataType.FLOAT, T, M);
        kernel.forward(k, xf, of, T);
        double[] chargeF = kernel.backward(k, xf, ef, df, T);
        float[] o = of.data().asFloat();
        float[] d = df.data().asFloat();
        int fired = 0;
        for (int i = 0; i < x.length; i++) {
            assertEquals(out[i], o[i], 0.0, "output at " + i);
            assertEquals(dx[i], d[i], 2e-5 * (1 + Math.abs(dx[i])), "dx at " + i);
            fired += out[i] > 0 ? 1 : 0;
        }
        for (int i = 0; i < 3; i++) {
            assertEquals(charge[i], chargeF[i], 1e-4 * (1 + Math.abs(charge[i])), "charge gradient " + i);
        }
        double rate = fired / (double) x.length;
        assertEquals(0.5, rate, 0.45, "firing rate should be non-degenerate");
    }
}
