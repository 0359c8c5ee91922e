package org.snn4j.data.frames;

/**
 * Integrated frames, {@code [frames][channels][height][width]} flattened row-major (pixel index y*W + x).
 */
public record Frames(float[] data, int frames, int channels, int height, int width) {
    public Frames {
        if ((long) frames * channels * height * width != data.length) {
            throw new IllegalArgumentException("frames data has " + data.length + " values, shape " + frames + "x"
                    + channels + "x" + height + "x" + width);
        }
    }

    /** Values per frame. */
    public int frameSize() {
        return channels * height * width;
    }
}
