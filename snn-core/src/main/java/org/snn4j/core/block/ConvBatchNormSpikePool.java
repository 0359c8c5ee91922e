package org.snn4j.core.block;

import org.snn4j.core.backend.JavaKernels;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.params.BatchNormalizationParamInitializer;
import org.deeplearning4j.nn.weights.IWeightInit;
import org.deeplearning4j.nn.weights.WeightInitXavier;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.regularization.Regularization;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.core.layer.LayerWiring;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A k x k convolution (stride 1, padding k/2, no bias, identity activation) followed by
 * {@link BatchNormSpikePool}'s batch norm -> neuron -> max pool, as one layer that stores neither the conv
 * output nor its gradient: both are recomputed channel by channel (see {@link ConvBatchNormSpikePoolLayer}).
 * Meant for convolutions with few input channels (DVSGestureNet's first block: 2 input channels, 18
 * multiply-adds per output element), where recomputing is cheap and the conv output is the largest tensor
 * of the network. Float32 only.
 *
 * <p>Parameters: DL4J's conv weight {@code W} [nOut, nIn, k, k] first, then the batch-norm parameters, so the
 * flattened parameters equal those of the unfused chain (conv without bias, then BN).
 */
public class ConvBatchNormSpikePool extends BatchNormSpikePool {
    public static final String WEIGHT = "W";
    private int kernelSize = 3;
    private boolean inputGradient = true;

    /** For JSON. */
    public ConvBatchNormSpikePool() {
    }

    private ConvBatchNormSpikePool(Builder b) {
        super(b);
        if (b.kernelSize < 1 || b.kernelSize % 2 == 0) {
            throw new IllegalArgumentException("kernel size must be odd and >= 1, got " + b.kernelSize);
        }
        if (b.nOut < 1) {
            throw new IllegalArgumentException("nOut must be >= 1, got " + b.nOut);
        }
        this.kernelSize = b.kernelSize;
        this.nIn = b.nIn;
        this.nOut = b.nOut;
        this.weightInitFn = b.weightInit;
        this.inputGradient = b.inputGradient;
    }

    @Override
    public Layer instantiate(NeuralNetConfiguration conf, Collection<TrainingListener> listeners, int index,
                             INDArray paramsView, boolean initializeParams, DataType dataType) {
        JavaKernels.require("ConvBatchNormSpikePool");
        return LayerWiring.wire(new ConvBatchNormSpikePoolLayer(conf, dataType), conf, listeners, index, paramsView,
                initializer().init(conf, paramsView, initializeParams));
    }

    @Override
    public ParamInitializer initializer() {
        return Initializer.INSTANCE;
    }

    @Override
    public void setNIn(InputType inputType, boolean override) {
        if (inputType instanceof InputType.InputTypeConvolutional && (nIn <= 0 || override)) {
            nIn = ((InputType.InputTypeConvolutional) inputType).getChannels();
        }
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType inputType) {
        InputType pooled = super.getOutputType(layerIndex, inputType);
        InputType.InputTypeConvolutional c = (InputType.InputTypeConvolutional) pooled;
        return InputType.convolutional(c.getHeight(), c.getWidth(), nOut);
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType out = getOutputType(-1, inputType);
        long n = initializer().numParams(this);
        return new LayerMemoryReport.Builder(layerName, getClass(), inputType, out)
                .standardMemory(n, n).workingMemory(0, 0, 0, 0).cacheMemory(0, 0).build();
    }

    @Override
    public List<Regularization> getRegularizationByParam(String paramName) {
        return WEIGHT.equals(paramName) ? regularization : super.getRegularizationByParam(paramName);
    }

    @Override
    public IUpdater getUpdaterByParam(String paramName) {
        return WEIGHT.equals(paramName) ? getIUpdater() : super.getUpdaterByParam(paramName);
    }

    @Override
    public boolean isPretrainParam(String paramName) {
        return false;
    }

    public int getKernelSize() {
        return kernelSize;
    }

    public void setKernelSize(int kernelSize) {
        this.kernelSize = kernelSize;
    }

    /** Whether backward computes the input gradient (false: it returns zeros; see the builder). */
    public boolean isInputGradient() {
        return inputGradient;
    }

    public void setInputGradient(boolean inputGradient) {
        this.inputGradient = inputGradient;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConvBatchNormSpikePool && super.equals(o) && kernelSize == ((ConvBatchNormSpikePool) o).kernelSize
                && inputGradient == ((ConvBatchNormSpikePool) o).inputGradient;
    }

