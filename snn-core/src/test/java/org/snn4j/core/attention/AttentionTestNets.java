package org.snn4j.core.attention;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/** Small networks holding one attention layer, for the tests of this package (double precision). */
final class AttentionTestNets {
    private AttentionTestNets() {
    }

    /** A network whose only layer is {@code layer}, fed time-folded [T*N, C, H, W] directly. */
    static MultiLayerNetwork single(Layer layer, long c, long h, long w) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .dataType(DataType.DOUBLE).seed(12345).updater(new NoOp())
                .list()
                .layer(layer)
                .setInputType(InputType.convolutional(h, w, c))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    static InspectableAttention impl(MultiLayerNetwork net, int index) {
        return (InspectableAttention) net.getLayer(index);
    }

    /** max |a - b| / (1 + max |b|): an absolute error for values of order one, relative for larger ones. */
    static double relativeDifference(INDArray a, INDArray b) {
        return a.sub(b).amaxNumber().doubleValue() / (1.0 + b.amaxNumber().doubleValue());
    }

    static INDArray input(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(DataType.DOUBLE, shape).muli(4).subi(1);
    }
}
