package org.snn4j.core.block;

import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.CnnLossLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.File;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused conv -> batch norm -> LIF -> max pool layer against DL4J's chain (ConvolutionLayer 3x3 / 5x5,
 * padding k/2, no bias, then BatchNormalization, LIF, max pool): parameter layout, outputs, every gradient
 * (conv weight, gamma, beta, input), parameters and running statistics after training steps, inference, and
 * saved-model round trip. Float32.
 */
class ConvBatchNormSpikePoolTest {
    static final int T = 3;
    static final int N = 2;
    static final int C_IN = 2;
    static final int C_OUT = 4;

    private static MultiLayerConfiguration net(boolean fused, int h, int w, int k, int pool, IUpdater updater) {
        NeuralNetConfiguration.ListBuilder b = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(3)
                .updater(updater).list();
        List<Layer> layers = fused
                ? List.of(new ConvBatchNormSpikePool.Builder(C_OUT, BatchNormSpikePoolTest.lif(T)).kernelSize(k)
                .poolSize(pool).decay(0.9).eps(1e-5).build())
                : List.of(new ConvolutionLayer.Builder(k, k).stride(1, 1).padding(k / 2, k / 2).nOut(C_OUT).hasBias(false)
                        .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build(),
                new BatchNormalization.Builder().decay(0.9).eps(1e-5).build(), BatchNormSpikePoolTest.lif(T),
                new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(pool, pool).stride(pool, pool)
                        .convolutionMode(ConvolutionMode.Truncate).build());
        for (Layer l : layers) {
            b.layer(l);
        }
        return b.layer(new CnnLossLayer.Builder(LossFunctions.LossFunction.MSE).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(h, w, C_IN)).build();
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        double scale = Math.max(1e-3, expected.norm2Number().doubleValue());
        double diff = expected.castTo(DataType.DOUBLE).sub(actual.castTo(DataType.DOUBLE)).norm2Number().doubleValue();
        assertTrue(diff <= tol * scale, what + ": |a-b| = " + diff + ", |a| = " + scale);
    }

