package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.time.MeanOverTime;

/**
 * The small convolutional SNN of the foundation slice, sized for the built-in synthetic event data:
 * FoldTime -> [Conv3x3 -> BN -> LIF -> MaxPool2] x 2 -> Dense(K) -> MeanOverTime -> softmax CE.
 * The classifier sees the time-averaged logits, so it can only be right if the spiking layers carry
 * the motion information across steps.
 */
public final class SmallConvSnn {
    private SmallConvSnn() {
    }

    /** Configuration for input {@code [N, T*channels, size, size]} and {@code classes} outputs. */
    public static MultiLayerConfiguration configuration(int timesteps, int channels, int size, int classes,
                                                        int width, double learningRate, long seed) {
        LIFNeuron.Builder lif = new LIFNeuron.Builder().timesteps(timesteps).tau(2.0).vThreshold(1.0).vReset(0.0)
                .detachReset(true);
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .updater(new Adam(learningRate))
                .weightInit(WeightInit.XAVIER)
                .list()
                .layer(new FoldTime(timesteps))
                .layer(conv(width))
                .layer(new BatchNormalization.Builder().build())
                .layer(lif.build())
                .layer(maxPool())
                .layer(conv(2 * width))
                .layer(new BatchNormalization.Builder().build())
                .layer(lif.build())
                .layer(maxPool())
                .layer(new DenseLayer.Builder().nOut(classes).activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(timesteps))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(size, size, (long) timesteps * channels))
                .build();
    }

    private static ConvolutionLayer conv(int out) {
        return new ConvolutionLayer.Builder(3, 3).nOut(out).padding(1, 1).activation(Activation.IDENTITY).build();
    }

    private static SubsamplingLayer maxPool() {
        return new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build();
    }
}
