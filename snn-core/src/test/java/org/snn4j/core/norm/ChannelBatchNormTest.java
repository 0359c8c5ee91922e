package org.snn4j.core.norm;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.neuron.fast.FloatNeuronKernel;

import java.nio.ByteBuffer;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The batch-norm kernel against DL4J's own {@code BatchNormalization} layer (DL4J convention: output and
 * gradients of a training step, running statistics after three fitted batches, inference output) and against
 * PyTorch's {@code BatchNorm2d} formula written out independently here (PyTorch convention: running statistics
 * with the unbiased variance, inference output; gradients by central finite differences in double).
 */
class ChannelBatchNormTest {
    private static final int M = 4;
    private static final int C = 3;
    private static final int H = 3;
    private static final int W = 5;
    private static final long[] SHAPE = {M, C, H, W};
    private static final double EPS = 1e-5;

    /** Per-channel inputs with different means and spreads, so a channel mix-up cannot pass. */
    private static INDArray input(long seed) {
        Random r = new Random(seed);
        INDArray x = Nd4j.create(DataType.DOUBLE, SHAPE);
        for (int m = 0; m < M; m++) {
            for (int c = 0; c < C; c++) {
                for (int h = 0; h < H; h++) {
                    for (int w = 0; w < W; w++) {
                        x.putScalar(new int[]{m, c, h, w}, (c + 1) * r.nextGaussian() + 2.0 * c - 1);
                    }
                }
            }
        }
        return x;
    }

    private static ChannelBatchNorm.Channel channel(INDArray a, int c) {
        return ChannelBatchNorm.Channel.nchw(FloatNeuronKernel.nativeBytes(a), true, a.shape(), c);
    }

    /** Kernel forward of every channel with the given statistics (null: the batch's); returns y. */
    private static INDArray forward(INDArray x, double[] gamma, double[] beta, double[] mean, double[] var) {
        INDArray y = Nd4j.create(DataType.DOUBLE, SHAPE);
        for (int c = 0; c < C; c++) {
            double[] stats = new double[2];
            ChannelBatchNorm.statistics(channel(x, c), stats);
            double mu = mean == null ? stats[0] : mean[c];
            double v = var == null ? stats[1] : var[c];
            double scale = ChannelBatchNorm.scale(gamma[c], v, EPS);
            ChannelBatchNorm.affine(channel(x, c), channel(y, c), scale, ChannelBatchNorm.shift(beta[c], mu, scale));
        }
        return y;
    }

    private static void close(INDArray want, INDArray got, double tol, String what) {
        double d = want.sub(got).norm2Number().doubleValue() / Math.max(1e-12, want.norm2Number().doubleValue());
        assertTrue(d < tol, what + ": relative difference " + d);
    }

    private static void close(double want, double got, double tol, String what) {
        assertEquals(want, got, tol * Math.max(1, Math.abs(want)), what);
    }

    private static double[] random(Random r, double lo, double hi) {
        double[] v = new double[C];
        for (int c = 0; c < C; c++) {
            v[c] = lo + (hi - lo) * r.nextDouble();
        }
        return v;
    }

