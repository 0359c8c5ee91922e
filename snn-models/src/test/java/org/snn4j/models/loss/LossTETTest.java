package org.snn4j.models.loss;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.DoublePrecision;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** TET and label-smoothed CE heads: score against an independent formula, gradients by finite differences. */
@ExtendWith(DoublePrecision.class)
class LossTETTest {
    private static final int T = 3;
    private static final int N = 4;
    private static final int K = 5;

    private static MultiLayerNetwork net(LossKind kind, double smoothing) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(3)
                .updater(new NoOp()).list()
                .layer(new FoldTime(T))
                .layer(new DenseLayer.Builder().nOut(K).activation(Activation.IDENTITY).build());
        List<Layer> head = LossHead.layers(kind, T, smoothing);
        for (Layer l : head) {
            b.layer(l);
        }
        MultiLayerConfiguration conf = b.setInputType(InputType.feedForward(T * 6L)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        return net;
    }

    private static DataSet data() {
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.rand(DataType.DOUBLE, N, T * 6).muli(4).subi(2);
        INDArray y = Nd4j.zeros(DataType.DOUBLE, N, K);
        for (int n = 0; n < N; n++) {
            y.putScalar(n, (n * 2) % K, 1.0);
        }
        return new DataSet(x, y);
    }

    @ParameterizedTest(name = "smoothing {0}")
    @CsvSource({"0.0", "0.1"})
    void tetScoreIsMeanOverStepsOfCrossEntropy(double eps) {
        MultiLayerNetwork net = net(LossKind.TET, eps);
        DataSet ds = data();
        INDArray p = net.output(ds.getFeatures(), false); // [T*N, K] per-step probabilities
        double expected = 0;
        for (int t = 0; t < T; t++) {
            for (int n = 0; n < N; n++) {
                for (int k = 0; k < K; k++) {
                    double target = ds.getLabels().getDouble(n, k) * (1 - eps) + eps / K;
                    expected -= target * Math.log(p.getDouble((long) t * N + n, k));
                }
            }
        }
        expected /= T * N;
        assertEquals(expected, net.score(ds), 1e-10);
    }

    @ParameterizedTest(name = "{0} smoothing {1}")
    @CsvSource({"TET,0.0", "TET,0.1", "CE,0.1", "MSE,0.0"})
    void headsPassGradientCheck(LossKind kind, double eps) {
        MultiLayerNetwork net = net(kind, eps);
        DataSet ds = data();
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.MLNConfig().net(net).input(ds.getFeatures())
                .labels(ds.getLabels()).epsilon(1e-6).maxRelError(1e-5).minAbsoluteError(1e-9)));
    }

    @Test
    void labelSmoothedCrossEntropyOnTimeAveragedLogits() {
        double eps = 0.1;
        MultiLayerNetwork net = net(LossKind.CE, eps);
        DataSet ds = data();
        INDArray p = net.output(ds.getFeatures(), false); // softmax of mean-over-T logits, [N, K]
        double expected = 0;
        for (int n = 0; n < N; n++) {
            for (int k = 0; k < K; k++) {
                expected -= (ds.getLabels().getDouble(n, k) * (1 - eps) + eps / K) * Math.log(p.getDouble(n, k));
            }
        }
        assertEquals(expected / N, net.score(ds), 1e-10);
    }

    @Test
    void lossHeadsSurviveJsonRoundTrip() {
        for (LossKind kind : LossKind.values()) {
            MultiLayerConfiguration conf = net(kind, kind == LossKind.MSE ? 0 : 0.1).getLayerWiseConfigurations();
            assertEquals(conf, MultiLayerConfiguration.fromJson(conf.toJson()), kind.name());
        }
    }

    @Test
    void tetRejectsTimeAveragedOutputs() {
        LossTET tet = new LossTET(T, 0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> tet.computeScore(
                Nd4j.zeros(N, K), Nd4j.zeros(N, K), Activation.SOFTMAX.getActivationFunction(), null, true));
        assertTrue(e.getMessage().contains("MeanOverTime"), e.getMessage());
    }
}
