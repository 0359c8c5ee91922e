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
 * Spiking-mode surrogate gradients g'(h - v_th) for a run of membrane values, for the vector kernel. A
 * surrogate that implements {@link VectorGradient} brings its own loop; for snn4j's own surrogate classes
 * (exactly those classes, not subclasses, which may override {@code derivative}) each loop here is the float
 * transcription of {@code derivative(double)}; any other surrogate goes through that method element by
 * element (correct, slower). The whole run is done in one call so
 * that each loop is a plain sequence of vector intrinsics (a per-vector virtual call would box vectors).
 */
final class VectorSurrogates {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorSurrogates() {
    }

    /** out[j] = g'(h[off + j] - vth) for j in [0, len), len a multiple of the vector length. */
    static void gradients(Surrogate sg, float[] h, int off, float vth, float[] out, int len) {
        if (sg instanceof VectorGradient) {
            ((VectorGradient) sg).gradients(h, off, vth, out, len);
            return;
        }
        int step = S.length();
        // Exact classes: a subclass may override derivative(), so it gets the scalar loop unless it brings its own.
        Class<?> c = sg.getClass();
        if (c == ATan.class) {
            float alpha = (float) ((ATan) sg).getAlpha();
            float k = (float) (Math.PI / 2) * alpha;
            FloatVector half = FloatVector.broadcast(S, alpha / 2);
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (int j = 0; j < len; j += step) {
                FloatVector u = FloatVector.fromArray(S, h, off + j).sub(vth).mul(k);
                half.div(u.fma(u, one)).intoArray(out, j);
            }
        } else if (c == Rectangular.class) {
            float a = (float) ((Rectangular) sg).getA();
            FloatVector zero = FloatVector.zero(S);
            for (int j = 0; j < len; j += step) {
                FloatVector z = FloatVector.fromArray(S, h, off + j).sub(vth);
                zero.blend(1f / a, z.abs().compare(VectorOperators.LT, a / 2)).intoArray(out, j);
            }
        } else if (c == PiecewiseQuadratic.class) {
            float alpha = (float) ((PiecewiseQuadratic) sg).getAlpha();
            for (int j = 0; j < len; j += step) {
                FloatVector z = FloatVector.fromArray(S, h, off + j).sub(vth);
                z.abs().mul(-alpha * alpha).add(alpha).max(0f).intoArray(out, j);
            }
        } else if (c == Triangle.class) {
            float gamma = (float) ((Triangle) sg).getGamma();
            float width = (float) ((Triangle) sg).getWidth();
            for (int j = 0; j < len; j += step) {
                FloatVector z = FloatVector.fromArray(S, h, off + j).sub(vth);
                z.abs().mul(-gamma / width).add(gamma).max(0f).intoArray(out, j);
            }
        } else if (c == FastSigmoid.class) {
            float slope = (float) ((FastSigmoid) sg).getSlope();
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (int j = 0; j < len; j += step) {
                FloatVector d = FloatVector.fromArray(S, h, off + j).sub(vth).abs().fma(slope, 1f);
                one.div(d.mul(d)).intoArray(out, j);
            }
        } else if (c == SoftSign.class) {
            float alpha = (float) ((SoftSign) sg).getAlpha();
            FloatVector half = FloatVector.broadcast(S, alpha / 2);
            for (int j = 0; j < len; j += step) {
                FloatVector d = FloatVector.fromArray(S, h, off + j).sub(vth).abs().fma(alpha, 1f);
                half.div(d.mul(d)).intoArray(out, j);
            }
        } else if (c == Sigmoid.class) {
            float alpha = (float) ((Sigmoid) sg).getAlpha();
            FloatVector one = FloatVector.broadcast(S, 1f);
            for (int j = 0; j < len; j += step) {
                FloatVector z = FloatVector.fromArray(S, h, off + j).sub(vth);
                FloatVector s = one.div(z.mul(-alpha).lanewise(VectorOperators.EXP).add(1f));
                s.mul(one.sub(s)).mul(alpha).intoArray(out, j);
            }
        } else if (c == Erf.class) {
            float alpha = (float) ((Erf) sg).getAlpha();
            float scale = (float) (((Erf) sg).getAlpha() / Math.sqrt(Math.PI));
            for (int j = 0; j < len; j += step) {
                FloatVector u = FloatVector.fromArray(S, h, off + j).sub(vth).mul(alpha);
                u.mul(u).neg().lanewise(VectorOperators.EXP).mul(scale).intoArray(out, j);
            }
        } else if (c == PiecewiseExp.class) {
            float alpha = (float) ((PiecewiseExp) sg).getAlpha();
            for (int j = 0; j < len; j += step) {
                FloatVector z = FloatVector.fromArray(S, h, off + j).sub(vth);
                z.abs().mul(-alpha).lanewise(VectorOperators.EXP).mul(alpha / 2).intoArray(out, j);
            }
        } else if (c == PiecewiseLeakyReLU.class) {
            float w = (float) ((PiecewiseLeakyReLU) sg).getW();
            FloatVector outside = FloatVector.broadcast(S, (float) ((PiecewiseLeakyReLU) sg).getC());
            for (int j = 0; j < len; j += step) {
                FloatVector z = FloatVector.fromArray(S, h, off + j).sub(vth);
                outside.blend(1f / w, z.abs().compare(VectorOperators.LT, w)).intoArray(out, j);
            }
        } else {
            for (int j = 0; j < len; j++) {
                out[j] = (float) sg.derivative(h[off + j] - vth);
            }
        }
    }
}
