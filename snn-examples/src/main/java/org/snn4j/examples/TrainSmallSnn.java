package org.snn4j.examples;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.snn4j.core.backend.OneDnnHelpers;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.time.MeanOverTime;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.synthetic.SyntheticEventDataset;

import java.io.File;
import java.io.IOException;

/**
 * Trains a small spiking CNN on snn4j's built-in synthetic event clips with plain DL4J calls, evaluates it on
 * held-out clips, saves it with ModelSerializer and checks that the restored network scores the same.
 * Run: {@code java --add-modules jdk.incubator.vector -cp ... org.snn4j.examples.TrainSmallSnn [epochs]}.
 */
public final class TrainSmallSnn {
    static final int T = 8;             // time steps per clip
    static final int SIZE = 32;         // the synthetic sensor is SIZE x SIZE pixels, 2 polarities
    static final int CLASSES = 11;
    static final long SEED = 42;

    public static void main(String[] args) throws IOException {
        int epochs = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        OneDnnHelpers.enable();         // the application's choice: DL4J's faster oneDNN convolutions
        double accuracy = train(epochs, 1100, 330, new File("small-snn.zip"));
        System.out.printf("test accuracy after %d epochs: %.4f (chance %.4f)%n", epochs, accuracy, 1.0 / CLASSES);
    }

    /** Trains for {@code epochs} on clips 0..trainClips-1, tests on the next testClips clips; returns test accuracy. */
    public static double train(int epochs, int trainClips, int testClips, File modelFile) throws IOException {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(SEED)                                                   // same weights on every run
                .updater(new Adam(2e-3))
                .list()
                .layer(new FoldTime(T))                                       // [N, T*2, H, W] -> [T*N, 2, H, W]
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(16).padding(1, 1).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new LIFNeuron.Builder().timesteps(T).tau(2.0).detachReset(true).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).padding(1, 1).activation(Activation.IDENTITY).build())
                .layer(new BatchNormalization.Builder().build())
                .layer(new LIFNeuron.Builder().timesteps(T).tau(2.0).detachReset(true).build())
                .layer(new SubsamplingLayer.Builder(PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DenseLayer.Builder().nOut(CLASSES).activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(T))                                   // [T*N, 11] -> [N, 11]: rate decoding
                .layer(new LossLayer.Builder(LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(SIZE, SIZE, 2L * T))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        // Clip i depends only on (seed, i): training clips 0..trainClips-1, test clips after them (disjoint).
        DataSetIterator train = new FrameDataSetIterator(SyntheticEventDataset.train(SEED, trainClips, SIZE), T, 16, SEED);
        DataSetIterator test = new FrameDataSetIterator(
                SyntheticEventDataset.test(SEED, trainClips, testClips, SIZE), T, 16, null);
        for (int epoch = 1; epoch <= epochs; epoch++) {
            net.fit(train);                                                   // one pass; fit resets the iterator
            Evaluation e = net.evaluate(test);
            System.out.printf("epoch %d: loss %.4f, test accuracy %.4f%n", epoch, net.score(), e.accuracy());
        }
        Evaluation eval = net.evaluate(test);

        ModelSerializer.writeModel(net, modelFile, true);                     // snn4j layers serialize like DL4J's
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(modelFile);
        double again = restored.evaluate(test).accuracy();
        if (again != eval.accuracy()) {
            throw new IllegalStateException("restored network scores " + again + ", saved one " + eval.accuracy());
        }
        return eval.accuracy();
    }
}