    private static MultiLayerNetwork dl4j(boolean useLogStd, double decay, double[] gamma, double[] beta) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.DOUBLE).seed(1)
                .updater(new Sgd(0.0)).list()
                .layer(new BatchNormalization.Builder().decay(decay).eps(EPS).useLogStd(useLogStd).build())
                .layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(H, W, C)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();
        net.getLayer(0).setParam("gamma", Nd4j.createFromArray(gamma).reshape(1, C));
        net.getLayer(0).setParam("beta", Nd4j.createFromArray(beta).reshape(1, C));
        return net;
    }

    /** DL4J's running variance, from its log10-std or plain-variance parameter. */
    private static double dl4jVariance(MultiLayerNetwork net, boolean useLogStd, int c) {
        if (!useLogStd) {
            return net.getLayer(0).getParam("var").getDouble(c);
        }
        double std = Math.pow(10, net.getLayer(0).getParam("log10stdev").getDouble(c));
        return std * std;
    }

    @ParameterizedTest(name = "useLogStd {0}")
    @ValueSource(booleans = {true, false})
    void dl4jConventionMatchesDl4jBatchNormalization(boolean useLogStd) {
        Random r = new Random(7);
        double[] gamma = random(r, 0.5, 2.0);
        double[] beta = random(r, -1, 1);
        double decay = 0.8;
        MultiLayerNetwork net = dl4j(useLogStd, decay, gamma, beta);
        Layer bn = net.getLayer(0);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();

        // one training step: output, input gradient, gamma/beta gradients
        INDArray x = input(1);
        INDArray dy = input(2);
        bn.setInput(x.dup(), mgr);
        INDArray want = bn.activate(true, mgr).dup();
        Pair<Gradient, INDArray> g = bn.backpropGradient(dy.dup(), mgr);
        close(want, forward(x, gamma, beta, null, null), 1e-12, "training output");
        INDArray dx = Nd4j.create(DataType.DOUBLE, SHAPE);
        for (int c = 0; c < C; c++) {
            double[] stats = new double[2];
            ChannelBatchNorm.statistics(channel(x, c), stats);
            double[] gb = ChannelBatchNorm.backward(channel(x, c), stats[0], ChannelBatchNorm.invStd(stats[1], EPS),
                    gamma[c], channel(dy, c), channel(dx, c));
            close(g.getFirst().getGradientFor("gamma").getDouble(c), gb[0], 1e-10, "dgamma of channel " + c);
            close(g.getFirst().getGradientFor("beta").getDouble(c), gb[1], 1e-10, "dbeta of channel " + c);
        }
        close(g.getSecond(), dx, 1e-10, "input gradient");

        // running statistics after three fitted batches (gamma and beta stay: learning rate 0; DL4J moves the running statistics
        // through its own no-op updater)
        RunningStatistics rule = RunningStatistics.dl4j(decay);
        double[] mean = new double[C];
        double[] var = {1, 1, 1};
        for (int step = 0; step < 3; step++) {
            INDArray xs = input(10 + step);
            net.fit(xs, Nd4j.zeros(DataType.DOUBLE, SHAPE));
            double[] bm = new double[C];
            double[] bv = new double[C];
            for (int c = 0; c < C; c++) {
                double[] stats = new double[2];
                ChannelBatchNorm.statistics(channel(xs, c), stats);
                bm[c] = stats[0];
                bv[c] = stats[1];
            }
            rule.update(mean, var, bm, bv, (long) M * H * W);
        }
        for (int c = 0; c < C; c++) {
            close(bn.getParam("mean").getDouble(c), mean[c], 1e-10, "running mean of channel " + c);
            close(dl4jVariance(net, useLogStd, c), var[c], 1e-10, "running variance of channel " + c);
        }
        assertTrue(Math.abs(mean[2]) > 0.5, "running mean has moved: " + mean[2]);
        close(net.output(x, false), forward(x, gamma, beta, mean, var), 1e-10, "inference output");
    }

    /** torch.nn.BatchNorm2d, written out: one element's output with the given statistics. */
    private static double torchOutput(double x, double mean, double var, double gamma, double beta) {
        return (x - mean) / Math.sqrt(var + EPS) * gamma + beta;
    }

    @Test
    void pytorchConventionMatchesBatchNorm2dFormula() {
        double momentum = 0.1;
        Random r = new Random(11);
        double[] gamma = random(r, 0.5, 2.0);
        double[] beta = random(r, -1, 1);
        RunningStatistics rule = RunningStatistics.pytorch(momentum);
        double[] mean = new double[C];
        double[] var = {1, 1, 1};
        double[] torchMean = new double[C];
        double[] torchVar = {1, 1, 1};
        double[] dl4jMean = new double[C];
        double[] dl4jVar = {1, 1, 1};
        int n = M * H * W;
        for (int step = 0; step < 3; step++) {
            INDArray x = input(20 + step);
            double[] data = x.data().asDouble();
            double[] bm = new double[C];
            double[] bv = new double[C];
            for (int c = 0; c < C; c++) {
                double[] stats = new double[2];
                ChannelBatchNorm.statistics(channel(x, c), stats);
                bm[c] = stats[0];
                bv[c] = stats[1];
                // PyTorch: normalise with the biased batch variance, keep the unbiased one
                double sum = 0;
                for (int m = 0; m < M; m++) {
                    for (int i = 0; i < H * W; i++) {
                        sum += data[(m * C + c) * H * W + i];
                    }
                }
                double mu = sum / n;
                double sq = 0;
                for (int m = 0; m < M; m++) {
                    for (int i = 0; i < H * W; i++) {
                        double d = data[(m * C + c) * H * W + i] - mu;
                        sq += d * d;
                    }
                }
                close(mu, bm[c], 1e-12, "batch mean");
                close(sq / n, bv[c], 1e-12, "biased batch variance");
                torchMean[c] = (1 - momentum) * torchMean[c] + momentum * mu;
                torchVar[c] = (1 - momentum) * torchVar[c] + momentum * sq / (n - 1);
            }
            INDArray y = forward(x, gamma, beta, null, null);
            for (int i = 0; i < data.length; i++) {
                int c = (i / (H * W)) % C;
                close(torchOutput(data[i], bm[c], bv[c], gamma[c], beta[c]), y.data().getDouble(i), 1e-12,
                        "training output " + i);
            }
            rule.update(mean, var, bm, bv, n);
            RunningStatistics.dl4j(1 - momentum).update(dl4jMean, dl4jVar, bm, bv, n);
        }
        for (int c = 0; c < C; c++) {
            close(torchMean[c], mean[c], 1e-12, "running mean of channel " + c);
            close(torchVar[c], var[c], 1e-12, "running variance of channel " + c);
            // DL4J's rule with decay = 1 - momentum keeps the same mean but the biased variance
            close(torchMean[c], dl4jMean[c], 1e-12, "DL4J-rule running mean of channel " + c);
            assertTrue(Math.abs(torchVar[c] - dl4jVar[c]) > 1e-4, "the conventions differ in the variance");
        }
        INDArray x = input(30);
        INDArray y = forward(x, gamma, beta, mean, var);
        double[] data = x.data().asDouble();
        for (int i = 0; i < data.length; i++) {
            int c = (i / (H * W)) % C;
            close(torchOutput(data[i], torchMean[c], torchVar[c], gamma[c], beta[c]), y.data().getDouble(i), 1e-12,
                    "inference output " + i);
        }
    }

    /** L = sum(y * dy) with batch statistics, computed directly from the formula. */
    private static double loss(double[] x, double[] dy, double[] gamma, double[] beta) {
        double total = 0;
        int hw = H * W;
        int n = M * hw;
        for (int c = 0; c < C; c++) {
            double sum = 0;
            for (int m = 0; m < M; m++) {
                for (int i = 0; i < hw; i++) {
                    sum += x[(m * C + c) * hw + i];
                }
            }
            double mu = sum / n;
            double sq = 0;
            for (int m = 0; m < M; m++) {
                for (int i = 0; i < hw; i++) {
                    double d = x[(m * C + c) * hw + i] - mu;
                    sq += d * d;
                }
            }
            for (int m = 0; m < M; m++) {
                for (int i = 0; i < hw; i++) {
                    int k = (m * C + c) * hw + i;
                    total += dy[k] * torchOutput(x[k], mu, sq / n, gamma[c], beta[c]);
                }
            }
        }
        return total;
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        Random r = new Random(5);
        double[] gamma = random(r, 0.5, 2.0);
        double[] beta = random(r, -1, 1);
        INDArray x = input(40);
        INDArray dy = input(41);
        INDArray dx = Nd4j.create(DataType.DOUBLE, SHAPE);
        double[][] gb = new double[C][];
        for (int c = 0; c < C; c++) {
            double[] stats = new double[2];
            ChannelBatchNorm.statistics(channel(x, c), stats);
            gb[c] = ChannelBatchNorm.backward(channel(x, c), stats[0], ChannelBatchNorm.invStd(stats[1], EPS), gamma[c],
                    channel(dy, c), channel(dx, c));
        }
        double[] xv = x.data().asDouble();
        double[] dyv = dy.data().asDouble();
        double h = 1e-5;
        for (int i = 0; i < xv.length; i += 7) {
            double[] plus = xv.clone();
            double[] minus = xv.clone();
            plus[i] += h;
            minus[i] -= h;
            double fd = (loss(plus, dyv, gamma, beta) - loss(minus, dyv, gamma, beta)) / (2 * h);
            close(fd, dx.data().getDouble(i), 1e-6, "dx[" + i + "]");
        }
        for (int c = 0; c < C; c++) {
            double[] gp = gamma.clone();
            double[] gm = gamma.clone();
            gp[c] += h;
            gm[c] -= h;
            close((loss(xv, dyv, gp, beta) - loss(xv, dyv, gm, beta)) / (2 * h), gb[c][0], 1e-6, "dgamma " + c);
            double[] bp = beta.clone();
            double[] bm = beta.clone();
            bp[c] += h;
            bm[c] -= h;
            close((loss(xv, dyv, gamma, bp) - loss(xv, dyv, gamma, bm)) / (2 * h), gb[c][1], 1e-6, "dbeta " + c);
        }
    }

    @Test
    void floatChannelsAndInPlaceUse() {
        INDArray xd = input(50);
        INDArray xf = xd.castTo(DataType.FLOAT);
        ByteBuffer fb = FloatNeuronKernel.nativeBytes(xf);
        double[] sd = new double[2];
        double[] sf = new double[2];
        ChannelBatchNorm.statistics(channel(xd, 1), sd);
        ChannelBatchNorm.Channel f1 = ChannelBatchNorm.Channel.nchw(fb, false, SHAPE, 1);
        ChannelBatchNorm.statistics(f1, sf);
        close(sd[0], sf[0], 1e-6, "float mean");
        close(sd[1], sf[1], 1e-6, "float variance");
        double scale = ChannelBatchNorm.scale(1.5, sf[1], EPS);
        ChannelBatchNorm.affine(f1, f1, scale, ChannelBatchNorm.shift(0.25, sf[0], scale));
        ChannelBatchNorm.statistics(f1, sf);
        close(0.25, sf[0], 1e-5, "normalised mean is beta");
        close(1.5 * 1.5 * sd[1] / (sd[1] + EPS), sf[1], 1e-5, "normalised variance is gamma^2 var/(var+eps)");
        // channel 0 is untouched by the in-place map of channel 1
        close(xd.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(0)),
                xf.castTo(DataType.DOUBLE).get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(0)), 1e-6, "channel 0");
    }

    @Test
    void rejectsBadSettingsAndViews() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RunningStatistics.pytorch(1.5));
        assertTrue(e.getMessage().contains("momentum must be in [0, 1], got 1.5"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> RunningStatistics.dl4j(-0.1));
        assertTrue(e.getMessage().contains("decay must be in [0, 1]"), e.getMessage());
        ByteBuffer b = ByteBuffer.allocate(4 * 10);
        e = assertThrows(IllegalArgumentException.class, () -> ChannelBatchNorm.Channel.of(b, false, 0, 3, 4, 4));
        assertTrue(e.getMessage().contains("does not fit a buffer of 40 bytes"), e.getMessage());
        ChannelBatchNorm.Channel a = ChannelBatchNorm.Channel.of(b, false, 0, 2, 4, 4);
        ChannelBatchNorm.Channel c = ChannelBatchNorm.Channel.of(b, false, 0, 1, 8, 8);
        e = assertThrows(IllegalArgumentException.class, () -> ChannelBatchNorm.affine(a, c, 1, 0));
        assertTrue(e.getMessage().contains("affine output"), e.getMessage());
    }
}
