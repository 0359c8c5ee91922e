package org.snn4j.models.layer;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.nd4j.linalg.api.buffer.DataType;
import org.snn4j.core.layer.SnnNoParamLayer;

/**
 * SpikingJelly's {@code layer.VotingLayer(g)}: an average pool of size and stride g over the feature
 * axis, so K*g output neurons vote for K classes ({@code [M, K*g] -> [M, K]}). DVSGestureNet ends with
 * FC 512 -> 110, LIF, VotingLayer(10).
 */
public class Voting extends SnnNoParamLayer {
    private int groupSize;

    public Voting() {
    }

    public Voting(int groupSize) {
        if (groupSize <= 0) {
            throw new IllegalArgumentException("voting group size must be > 0, got " + groupSize);
        }
        this.groupSize = groupSize;
    }

    @Override
    protected Layer createImpl(NeuralNetConfiguration conf, DataType dataType) {
        return new VotingLayer(conf, dataType);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType in) {
        if (!(in instanceof InputType.InputTypeFeedForward)) {
            throw new IllegalArgumentException("Voting expects feed-forward input, got " + in);
        }
        long size = ((InputType.InputTypeFeedForward) in).getSize();
        if (size % groupSize != 0) {
            throw new IllegalArgumentException("Voting(" + groupSize + "): " + size + " inputs are not a multiple of the group size");
        }
        return InputType.feedForward(size / groupSize);
    }

    public int getGroupSize() {
        return groupSize;
    }

    public void setGroupSize(int groupSize) {
        this.groupSize = groupSize;
    }
}
