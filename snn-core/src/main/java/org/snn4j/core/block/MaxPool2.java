package org.snn4j.core.block;

import java.nio.ByteBuffer;

/**
 * 2 x 2 / stride 2 max pooling of one float32 row {@code [H, W]} of a {@link ChannelPass} scratch, forward and
 * backward, with the generic path's semantics (first maximum in row-major window order; in backward the
 * window's gradient goes to it, the rest of the window and any rows or columns left out by floor rounding get
 * 0). Why its own loop: the generic k x k path reads every element through a type switch and a window loop,
 * which made pooling the largest part of the fused block's time after the convolution.
 */
final class MaxPool2 {
    private MaxPool2() {
    }

    /** out[o + oh*ow + j] = max of window (oh, j) of the row starting at element {@code in} of {@code s}. */
    static void forwardRow(ByteBuffer s, ByteBuffer out, int in, int o, int width, int outHeight, int outWidth) {
        for (int oh = 0; oh < outHeight; oh++) {
            int top = (in + 2 * oh * width) << 2;
            int bottom = top + (width << 2);
            int dst = (o + oh * outWidth) << 2;
            for (int ow = 0; ow < outWidth; ow++) {
                int col = ow << 3;
                float m = s.getFloat(top + col);
                float v = s.getFloat(top + col + 4);
                if (v > m) {
                    m = v;
                }
                v = s.getFloat(bottom + col);
                if (v > m) {
                    m = v;
                }
                v = s.getFloat(bottom + col + 4);
                if (v > m) {
                    m = v;
                }
                out.putFloat(dst + (ow << 2), m);
            }
        }
    }

    /**
     * Replaces the row's values in {@code g} (the spikes) by their gradient: each window's entry of
     * {@code eps} (pooled layout, row starting at element {@code e}) at the window's first maximum, 0 elsewhere.
     */
    static void backwardRow(ByteBuffer g, ByteBuffer eps, int in, int e, int width, int height, int outHeight,
                            int outWidth) {
        for (int oh = 0; oh < outHeight; oh++) {
            int top = (in + 2 * oh * width) << 2;
            int bottom = top + (width << 2);
            int src = (e + oh * outWidth) << 2;
            for (int ow = 0; ow < outWidth; ow++) {
                int col = ow << 3;
                int best = top + col;
                float m = g.getFloat(best);
                float v = g.getFloat(top + col + 4);
                if (v > m) {
                    m = v;
                    best = top + col + 4;
                }
                v = g.getFloat(bottom + col);
                if (v > m) {
                    m = v;
                    best = bottom + col;
                }
                if (g.getFloat(bottom + col + 4) > m) {
                    best = bottom + col + 4;
                }
                g.putFloat(top + col, 0f);
                g.putFloat(top + col + 4, 0f);
                g.putFloat(bottom + col, 0f);
                g.putFloat(bottom + col + 4, 0f);
                g.putFloat(best, eps.getFloat(src + (ow << 2)));
            }
        }
        for (int h = 0; h < height; h++) {
            for (int w = h < outHeight * 2 ? outWidth * 2 : 0; w < width; w++) {
                g.putFloat((in + h * width + w) << 2, 0f);
            }
        }
    }
}
