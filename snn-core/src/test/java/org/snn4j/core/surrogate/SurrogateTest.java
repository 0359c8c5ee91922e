package org.snn4j.core.surrogate;

import org.snn4j.core.DoublePrecision;
import org.deeplearning4j.nn.conf.serde.JsonMappers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.neuron.SameDiffNeuronGraph;

import java.util.Random;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

/**
 * Internal consistency of every surrogate (non-default parameters): the SameDiff primitive equals the double
 * one; the SameDiff straight-through spike has the Heaviside forward and the double surrogate gradient; the
 * smooth derivative equals a central finite difference of the primitive; JSON round-trips to an equal object.
 */
@ExtendWith(DoublePrecision.class)
class SurrogateTest {

    static Stream<Surrogate> surrogates() {
        return Stream.of(new ATan(3.0), new Sigmoid(3.0), new SoftSign(3.0), new Erf(1.5), new PiecewiseQuadratic(1.5),
                new PiecewiseExp(1.5), new PiecewiseLeakyReLU(0.7, 0.05), new Rectangular(0.5), new FastSigmoid(5.0),
                new Triangle(0.4, 0.8));
    }

    private static double[] points() {
        Random r = new Random(11);
        double[] x = new double[64];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() * 4 - 2;
        }
        return x;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("surrogates")
    void sameDiffMatchesDoubleInBothModes(Surrogate sg) {
        double[] x = points();
        for (boolean spiking : new boolean[]{true, false}) {
            sg.setSpiking(spiking);
            SameDiff sd = SameDiff.create();
            SDVariable in = sd.var("x", Nd4j.createFromArray(x));
            SDVariable out = SameDiffNeuronGraph.spike(sd, in, sg);
            SDVariable loss = out.sum();
            sd.setLossVariables(loss);
            INDArray y = out.eval();
            INDArray g = sd.calculateGradients(null, "x").get("x");
            for (int i = 0; i < x.length; i++) {
                assertEquals(sg.forward(x[i]), y.getDouble(i), 1e-12, sg + " forward at " + x[i]);
                assertEquals(sg.gradient(x[i]), g.getDouble(i), 1e-12, sg + " gradient at " + x[i]);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("surrogates")
    void smoothDerivativeIsSlopeOfPrimitive(Surrogate sg) {
        double e = 1e-6;
        for (double x : points()) {
            double fd = (sg.primitive(x + e) - sg.primitive(x - e)) / (2 * e);
            assertEquals(fd, sg.primitiveDerivative(x), 1e-5, sg + " at " + x);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("surrogates")
    void jsonRoundTrip(Surrogate sg) throws Exception {
        sg.setSpiking(false);
        String json = JsonMappers.getMapper().writeValueAsString(sg);
        Surrogate back = JsonMappers.getMapper().readValue(json, Surrogate.class);
        assertNotSame(sg, back);
        assertEquals(sg, back, json);
        assertEquals(sg.derivative(0.3), back.derivative(0.3));
    }
}
