package org.snn4j.core.neuron.fast;

import org.snn4j.core.neuron.LinearNeuronKernel;
import org.snn4j.core.surrogate.Surrogate;

import java.nio.ByteBuffer;

/** Plain-Java float kernel: the fallback when the Vector API module is absent, and the vector kernel's tail loop. */
final class ScalarFloatKernel extends FloatNeuronKernel {

    @Override
    public String name() {
        return "scalar";
    }

    @Override
    protected void forwardBlock(LinearNeuronKernel k, ByteBuffer x, ByteBuffer out, int steps, int m, int lo, int hi) {
        float a = (float) k.getA();
        float b = (float) k.getB();
        float c = (float) k.getC();
        for (int j = lo; j < hi; j++) {
            float v = (float) k.getVInit();
            for (int t = 0; t < steps; t++) {
                int i = (t * m + j) << 2;
                float h = a * v + b * x.getFloat(i) + c;
                float s = spike(k, h);
                out.putFloat(i, k.isMembraneOutput() ? Math.max(h, 0f) : s);
                v = reset(k, h, s);
            }
        }
    }

    @Override
    protected void backwardBlock(LinearNeuronKernel k, ByteBuffer x, ByteBuffer eps, ByteBuffer dx, int steps, int m,
                                 int lo, int hi, double[] acc, boolean withChargeGradients) {
        float a = (float) k.getA();
        float b = (float) k.getB();
        float c = (float) k.getC();
        float vth = (float) k.getVThreshold();
        float vInit = (float) k.getVInit();
        Surrogate sg = k.getSurrogate();
        float[] hist = history(steps);
        for (int j = lo; j < hi; j++) {
            float v = vInit;
            for (int t = 0; t < steps; t++) {
                float h = a * v + b * x.getFloat((t * m + j) << 2) + c;
                hist[t] = h;
                v = reset(k, h, spike(k, h));
            }
            float gradV = 0f;
            for (int t = steps - 1; t >= 0; t--) {
                int i = (t * m + j) << 2;
                float h = hist[t];
                float s = spike(k, h);
                float ds = (float) sg.derivative(h - vth);
                float dvdh = resetSlope(k, h, s, ds);
                float dOut = k.isMembraneOutput() ? (h > 0 ? 1f : 0f) : ds;
                float gradH = eps.getFloat(i) * dOut + gradV * dvdh;
                dx.putFloat(i, b * gradH);
                float vPrev = t == 0 ? vInit : reset(k, hist[t - 1], spike(k, hist[t - 1]));
                acc[0] += gradH * vPrev;
                acc[1] += gradH * x.getFloat(i);
                acc[2] += gradH;
                gradV = a * gradH;
            }
        }
    }

    private static float spike(LinearNeuronKernel k, float h) {
        float vth = (float) k.getVThreshold();
        return (k.isStrictThreshold() ? h > vth : h >= vth) ? 1f : 0f;
    }

    private static float reset(LinearNeuronKernel k, float h, float s) {
        return k.isSoftReset() ? h - (float) k.getVThreshold() * s : (s != 0f ? (float) k.getVReset() : h);
    }

    /** dv/dh of the reset. */
    private static float resetSlope(LinearNeuronKernel k, float h, float s, float ds) {
        if (k.isSoftReset()) {
            return 1f - (k.isDetachReset() ? 0f : (float) k.getVThreshold() * ds);
        }
        return (1f - s) + (k.isDetachReset() ? 0f : ((float) k.getVReset() - h) * ds);
    }
}
