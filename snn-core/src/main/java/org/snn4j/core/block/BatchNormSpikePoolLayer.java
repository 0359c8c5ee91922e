package org.snn4j.core.block;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.neuron.LinearNeuronKernel;
import org.snn4j.core.neuron.FusedNeuronPass;
import org.snn4j.core.neuron.fast.FloatNeuronKernel;
import org.snn4j.core.norm.ChannelBatchNorm;
import org.snn4j.core.norm.RunningStatistics;
import org.snn4j.core.time.TimeFolding;

import java.nio.ByteBuffer;
import java.util.stream.IntStream;

/**
 * Implementation of {@link BatchNormSpikePool}: forward writes only the pooled output; backward writes only
 * the input gradient. Between them nothing is stored but DL4J's reference to the input: backward recomputes
 * the batch statistics, the normalised input, membrane and spikes channel by channel ({@link ChannelPass}),
 * in parallel over channels on the common fork-join pool (the one the fused neuron kernels use).
 *
 * <p>Batch norm is {@link ChannelBatchNorm}. Running statistics follow DL4J's {@code BatchNormalization}
 * ({@link RunningStatistics#dl4j}): they are not changed in forward, and backward returns as their "gradient"
 * the step that DL4J's no-op updater subtracts (mean: old minus new running mean; log10 std: log10 of the old
 * over the new running std), so they move exactly once per training step.
 */
public class BatchNormSpikePoolLayer extends BaseLayer<BatchNormSpikePool> {
    static final String GAMMA_KEY = BatchNormalizationParamInitializer.GAMMA;
    static final String BETA_KEY = BatchNormalizationParamInitializer.BETA;
    static final String MEAN_KEY = BatchNormalizationParamInitializer.GLOBAL_MEAN;
    private static final String GAMMA = BatchNormalizationParamInitializer.GAMMA;
    private static final String BETA = BatchNormalizationParamInitializer.BETA;
    private static final String MEAN = BatchNormalizationParamInitializer.GLOBAL_MEAN;
    private static final String VAR = BatchNormalizationParamInitializer.GLOBAL_VAR;
    private static final String LOG_STD = BatchNormalizationParamInitializer.GLOBAL_LOG_STD;

