package org.snn4j.core.neuron.fast;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;
import org.snn4j.core.surrogate.ATan;
import org.snn4j.core.surrogate.Erf;
import org.snn4j.core.surrogate.FastSigmoid;
import org.snn4j.core.surrogate.PiecewiseExp;
import org.snn4j.core.surrogate.PiecewiseLeakyReLU;
import org.snn4j.core.surrogate.PiecewiseQuadratic;
import org.snn4j.core.surrogate.Rectangular;
import org.snn4j.core.surrogate.Sigmoid;
import org.snn4j.core.surrogate.SoftSign;
import org.snn4j.core.surrogate.Surrogate;
import org.snn4j.core.surrogate.Triangle;

/**
 * Lane-wise spiking-mode surrogate gradients g'(z) for the vector kernel. Each formula is the float
 * transcription of the surrogate's {@code derivative(double)}; a surrogate not listed here is evaluated
 * lane by lane through that method (correct, slower).
 */
final class VectorSurrogates {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    interface Gradient {
        FloatVector apply(FloatVector z);
    }

    private VectorSurrogates() {
    }

    static Gradient of(Surrogate sg) {
        if (sg instanceof ATan) {
            float alpha = (float) ((ATan) sg).getAlpha();
            float k = (float) (Math.PI / 2) * alpha;
            FloatVector half = FloatVector.broadcast(S, alpha / 2);
            FloatVector one = FloatVector.broadcast(S, 1f);
            return z -> {
                FloatVector u = z.mul(k);
                return half.div(u.fma(u, one));
            };
        }
        if (sg instanceof Rectangular) {
            float a = (float) ((Rectangular) sg).getA();
            FloatVector zero = FloatVector.zero(S);
            return z -> zero.blend(1f / a, z.abs().compare(VectorOperators.LT, a / 2));
        }
        if (sg instanceof PiecewiseQuadratic) {
            float alpha = (float) ((PiecewiseQuadratic) sg).getAlpha();
            return z -> z.abs().mul(-alpha * alpha).add(alpha).max(0f);
        }
        if (sg instanceof Triangle) {
            float gamma = (float) ((Triangle) sg).getGamma();
            float width = (float) ((Triangle) sg).getWidth();
            return z -> z.abs().mul(-gamma / width).add(gamma).max(0f);
        }
        if (sg instanceof FastSigmoid) {
            float slope = (float) ((FastSigmoid) sg).getSlope();
            FloatVector one = FloatVector.broadcast(S, 1f);
            return z -> {
                FloatVector d = z.abs().fma(slope, 1f);
                return one.div(d.mul(d));
            };
        }
        if (sg instanceof SoftSign) {
            float alpha = (float) ((SoftSign) sg).getAlpha();
            FloatVector half = FloatVector.broadcast(S, alpha / 2);
            return z -> {
                FloatVector d = z.abs().fma(alpha, 1f);
                return half.div(d.mul(d));
            };
        }
        if (sg instanceof Sigmoid) {
            float alpha = (float) ((Sigmoid) sg).getAlpha();
            FloatVector one = FloatVector.broadcast(S, 1f);
            return z -> {
                FloatVector s = one.div(z.mul(-alpha).lanewise(VectorOperators.EXP).add(1f));
                return s.mul(one.sub(s)).mul(alpha);
            };
        }
        if (sg instanceof Erf) {
            float alpha = (float) ((Erf) sg).getAlpha();
            float scale = (float) (((Erf) sg).getAlpha() / Math.sqrt(Math.PI));
            return z -> {
                FloatVector u = z.mul(alpha);
                return u.mul(u).neg().lanewise(VectorOperators.EXP).mul(scale);
            };
        }
        if (sg instanceof PiecewiseExp) {
            float alpha = (float) ((PiecewiseExp) sg).getAlpha();
            return z -> z.abs().mul(-alpha).lanewise(VectorOperators.EXP).mul(alpha / 2);
        }
        if (sg instanceof PiecewiseLeakyReLU) {
            float w = (float) ((PiecewiseLeakyReLU) sg).getW();
            float c = (float) ((PiecewiseLeakyReLU) sg).getC();
            FloatVector outside = FloatVector.broadcast(S, c);
            return z -> outside.blend(1f / w, z.abs().compare(VectorOperators.LT, w));
        }
        return z -> {
            float[] lanes = z.toArray();
            for (int i = 0; i < lanes.length; i++) {
                lanes[i] = (float) sg.derivative(lanes[i]);
            }
            return FloatVector.fromArray(S, lanes, 0);
        };
    }
}
