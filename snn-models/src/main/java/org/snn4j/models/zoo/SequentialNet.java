package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.snn4j.core.block.BatchNormSpikePool;
import org.snn4j.core.block.ConvBatchNormSpikePool;
import org.snn4j.core.conv.IdentityConvolution;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.time.FoldTime;
import org.snn4j.models.loss.LossHead;
import org.snn4j.core.time.TimeSharedDropout;

/**
 * Builds a sequential zoo network layer by layer on the folded layout, tracking the per-step shape so
 * insertion points know what they receive. Convolutions and pools follow PyTorch's explicit padding and
 * floor rounding ({@code ConvolutionMode.Truncate}); BN uses PyTorch's momentum 0.1 (DL4J decay 0.9) and
 * eps 1e-5.
 */
final class SequentialNet {
    private final ModelOptions options;
    private final NeuralNetConfiguration.ListBuilder list;
    private final InputType inputType;
    private InputType current;
    private int index;

    SequentialNet(ModelOptions options) {
        this.options = options;
        this.list = TrainingDefaults.base(options).list();
        this.inputType = InputType.convolutional(options.height(), options.width(),
                (long) options.channels() * options.timesteps());
        this.current = inputType;
        add(new FoldTime(options.timesteps()));
    }

    SequentialNet add(Layer layer) {
        if (layer == null) {
            return this;
        }
        list.layer(index, layer);
        index++;
        if (layer instanceof LossLayer) {
            return this; // ends the network; its output type (nOut 0) is not needed
        }
        InputPreProcessor flatten = layer.getPreProcessorForInputType(current);
        if (flatten != null) {
            current = flatten.getOutputType(current);
        }
        current = layer.getOutputType(index - 1, current);
        return this;
    }

    /** A k x k conv, stride 1, padding k/2 (PyTorch's 'same' for odd k). */
    SequentialNet conv(int nOut, int k, boolean bias) {
        return conv(nOut, k, bias, new ConvolutionLayer.Builder(k, k));
    }

    /** As {@link #conv(int, int, boolean)}, as an {@link IdentityConvolution} (no forward recomputed in backward). */
    SequentialNet identityConv(int nOut, int k, boolean bias) {
        return conv(nOut, k, bias, new IdentityConvolution.Builder(k, k));
    }

    private SequentialNet conv(int nOut, int k, boolean bias, ConvolutionLayer.Builder b) {
        return add(b.stride(1, 1).padding(k / 2, k / 2).nOut(nOut).hasBias(bias)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build());
    }

    SequentialNet batchNorm() {
        return add(batchNormLayer());
    }

    static BatchNormalization batchNormLayer() {
        return new BatchNormalization.Builder().decay(0.9).eps(1e-5).build();
    }

    SequentialNet neuron(NeuronFactory f) {
        return add(f.create(options.timesteps()));
    }

    /**
     * BN -> neuron -> k x k max pool as one fused {@link BatchNormSpikePool} layer (the BN of
     * {@link #batchNormLayer()}); returns false and adds nothing when the neuron has parameters.
     */
    boolean batchNormNeuronMaxPool(NeuronFactory f, int k) {
        Layer neuron = f.create(options.timesteps());
        if (!(neuron instanceof SpikingNeuron) || !((SpikingNeuron) neuron).parameterShapes().isEmpty()) {
            return false;
        }
        BatchNormalization bn = batchNormLayer();
        add(new BatchNormSpikePool.Builder((SpikingNeuron) neuron).poolSize(k).decay(bn.getDecay()).eps(bn.getEps()).build());
        return true;
    }

    /**
     * A k x k conv (as {@link #conv}, no bias) fused with BN -> neuron -> k x k max pool into one
     * {@link ConvBatchNormSpikePool} (for convs with few input channels: the conv is recomputed in backward);
     * returns false and adds nothing when the neuron has parameters. Placed right after the network's input
     * (the folding layer only), it skips the input gradient, which nothing would use.
     */
    boolean convBatchNormNeuronMaxPool(int nOut, int k, NeuronFactory f, int pool) {
        Layer neuron = f.create(options.timesteps());
        if (!(neuron instanceof SpikingNeuron) || !((SpikingNeuron) neuron).parameterShapes().isEmpty()) {
            return false;
        }
        BatchNormalization bn = batchNormLayer();
        add(new ConvBatchNormSpikePool.Builder(nOut, (SpikingNeuron) neuron).kernelSize(k).poolSize(pool)
                .decay(bn.getDecay()).eps(bn.getEps()).inputGradient(index > 1).build());
        return true;
    }

    SequentialNet maxPool(int k) {
        return add(pool(SubsamplingLayer.PoolingType.MAX, k));
    }

    SequentialNet avgPool(int k) {
        return add(pool(SubsamplingLayer.PoolingType.AVG, k));
    }

    static SubsamplingLayer pool(SubsamplingLayer.PoolingType type, int k) {
        return new SubsamplingLayer.Builder(type).kernelSize(k, k).stride(k, k)
                .convolutionMode(ConvolutionMode.Truncate).build();
    }

    SequentialNet dense(int nOut, boolean bias) {
        return add(new DenseLayer.Builder().nOut(nOut).hasBias(bias).activation(Activation.IDENTITY).build());
    }

    SequentialNet dropout(double p) {
        return p > 0 ? add(new TimeSharedDropout(options.timesteps(), p)) : this;
    }

    /** Asks {@code insertion} for a layer at this place (shape of the current tensor) and adds it if any. */
    SequentialNet insert(InsertionPoint.Site site, int block, BlockInsertion insertion) {
        long c;
        long h = 1;
        long w = 1;
        if (current instanceof InputType.InputTypeConvolutional) {
            InputType.InputTypeConvolutional cc = (InputType.InputTypeConvolutional) current;
            c = cc.getChannels();
            h = cc.getHeight();
            w = cc.getWidth();
        } else {
            c = ((InputType.InputTypeFeedForward) current).getSize();
        }
        return add(insertion.create(new InsertionPoint(site, block, 0, 0, c, h, w, options.timesteps())));
    }

    /** The loss head chosen in the options. */
    SequentialNet head() {
        for (Layer l : LossHead.layers(options.loss(), options.timesteps(), options.labelSmoothing())) {
            add(l);
        }
        return this;
    }

    InputType current() {
        return current;
    }

    ZooConfiguration build(String name) {
        return ZooConfiguration.of(name, list.setInputType(inputType).build(), inputType, options.timesteps());
    }
}