    public BatchNormSpikePoolLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        INDArray x = checkedInput();
        BatchNormSpikePool cfg = layerConf();
        long[] s = x.shape();
        int k = cfg.getPoolSize();
        INDArray out = mgr.createUninitialized(ArrayType.ACTIVATIONS, x.dataType(),
                new long[]{s[0], s[1], s[2] / k, s[3] / k}, 'c');
        ChannelPass pass = pass(x);
        ByteBuffer xb = FloatNeuronKernel.nativeBytes(x);
        ByteBuffer ob = FloatNeuronKernel.nativeBytes(out);
        double[] gamma = values(GAMMA);
        double[] beta = values(BETA);
        double[] mean = training ? null : values(MEAN);
        double[] var = training ? null : runningVariance();
        IntStream.range(0, (int) s[1]).parallel().forEach(c -> {
            double[] stats = {0, 0};
            if (training) {
                pass.statistics(xb, c, stats);
            } else {
                stats[0] = mean[c];
                stats[1] = var[c];
            }
            double scale = ChannelBatchNorm.scale(gamma[c], stats[1], cfg.getEps());
            pass.forward(xb, ob, c, scale, ChannelBatchNorm.shift(beta[c], stats[0], scale), training);
        });
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        INDArray x = checkedInput();
        BatchNormSpikePool cfg = layerConf();
        INDArray eps = FusedNeuronPass.contiguous(epsilon.castTo(x.dataType()));
        INDArray dx = mgr.createUninitialized(ArrayType.ACTIVATION_GRAD, x.dataType(), x.shape(), 'c');
        ChannelPass pass = pass(x);
        ByteBuffer xb = FloatNeuronKernel.nativeBytes(x);
        ByteBuffer eb = FloatNeuronKernel.nativeBytes(eps);
        ByteBuffer db = FloatNeuronKernel.nativeBytes(dx);
        int channels = (int) x.size(1);
        double[] gamma = values(GAMMA);
        double[] beta = values(BETA);
        double[] batchMean = new double[channels];
        double[] batchVar = new double[channels];
        double[] dGamma = new double[channels];
        double[] dBeta = new double[channels];
        IntStream.range(0, channels).parallel().forEach(c -> {
            double[] stats = new double[2];
            pass.statistics(xb, c, stats);
            batchMean[c] = stats[0];
            batchVar[c] = stats[1];
            double invStd = ChannelBatchNorm.invStd(stats[1], cfg.getEps());
            double[] g = pass.backward(xb, eb, db, c, stats[0], invStd, gamma[c], beta[c], true);
            dGamma[c] = g[0];
            dBeta[c] = g[1];
        });
        Gradient gradient = batchNormGradient(batchMean, batchVar, pass.channelSize(), dGamma, dBeta);
        return new Pair<>(gradient, dx);
    }

    /**
     * Gradients of gamma and beta, and the running statistics' steps (see the class comment) for batch statistics
     * over {@code count} values per channel.
     */
    Gradient batchNormGradient(double[] batchMean, double[] batchVar, long count, double[] dGamma, double[] dBeta) {
        BatchNormSpikePool cfg = layerConf();
        int channels = batchMean.length;
        Gradient gradient = new DefaultGradient();
        setGradient(gradient, GAMMA, dGamma);
        setGradient(gradient, BETA, dBeta);
        RunningStatistics rule = cfg.runningStatistics();
        double[] runningMean = values(MEAN);
        double[] meanStep = new double[channels];
        for (int c = 0; c < channels; c++) {
            meanStep[c] = runningMean[c] - rule.nextMean(runningMean[c], batchMean[c]);
        }
        setGradient(gradient, MEAN, meanStep);
        double[] var = runningVariance();
        double[] varStep = new double[channels];
        for (int c = 0; c < channels; c++) {
            double next = rule.nextVariance(var[c], batchVar[c], count);
            varStep[c] = cfg.isUseLogStd() ? Math.log10(var[c] / next) / 2 : var[c] - next;
        }
        setGradient(gradient, cfg.isUseLogStd() ? LOG_STD : VAR, varStep);
        return gradient;
    }

    /** DL4J's no-op updater applies the running-statistics steps as they are: no division by the minibatch. */
    @Override
    public boolean updaterDivideByMinibatch(String paramName) {
        return !(MEAN.equals(paramName) || VAR.equals(paramName) || LOG_STD.equals(paramName));
    }

    private INDArray checkedInput() {
        BatchNormSpikePool cfg = layerConf();
        if (input.rank() != 4) {
            throw new IllegalArgumentException("BatchNormSpikePool " + layerId() + " needs NCHW input [T*N, C, H, W], got shape "
                    + java.util.Arrays.toString(input.shape()));
        }
        if (input.size(1) != cfg.getNOut()) {
            throw new IllegalArgumentException("BatchNormSpikePool " + layerId() + " has " + cfg.getNOut()
                    + " channels, input has " + input.size(1));
        }
        if (input.size(2) < cfg.getPoolSize() || input.size(3) < cfg.getPoolSize()) {
            throw new IllegalArgumentException("BatchNormSpikePool " + layerId() + ": input " + input.size(2) + "x"
                    + input.size(3) + " is smaller than the " + cfg.getPoolSize() + "x" + cfg.getPoolSize() + " pool");
        }
        TimeFolding.checkDivisible(input, cfg.getNeuron().getTimesteps(), layerId());
        INDArray x = input.dataType() == DataType.DOUBLE || input.dataType() == DataType.FLOAT ? input
                : input.castTo(dataType);
        return FusedNeuronPass.contiguous(x);
    }

    private ChannelPass pass(INDArray x) {
        BatchNormSpikePool cfg = layerConf();
        LinearNeuronKernel k = cfg.getNeuron().kernel();
        return new ChannelPass(k, cfg.getNeuron().getTimesteps(), x.shape(), cfg.getPoolSize(),
                x.dataType() == DataType.DOUBLE);
    }

    /** The running variance, from DL4J's log10-std parameter (or its plain variance parameter). */
    double[] runningVariance() {
        if (!layerConf().isUseLogStd()) {
            return values(VAR);
        }
        double[] v = values(LOG_STD);
        for (int i = 0; i < v.length; i++) {
            double std = Math.pow(10, v[i]);
            v[i] = std * std;
        }
        return v;
    }

    double[] values(String param) {
        return getParam(param).toDoubleVector();
    }

    private void setGradient(Gradient g, String param, double[] values) {
        INDArray view = gradientViews.get(param);
        for (int i = 0; i < values.length; i++) {
            view.putScalar(i, values[i]);
        }
        g.setGradientFor(param, view);
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public Type type() {
        return Type.CONVOLUTIONAL;
    }

    @Override
    public void clearNoiseWeightParams() {
    }

    @Override
    public boolean hasBias() {
        return false;
    }
}
