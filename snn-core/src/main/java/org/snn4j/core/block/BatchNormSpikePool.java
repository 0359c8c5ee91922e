package org.snn4j.core.block;

import org.snn4j.core.backend.JavaKernels;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.norm.RunningStatistics;
import org.snn4j.core.layer.LayerWiring;

import java.util.Collection;
import java.util.Objects;

/**
 * Batch norm -> spiking neuron -> k x k max pool (stride k) as one layer: what every conv block of
 * SpikingJelly's DVSGestureNet does after its convolution, on the time-folded NCHW layout {@code [T*N, C, H, W]}.
 * The three layers' intermediate tensors (each the size of the input) are never stored: the layer keeps
 * only its input (which DL4J keeps anyway) and recomputes normalisation, membrane and spikes per channel in
 * backward (see {@link BatchNormSpikePoolLayer}).
 *
 * <p>Batch norm is DL4J's {@link BatchNormalization}, which this configuration extends: the same parameters
 * in the same order (gamma, beta, running mean, running log10 std), the same decay/eps, biased batch
 * variance, and running statistics updated through the gradient as DL4J does ({@link #runningStatistics()}) (so a network built with it
 * has the parameter count, updater and saved-model layout of the unfused chain). Locked gamma/beta and
 * non-NCHW formats are not supported; the neuron must have no parameters (not PLIF). Pooling
 * rounds down like DL4J's {@code ConvolutionMode.Truncate}: a trailing odd row or column is dropped.
 */
public class BatchNormSpikePool extends BatchNormalization {
    private SpikingNeuron neuron;
    private int poolSize = 2;

    /** For JSON. */
    public BatchNormSpikePool() {
        // BatchNormalization's no-argument constructor leaves its builder defaults unset
        this.decay = 0.9;
        this.eps = 1e-5;
        this.isMinibatch = true;
        this.gamma = 1.0;
        this.beta = 0.0;
        this.lockGammaBeta = false;
        this.cudnnAllowFallback = true;
        this.useLogStd = true;
        this.cnn2DFormat = CNN2DFormat.NCHW;
    }

    /** The checks and settings shared by this builder and subclasses' builders. */
    protected BatchNormSpikePool(BaseBuilder<?> b) {
        this();
        if (b.neuron == null) {
            throw new IllegalArgumentException("BatchNormSpikePool needs a neuron");
        }
        if (!b.neuron.parameterShapes().isEmpty()) {
            throw new IllegalArgumentException("BatchNormSpikePool supports parameter-free neurons only, got "
                    + b.neuron.getClass().getSimpleName());
        }
        if (b.poolSize < 1) {
            throw new IllegalArgumentException("pool size must be >= 1, got " + b.poolSize);
        }
        this.neuron = b.neuron;
        this.poolSize = b.poolSize;
        this.decay = b.decay;
        this.eps = b.eps;
        this.layerName = b.name;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        JavaKernels.require("BatchNormSpikePool");
        return LayerWiring.wire(new BatchNormSpikePoolLayer(conf, dataType), conf, listeners, index, paramsView,
                initializer().init(conf, paramsView, initializeParams));
    }

    /**
     * This layer's running-statistics convention: DL4J's ({@link RunningStatistics#dl4j} with {@link #getDecay()}),
     * since the layer stands in for DL4J's {@code BatchNormalization} and shares its parameters.
     */
    public RunningStatistics runningStatistics() {
        return RunningStatistics.dl4j(decay);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        if (!(inputType instanceof InputType.InputTypeConvolutional)) {
            throw new IllegalArgumentException("BatchNormSpikePool (layer " + layerIndex
                    + ") needs convolutional input, got " + inputType);
        }
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) inputType;
        return InputType.convolutional(c.getHeight() / poolSize, c.getWidth() / poolSize, c.getChannels());
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, out)
                .standardMemory(initializer().numParams(this), initializer().numParams(this))
                .workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    public SpikingNeuron getNeuron() {
        return neuron;
    }

    /** A copy that shares no mutable state with this configuration (its neuron included). */
    @Override
    public BatchNormSpikePool clone() {
        BatchNormSpikePool c = (BatchNormSpikePool) super.clone();
        c.neuron = neuron == null ? null : neuron.clone();
        return c;
    }

    public void setNeuron(SpikingNeuron neuron) {
        this.neuron = neuron;
    }

    public int getPoolSize() {
        return poolSize;
    }

    public void setPoolSize(int poolSize) {
        this.poolSize = poolSize;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BatchNormSpikePool && super.equals(o) && poolSize == ((BatchNormSpikePool) o).poolSize
                && Objects.equals(neuron, ((BatchNormSpikePool) o).neuron);
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof BatchNormSpikePool;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), neuron, poolSize);
    }

    @Override
    public String toString() {
        return "BatchNormSpikePool(" + neuron.getClass().getSimpleName() + ", pool " + poolSize + ", decay " + decay
                + ", eps " + eps + ")";
    }

    /** Settings every fused block shares: the neuron (its T included), pool size (2), BN decay (0.9) and eps (1e-5). */
    public abstract static class BaseBuilder<B extends BaseBuilder<B>> {
        private final SpikingNeuron neuron;
        private int poolSize = 2;
        private double decay = 0.9;
        private double eps = 1e-5;
        private String name;

        protected BaseBuilder(SpikingNeuron neuron) {
            this.neuron = neuron;
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }

        public B poolSize(int k) {
            this.poolSize = k;
            return self();
        }

        /** DL4J's decay of the running statistics (PyTorch momentum 0.1 = decay 0.9). */
        public B decay(double decay) {
            this.decay = decay;
            return self();
        }

        public B eps(double eps) {
            this.eps = eps;
            return self();
        }

        public B name(String name) {
            this.name = name;
            return self();
        }
    }

    /** Builder of {@link BatchNormSpikePool}. */
    public static class Builder extends BaseBuilder<Builder> {
        public Builder(SpikingNeuron neuron) {
            super(neuron);
        }

        public BatchNormSpikePool build() {
            return new BatchNormSpikePool(this);
        }
    }
}
