package org.snn4j.core.block;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The 2 x 2 pooling row kernels against the rule written out: forward the window maximum, backward the
 * window's gradient at its first maximum in row-major order and 0 elsewhere, including rows and columns
 * that floor rounding leaves out. Spike-like 0/1 values make ties the common case.
 */
class MaxPool2Test {

    @Test
    void matchesTheWindowRuleWithTies() {
        Random rnd = new Random(3);
        for (int[] size : new int[][]{{4, 6}, {5, 7}, {7, 10}, {2, 2}}) {
            int h = size[0];
            int w = size[1];
            int oh = h / 2;
            int ow = w / 2;
            int rows = 3;
            ByteBuffer s = buffer(rows * h * w);
            for (int i = 0; i < rows * h * w; i++) {
                s.putFloat(i << 2, rnd.nextInt(3) == 0 ? 1f : 0f);
            }
            ByteBuffer eps = buffer(rows * oh * ow);
            for (int i = 0; i < rows * oh * ow; i++) {
                eps.putFloat(i << 2, (float) rnd.nextGaussian());
            }
            ByteBuffer out = buffer(rows * oh * ow);
            ByteBuffer g = buffer(rows * h * w);
            g.put(0, s, 0, rows * h * w * 4);
            for (int r = 0; r < rows; r++) {
                MaxPool2.forwardRow(s, out, r * h * w, r * oh * ow, w, oh, ow);
                MaxPool2.backwardRow(g, eps, r * h * w, r * oh * ow, w, h, oh, ow);
            }
            for (int r = 0; r < rows; r++) {
                float[] want = new float[h * w];
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int best = -1;
                        float max = Float.NEGATIVE_INFINITY;
                        for (int a = 0; a < 2; a++) {
                            for (int b = 0; b < 2; b++) {
                                float v = s.getFloat((r * h * w + (2 * i + a) * w + 2 * j + b) << 2);
                                if (v > max) {
                                    max = v;
                                    best = (2 * i + a) * w + 2 * j + b;
                                }
                            }
                        }
                        int o = r * oh * ow + i * ow + j;
                        assertEquals(max, out.getFloat(o << 2), "forward " + h + "x" + w + " at " + o);
                        want[best] = eps.getFloat(o << 2);
                    }
                }
                for (int i = 0; i < h * w; i++) {
                    assertEquals(want[i], g.getFloat((r * h * w + i) << 2), "backward " + h + "x" + w + " at " + i);
                }
            }
        }
    }

    private static ByteBuffer buffer(int floats) {
        return ByteBuffer.allocate(floats * 4).order(ByteOrder.nativeOrder());
    }
}
