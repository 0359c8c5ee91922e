package org.snn4j.core.attention;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.samediff.SDLayerParams;
import org.deeplearning4j.nn.conf.layers.samediff.SameDiffLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.snn4j.core.layer.LayerWiring;
import org.snn4j.core.norm.RunningStatistics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Configuration base of the snn4j attention blocks: SameDiff layers on the T-major time-folded
 * convolutional layout {@code [T*N, C, H, W]} whose output has the input's shape.
 *
 * <p>What it adds to DL4J's {@link SameDiffLayer}:
 * <ul>
 *   <li>a training/inference switch inside the graph ({@link #trainingFlag}): DL4J M2.1 never tells a
 *   SameDiff graph whether it runs in training, so {@link AttentionLayerImpl} writes 1 or 0 into a
 *   constant before each call;</li>
 *   <li>batch normalisation with batch statistics in training and running statistics at inference
 *   (PyTorch {@code BatchNorm2d} semantics: momentum 0.1, eps 1e-5, statistics per channel over
 *   {@code T*N*H*W}, unbiased variance in the running estimate: {@link #runningStatistics()}). The graph form
 *   ({@link #batchNorm}) is what SameDiff differentiates; fused implementations use {@code ChannelBatchNorm}
 *   for the same function. The running mean/variance are stored
 *   as parameters ({@code <bn>Mean}, {@code <bn>Var}; DL4J parameter names may not contain '_') so that they travel with the model file; they
 *   receive no gradient, use the {@link NoOp} updater and no regularization, and are updated on the
 *   host after every training forward pass (as DL4J's own BatchNormalization does);</li>
 *   <li>PyTorch default initialisation U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases.</li>
 * </ul>
 * Subclasses must pass their layer output through {@link HalveGradient} (docs/design.md).
 */
public abstract class AttentionSameDiffLayer extends SameDiffLayer {

    /** Name of the scalar constant that is 1 in training and 0 at inference. */
    public static final String TRAINING_FLAG = "snn_training";
    static final String BATCH_MEAN = "_batchMean";
    static final String BATCH_VAR = "_batchVar";

    private int timesteps;
    private long channels;
    private long height;
    private long width;
    private double bnMomentum = 0.1;
    private double bnEps = 1e-5;

    protected AttentionSameDiffLayer() {
    }

    protected AttentionSameDiffLayer(Builder<?> b) {
        super(b);
        this.timesteps = b.timesteps;
        this.bnMomentum = b.bnMomentum;
        this.bnEps = b.bnEps;
    }

    /** Names of the batch-norm blocks whose running statistics the implementation keeps up to date. */
    public abstract List<String> batchNormNames();

    /** Whether the block also accepts feed-forward input {@code [T*N, F]} (treated as C = F, H = W = 1). */
    protected boolean acceptsFeedForward() {
        return false;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        checkInput(inputType);
        if (override || channels <= 0) {
            if (inputType instanceof InputType.InputTypeFeedForward) {
                channels = ((InputType.InputTypeFeedForward) inputType).getSize();
                height = 1;
                width = 1;
            } else {
                InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) inputType;
                channels = c.getChannels();
                height = c.getHeight();
                width = c.getWidth();
            }
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        checkInput(inputType);
        return inputType;
    }

    private void checkInput(InputType in) {
        boolean ok = in instanceof InputType.InputTypeConvolutional
                || acceptsFeedForward() && in instanceof InputType.InputTypeFeedForward;
        if (!ok) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " expects time-folded convolutional "
                    + "input [T*N, C, H, W]" + (acceptsFeedForward() ? " or feed-forward [T*N, F]" : "") + ", got " + in);
        }
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        return LayerWiring.wire(new AttentionLayerImpl(conf, dataType), conf, listeners, index, paramsView,
                initializer().init(conf, paramsView, initializeParams));
    }

    /** True for the running-statistics parameters, which are not trained by gradient. */
    public boolean isRunningStatistic(String param) {
        for (String bn : batchNormNames()) {
            if (param.equals(bn + "Mean") || param.equals(bn + "Var")) {
                return true;
            }
        }
        return false;
    }

    @Override
    public IUpdater getUpdaterByParam(String param) {
        return isRunningStatistic(param) ? new NoOp() : super.getUpdaterByParam(param);
    }

    @Override
    public List<Regularization> getRegularizationByParam(String param) {
        return isRunningStatistic(param) ? Collections.emptyList() : super.getRegularizationByParam(param);
    }

    /** Number of parameters trained by gradient (all parameters minus the BN running statistics). */
    public long numTrainableParams() {
        SDLayerParams p = new SDLayerParams();
        defineParameters(p);
        long n = 0;
        for (Map.Entry<String, long[]> e : p.getParamShapes().entrySet()) {
            if (!isRunningStatistic(e.getKey())) {
                long size = 1;
                for (long d : e.getValue()) {
                    size *= d;
                }
                n += size;
            }
        }
        return n;
    }

    // ---- helpers for subclasses ----------------------------------------------------------------------

    /** The scalar training flag (1 training, 0 inference), created on first use. */
    protected static SDVariable trainingFlag(SameDiff sd, DataType dataType) {
        if (sd.hasVariable(TRAINING_FLAG)) {
            return sd.getVariable(TRAINING_FLAG);
        }
        return sd.constant(TRAINING_FLAG, Nd4j.scalar(dataType, 1.0));
    }

    /** Declares gamma, beta (trainable) and running mean/var (not trainable) of a BN over C channels. */
    protected static void defineBatchNorm(SDLayerParams params, String bn, long c) {
        params.addWeightParam(bn + "Gamma", 1, c);
        params.addBiasParam(bn + "Beta", 1, c);
        params.addBiasParam(bn + "Mean", 1, c);
        params.addBiasParam(bn + "Var", 1, c);
    }

    protected static void initBatchNorm(Map<String, INDArray> params, String bn) {
        params.get(bn + "Gamma").assign(1.0);
        params.get(bn + "Beta").assign(0.0);
        params.get(bn + "Mean").assign(0.0);
        params.get(bn + "Var").assign(1.0);
    }

    /**
     * BatchNorm2d on {@code [M, C, H, W]}: batch statistics (biased variance) when the flag is 1, running
     * statistics when it is 0. The batch statistics are named {@code <bn>_batchMean/_batchVar} so that the
     * implementation can read them and update the running estimate.
     */
    protected SDVariable batchNorm(SameDiff sd, SDVariable x, Map<String, SDVariable> params, String bn) {
        long c = channels;
        SDVariable flag = trainingFlag(sd, x.dataType());
        SDVariable mean = sd.identity(bn + BATCH_MEAN, x.mean(0, 2, 3));
        SDVariable centered = x.sub(mean.reshape(1, c, 1, 1));
        SDVariable var = sd.identity(bn + BATCH_VAR, centered.mul(centered).mean(0, 2, 3));
        SDVariable notFlag = flag.rsub(1.0);
        SDVariable useMean = mean.mul(flag).add(params.get(bn + "Mean").mul(notFlag));
        SDVariable useVar = var.mul(flag).add(params.get(bn + "Var").mul(notFlag));
        SDVariable inv = sd.math().rsqrt(useVar.add(bnEps)).mul(params.get(bn + "Gamma"));
        return x.sub(useMean.reshape(1, c, 1, 1)).mul(inv.reshape(1, c, 1, 1))
                .add(params.get(bn + "Beta").reshape(1, c, 1, 1));
    }

    /**
     * The attention blocks' running-statistics convention: PyTorch's ({@link RunningStatistics#pytorch} with
     * {@link #getBnMomentum()}), since they reproduce the papers' PyTorch code.
     */
    public RunningStatistics runningStatistics() {
        return RunningStatistics.pytorch(bnMomentum);
    }

    /**
     * Update of {@code <bn>Mean/Var} in {@code params} by {@link #runningStatistics()} from a training batch's
     * statistics (biased variance over {@code rows * H * W} values per channel).
     */
    void updateRunningStatistics(Map<String, INDArray> params, String bn, INDArray batchMean, INDArray batchVar,
                                 long rows) {
        INDArray runMean = params.get(bn + "Mean");
        INDArray runVar = params.get(bn + "Var");
        double[] mean = runMean.toDoubleVector();
        double[] var = runVar.toDoubleVector();
        runningStatistics().update(mean, var, batchMean.toDoubleVector(), batchVar.toDoubleVector(),
                rows * height * width);
        runMean.assign(Nd4j.createFromArray(mean).reshape(runMean.shape()));
        runVar.assign(Nd4j.createFromArray(var).reshape(runVar.shape()));
    }

    /** PyTorch's default initialisation of conv/linear weights and biases: U(-1/sqrt(fanIn), 1/sqrt(fanIn)). */
    protected static void initUniform(INDArray a, double fanIn) {
        double bound = 1.0 / Math.sqrt(fanIn);
        a.assign(Nd4j.rand(a.dataType(), a.shape()).muli(2 * bound).subi(bound));
    }

    protected static List<String> names(String prefix, int count) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    protected void requireShape() {
        if (channels <= 0 || height <= 0 || width <= 0) {
            throw new IllegalStateException(getClass().getSimpleName() + ": channels/height/width unknown; set the "
                    + "network's input type (setInputType) so that DL4J calls setNIn");
        }
        if (timesteps <= 0) {
            throw new IllegalStateException(getClass().getSimpleName() + ": timesteps must be > 0");
        }
    }

    public int getTimesteps() {
        return timesteps;
    }

    public void setTimesteps(int timesteps) {
        this.timesteps = timesteps;
    }

    public long getChannels() {
        return channels;
    }

    public void setChannels(long channels) {
        this.channels = channels;
    }

    public long getHeight() {
        return height;
    }

    public void setHeight(long height) {
        this.height = height;
    }

    public long getWidth() {
        return width;
    }

    public void setWidth(long width) {
        this.width = width;
    }

    public double getBnMomentum() {
        return bnMomentum;
    }

    public void setBnMomentum(double bnMomentum) {
        this.bnMomentum = bnMomentum;
    }

    public double getBnEps() {
        return bnEps;
    }

    public void setBnEps(double bnEps) {
        this.bnEps = bnEps;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof AttentionSameDiffLayer) || o.getClass() != getClass() || !super.equals(o)) {
            return false;
        }
        AttentionSameDiffLayer a = (AttentionSameDiffLayer) o;
        return timesteps == a.timesteps && channels == a.channels && height == a.height && width == a.width
                && bnMomentum == a.bnMomentum && bnEps == a.bnEps;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), timesteps, channels, height, width, bnMomentum, bnEps);
    }

    /** Builder fields shared by the attention blocks. */
    @SuppressWarnings("unchecked")
    public abstract static class Builder<B extends Builder<B>> extends SameDiffLayer.Builder<B> {
        protected int timesteps;
        protected double bnMomentum = 0.1;
        protected double bnEps = 1e-5;

        /** Number of time steps T folded into the minibatch axis (fixed: the attention MLPs are dense over T). */
        public B timesteps(int t) {
            this.timesteps = t;
            return (B) this;
        }

        /** Running-statistics momentum (PyTorch convention: new = (1-m)*old + m*batch). Default 0.1. */
        public B bnMomentum(double m) {
            this.bnMomentum = m;
            return (B) this;
        }

        public B bnEps(double eps) {
            this.bnEps = eps;
            return (B) this;
        }

        protected void checkTimesteps(String what) {
            if (timesteps <= 0) {
                throw new IllegalArgumentException(what + " needs timesteps(T) > 0");
            }
        }
    }
}
