package org.snn4j.models.layer;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.snn4j.core.layer.SnnNoParamLayer;

/**
 * PyTorch's {@code AdaptiveAvgPool2d(outH, outW)} on NCHW input, which DL4J lacks: output bin i of an
 * axis of length {@code in} averages input positions {@code [floor(i*in/out), ceil((i+1)*in/out))}, so
 * bins overlap when {@code in} is not a multiple of {@code out} (4 -> 3 gives [0,2),[1,3),[2,4)); see
 * the SMA-VGG head. Works per row, so it needs no time folding.
 */
public class AdaptiveAvgPool extends SnnNoParamLayer {
    private int outHeight;
    private int outWidth;

    public AdaptiveAvgPool() {
    }

    public AdaptiveAvgPool(int outHeight, int outWidth) {
        if (outHeight <= 0 || outWidth <= 0) {
            throw new IllegalArgumentException("adaptive pool output must be positive, got " + outHeight + "x" + outWidth);
        }
        this.outHeight = outHeight;
        this.outWidth = outWidth;
    }

    /** Start (inclusive) of bin {@code i} of {@code out} bins over an axis of length {@code in}. */
    public static int binStart(int i, int in, int out) {
        return (int) Math.floorDiv((long) i * in, out);
    }

    /** End (exclusive) of bin {@code i}: ceil((i+1)*in/out). */
    public static int binEnd(int i, int in, int out) {
        return (int) -Math.floorDiv(-(long) (i + 1) * in, out);
    }

    @Override
    protected Layer createImpl(NeuralNetConfiguration conf, DataType dataType) {
        return new AdaptiveAvgPoolLayer(conf, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        if (!(in instanceof InputType.InputTypeConvolutional)) {
            throw new IllegalArgumentException("AdaptiveAvgPool expects convolutional input, got " + in);
        }
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
        if (c.getFormat() != CNN2DFormat.NCHW) {
            throw new IllegalArgumentException("AdaptiveAvgPool supports NCHW only, got " + c.getFormat());
        }
        return InputType.convolutional(outHeight, outWidth, c.getChannels());
    }

    public int getOutHeight() {
        return outHeight;
    }

    public void setOutHeight(int outHeight) {
        this.outHeight = outHeight;
    }

    public int getOutWidth() {
        return outWidth;
    }

    public void setOutWidth(int outWidth) {
        this.outWidth = outWidth;
    }
}