    @ParameterizedTest(name = "{0}x{1} k {2} pool {3}")
    @CsvSource({"8,8,3,2", "7,10,3,2", "9,9,5,3"})
    void matchesTheUnfusedChain(int h, int w, int k, int pool) {
        MultiLayerNetwork fused = new MultiLayerNetwork(net(true, h, w, k, pool, new Sgd(0.5)));
        MultiLayerNetwork chain = new MultiLayerNetwork(net(false, h, w, k, pool, new Sgd(0.5)));
        fused.init();
        chain.init();
        assertEquals(chain.numParams(), fused.numParams(), "conv weight + batch-norm parameters");
        Nd4j.getRandom().setSeed(11);
        INDArray params = chain.params().dup().reshape(-1);
        int nw = C_OUT * C_IN * k * k;
        // random gamma/beta so the affine part is exercised (chain layout: W, then gamma, beta, mean, log std)
        params.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(nw, nw + C_OUT))
                .assign(Nd4j.rand(DataType.FLOAT, C_OUT).muli(1.5).addi(0.5));
        params.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(nw + C_OUT, nw + 2 * C_OUT))
                .assign(Nd4j.rand(DataType.FLOAT, C_OUT).subi(0.3));
        params = params.reshape(chain.params().shape());
        chain.setParams(params);
        fused.setParams(params.dup());
        assertEquals(chain.getLayer(0).getParam("W"), fused.getLayer(0).getParam("W"));
        assertEquals(chain.getLayer(1).getParam("gamma"), fused.getLayer(0).getParam("gamma"));

        INDArray x = Nd4j.randn(DataType.FLOAT, T * N, C_IN, h, w).muli(2).addi(0.7);
        INDArray y = Nd4j.rand(DataType.FLOAT, T * N, C_OUT, h / pool, w / pool);
        assertClose(chain.output(x, true), fused.output(x, true), 1e-6, "training output");
        Pair<Gradient, INDArray> gf = fused.calculateGradients(x, y, null, null);
        Pair<Gradient, INDArray> gc = chain.calculateGradients(x, y, null, null);
        assertClose(gc.getSecond(), gf.getSecond(), 1e-4, "input gradient");
        assertClose(gc.getFirst().getGradientFor("0_W"), gf.getFirst().getGradientFor("0_W"), 1e-4, "W gradient");
        assertClose(gc.getFirst().getGradientFor("1_gamma"), gf.getFirst().getGradientFor("0_gamma"), 1e-4, "gamma gradient");
        assertClose(gc.getFirst().getGradientFor("1_beta"), gf.getFirst().getGradientFor("0_beta"), 1e-4, "beta gradient");
        assertTrue(gc.getFirst().getGradientFor("0_W").norm2Number().doubleValue() > 0, "the check needs a non-zero gradient");

        for (int i = 0; i < 3; i++) {
            fused.fit(x, y);
            chain.fit(x, y);
        }
        assertClose(chain.params(), fused.params(), 1e-4, "all parameters after 3 steps");
        Map<String, INDArray> pf = fused.paramTable();
        assertTrue(Math.abs(pf.get("0_mean").getDouble(0)) > 1e-3, "running mean has moved");
        assertClose(chain.output(x, false), fused.output(x, false), 1e-5, "inference output");
    }

    @Test
    void vectorAndPlainRowKernelsAgree() {
        java.util.Random rnd = new java.util.Random(7);
        int rows = 3;
        int h = 5;
        int w = 37; // not a multiple of any vector length: the tails run too
        float[] x = new float[rows * C_IN * h * w];
        float[] wt = new float[C_OUT * C_IN * 9];
        float[] dz = new float[rows * h * w];
        for (float[] a : List.of(x, wt, dz)) {
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) rnd.nextGaussian();
            }
        }
        ConvBatchNormSpikePoolLayer.Geometry vec = new ConvBatchNormSpikePoolLayer.Geometry(rows, C_IN, C_OUT, h, w, 3, 2, true);
        ConvBatchNormSpikePoolLayer.Geometry plain = new ConvBatchNormSpikePoolLayer.Geometry(rows, C_IN, C_OUT, h, w, 3, 2, false);
        float[] zv = new float[dz.length];
        float[] zp = new float[dz.length];
        float[] dWv = new float[wt.length];
        float[] dWp = new float[wt.length];
        float[] dxv = new float[x.length];
        float[] dxp = new float[x.length];
        for (int c = 0; c < C_OUT; c++) {
            vec.conv(x, wt, c, zv);
            plain.conv(x, wt, c, zp);
            assertArrayEquals(zp, zv, 1e-4f, "conv of channel " + c);
            vec.weightGradient(x, dz, c, dWv);
            plain.weightGradient(x, dz, c, dWp);
            vec.inputGradient(wt, dz, c, dxv);
            plain.inputGradient(wt, dz, c, dxp);
        }
        assertArrayEquals(dWp, dWv, 1e-3f, "weight gradient");
        assertArrayEquals(dxp, dxv, 1e-4f, "input gradient");
        // and one value by hand: z[0][0][0] of channel 0 (top-left corner: taps dh, dw >= 1 only)
        plain.conv(x, wt, 0, zp);
        double z00 = 0;
        for (int ci = 0; ci < C_IN; ci++) {
            for (int dh = 1; dh < 3; dh++) {
                for (int dw = 1; dw < 3; dw++) {
                    z00 += wt[(ci * 3 + dh) * 3 + dw] * x[ci * h * w + (dh - 1) * w + dw - 1];
                }
            }
        }
        assertEquals(z00, zp[0], 1e-5);
    }

    @Test
    void withoutInputGradientTheParameterGradientsAreTheSame() {
        MultiLayerNetwork full = new MultiLayerNetwork(net(true, 8, 8, 3, 2, new Sgd(0.5)));
        full.init();
        MultiLayerConfiguration conf = net(true, 8, 8, 3, 2, new Sgd(0.5));
        ((ConvBatchNormSpikePool) conf.getConf(0).getLayer()).setInputGradient(false);
        MultiLayerNetwork skip = new MultiLayerNetwork(conf);
        skip.init();
        skip.setParams(full.params().dup());
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.randn(DataType.FLOAT, T * N, C_IN, 8, 8).muli(2).addi(0.7);
        INDArray y = Nd4j.rand(DataType.FLOAT, T * N, C_OUT, 4, 4);
        Pair<Gradient, INDArray> gf = full.calculateGradients(x, y, null, null);
        Pair<Gradient, INDArray> gs = skip.calculateGradients(x, y, null, null);
        for (String p : List.of("0_W", "0_gamma", "0_beta")) {
            assertEquals(gf.getFirst().getGradientFor(p), gs.getFirst().getGradientFor(p), p);
        }
        assertTrue(gf.getSecond().norm2Number().doubleValue() > 0);
        assertEquals(0, gs.getSecond().norm2Number().doubleValue(), "input gradient skipped: zeros");
    }

    @Test
    void adamTrainsLikeTheChainAndModelSerializerRoundTrips(@TempDir File dir) throws Exception {
        MultiLayerNetwork fused = new MultiLayerNetwork(net(true, 6, 6, 3, 2, new Adam(1e-2)));
        MultiLayerNetwork chain = new MultiLayerNetwork(net(false, 6, 6, 3, 2, new Adam(1e-2)));
        fused.init();
        chain.init();
        fused.setParams(chain.params().dup());
        Nd4j.getRandom().setSeed(2);
        INDArray x = Nd4j.randn(DataType.FLOAT, T * N, C_IN, 6, 6).muli(2);
        INDArray y = Nd4j.rand(DataType.FLOAT, T * N, C_OUT, 3, 3);
        for (int i = 0; i < 3; i++) {
            fused.fit(x, y);
            chain.fit(x, y);
        }
        assertClose(chain.params(), fused.params(), 1e-4, "Adam: parameters after 3 steps");
        MultiLayerConfiguration back = MultiLayerConfiguration.fromJson(fused.getLayerWiseConfigurations().toJson());
        assertEquals(fused.getLayerWiseConfigurations(), back);
        File file = new File(dir, "net.zip");
        ModelSerializer.writeModel(fused, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(fused.params(), restored.params());
        assertEquals(fused.getUpdater().getStateViewArray(), restored.getUpdater().getStateViewArray());
        assertEquals(fused.output(x), restored.output(x));
    }
}