    @Override
    protected boolean canEqual(Object other) {
        return other instanceof ConvBatchNormSpikePool;
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), kernelSize, inputGradient);
    }

    @Override
    public String toString() {
        return "ConvBatchNormSpikePool(" + nIn + " -> " + nOut + ", " + kernelSize + "x" + kernelSize + ", "
                + getNeuron().getClass().getSimpleName() + ", pool " + getPoolSize() + ")";
    }

    /** Conv weight [nOut, nIn, k, k] ('c' order, DL4J's conv layout and init), then DL4J's batch-norm parameters. */
    static final class Initializer implements ParamInitializer {
        static final Initializer INSTANCE = new Initializer();
        private static final BatchNormalizationParamInitializer BN = BatchNormalizationParamInitializer.getInstance();

        private static long weights(ConvBatchNormSpikePool l) {
            return l.getNOut() * l.getNIn() * l.kernelSize * l.kernelSize;
        }

        @Override
        public long numParams(NeuralNetConfiguration conf) {
            return numParams(conf.getLayer());
        }

        @Override
        public long numParams(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return weights((ConvBatchNormSpikePool) layer) + BN.numParams(layer);
        }

        @Override
        public List<String> paramKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            List<String> keys = new ArrayList<>();
            keys.add(WEIGHT);
            keys.addAll(BN.paramKeys(layer));
            return keys;
        }

        @Override
        public List<String> weightKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return Collections.singletonList(WEIGHT);
        }

        @Override
        public List<String> biasKeys(org.deeplearning4j.nn.conf.layers.Layer layer) {
            return Collections.emptyList();
        }

        @Override
        public boolean isWeightParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return WEIGHT.equals(key);
        }

        @Override
        public boolean isBiasParam(org.deeplearning4j.nn.conf.layers.Layer layer, String key) {
            return false;
        }

        @Override
        public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
            ConvBatchNormSpikePool l = (ConvBatchNormSpikePool) conf.getLayer();
            int k = l.kernelSize;
            long nw = weights(l);
            INDArray flat = paramsView.reshape(paramsView.length());
            INDArray w = flat.get(NDArrayIndex.interval(0, nw)).reshape('c', l.getNOut(), l.getNIn(), k, k);
            if (initializeParams) {
                IWeightInit init = l.getWeightInitFn() == null ? new WeightInitXavier() : l.getWeightInitFn();
                init.init(l.getNIn() * k * k, l.getNOut() * k * k, w.shape(), 'c', w);
            }
            Map<String, INDArray> out = new LinkedHashMap<>();
            out.put(WEIGHT, w);
            out.putAll(BN.init(conf, flat.get(NDArrayIndex.interval(nw, flat.length())), initializeParams));
            return out;
        }

        @Override
        public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
            ConvBatchNormSpikePool l = (ConvBatchNormSpikePool) conf.getLayer();
            int k = l.kernelSize;
            long nw = weights(l);
            INDArray flat = gradientView.reshape(gradientView.length());
            Map<String, INDArray> out = new LinkedHashMap<>();
            out.put(WEIGHT, flat.get(NDArrayIndex.interval(0, nw)).reshape('c', l.getNOut(), l.getNIn(), k, k));
            out.putAll(BN.getGradientsFromFlattened(conf, flat.get(NDArrayIndex.interval(nw, flat.length()))));
            return out;
        }
    }

    /** Builder: output channels, kernel size (default 3), the neuron, pool size (2), BN decay (0.9) and eps (1e-5). */
    public static class Builder extends BatchNormSpikePool.BaseBuilder<Builder> {
        private int nIn;
        private int nOut;
        private int kernelSize = 3;
        private IWeightInit weightInit;
        private boolean inputGradient = true;

        public Builder(int nOut, SpikingNeuron neuron) {
            super(neuron);
            this.nOut = nOut;
        }

        public Builder nIn(int nIn) {
            this.nIn = nIn;
            return this;
        }

        public Builder kernelSize(int k) {
            this.kernelSize = k;
            return this;
        }

        /** The conv weights' init (default: the network's, as for DL4J's conv layer). */
        public Builder weightInit(IWeightInit init) {
            this.weightInit = init;
            return this;
        }

        /**
         * False skips the input gradient (a quarter of the backward's work) and returns zeros in its place:
         * only for a layer whose input is the network's input (nothing upstream to train), and not when the
         * gradient with respect to the input is wanted (e.g. adversarial inputs, saliency).
         */
        public Builder inputGradient(boolean computed) {
            this.inputGradient = computed;
            return this;
        }

        public ConvBatchNormSpikePool build() {
            return new ConvBatchNormSpikePool(this);
        }
    }
}
