package org.snn4j.core.time;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Folds time into the minibatch axis at the network input: {@code [N, T*C, H, W] -> [T*N, C, H, W]}
 * (or {@code [N, T*F] -> [T*N, F]}), T-major, so row {@code t*N + n} holds step t of sample n.
 *
 * <p>Data sets deliver one row per sample with the T frames stacked along the channel axis (frame t
 * in channels {@code [t*C, (t+1)*C)}), which keeps every DL4J iterator, shuffle and split working on
 * whole samples; this layer turns that into the folded layout every snn4j layer expects.
 * See docs/design.md.
 */
public class FoldTime extends TimeStepLayer {

    public FoldTime() {
    }

    public FoldTime(int timesteps) {
        super(timesteps);
    }

    @Override
    protected Layer createImpl(NeuralNetConfiguration conf, DataType dataType) {
        return new FoldTimeLayer(conf, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        if (in instanceof InputType.InputTypeConvolutional) {
            InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) in;
            return InputType.convolutional(c.getHeight(), c.getWidth(), perStep(c.getChannels(), "channels"),
                    c.getFormat());
        }
        if (in instanceof InputType.InputTypeFeedForward) {
            return InputType.feedForward(perStep(((InputType.InputTypeFeedForward) in).getSize(), "features"));
        }
        throw new IllegalArgumentException("FoldTime expects convolutional or feed-forward input, got " + in);
    }

    private long perStep(long stacked, String what) {
        if (getTimesteps() <= 0 || stacked % getTimesteps() != 0) {
            throw new IllegalArgumentException("FoldTime(T=" + getTimesteps() + "): input has " + stacked + " " + what
                    + ", which is not T x (" + what + " per step)");
        }
        return stacked / getTimesteps();
    }

}
