package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.nd4j.linalg.activations.Activation;
import org.snn4j.core.time.RepeatOverTime;
import org.snn4j.core.time.TimeSharedDropout;
import org.snn4j.models.loss.LossKind;
import org.snn4j.models.loss.LossHead;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * MS-ResNet-18/34/104 with the membrane shortcut (SMA-AZO and MA-SNN ImageNet code), as a ComputationGraph.
 * Direct encoding (the image repeated T times), stem, four stages of BasicBlocks (64/128/256/512, the
 * first block of every stage has stride 2), then LIF, global average pool, (dropout), FC K and the loss on
 * the mean over T. Block: out = R(x) + Sc(x), R(x) = BN(Conv3x3(LIF(BN(Conv3x3_s(LIF(x)))))), with the
 * shortcut carrying the real-valued x (identity, or a 1x1 conv + BN, optionally after a 2x2 average pool).
 *
 * <p>Defaults follow the SMA-AZO code [ARX MS_ResNet.py]: 7x7 stem and strided 1x1-conv shortcut for 18/34,
 * the three-conv stem and average-pool shortcut for 104, last-BN gamma 0, dropout 0.2 for 104 only;
 * parameter counts 11,693,736 / 21,801,896 / 77,350,504. The options reproduce the MA-SNN repository
 * variant (7x7 stem everywhere, avgpool shortcut, last-BN gamma 0.1, dropout 0.2): 77,284,264 for 104.
 * Attention: "sma"/"sma-azo" after the first conv of blocks {@code sma-blocks} of every stage (released
 * script: 0,1), "csa" at the end of every residual branch (Att-Res-SNN-1).
 */
final class MsResNet implements ZooModel {
    static final String STEM = "stem";
    static final String SHORTCUT = "shortcut";
    static final String LAST_BN_GAMMA = "last-bn-gamma";
    static final String DROPOUT = "dropout";
    static final String ATTENTION = "attention";
    static final String SMA_BLOCKS = "sma-blocks";
    private static final int[] WIDTHS = {64, 128, 256, 512};

    private final int depth;
    private final int[] blocks;

    MsResNet(int depth, int[] blocks) {
        this.depth = depth;
        this.blocks = blocks;
    }

    @Override
    public String name() {
        return "ms-resnet-" + depth;
    }

    @Override
    public String description() {
        return "MS-ResNet-" + depth + " (membrane shortcut, stages " + Arrays.toString(blocks)
                + "), optional SMA/AZO or CSA; SMA-AZO / MA-SNN ImageNet code";
    }

    @Override
    public ModelOptions defaults() {
        return new ModelOptions().input(3, 224, 224).timesteps(6).classes(1000).loss(LossKind.CE).labelSmoothing(0.1);
    }

    @Override
    public Map<String, String> variantKeys() {
        return Map.of(STEM, "7x7 (R18/34 default) or 3conv (three 3x3 convs with bias, R104 default)",
                SHORTCUT, "conv (strided 1x1 conv + BN, R18/34 default) or avgpool (AvgPool2 + 1x1 conv + BN, R104 default)",
                LAST_BN_GAMMA, "initial gamma of the last BN of each residual branch (0 = MS-ResNet code, 0.1 = MA-SNN code)",
                DROPOUT, "dropout before the FC (default 0.2 for 104, else 0)",
                ATTENTION, "none, sma, sma-azo (after the first conv of blocks sma-blocks) or csa (end of each residual branch)",
                SMA_BLOCKS, "comma-separated 0-based block indices per stage that get SMA (default 0,1)");
    }

    @Override
    public ZooConfiguration build(ModelOptions o) {
        checkVariants(o);
        boolean deep = depth >= 100;
        String stem = choose(o, STEM, deep ? "3conv" : "7x7", Set.of("7x7", "3conv"));
        String shortcut = choose(o, SHORTCUT, deep ? "avgpool" : "conv", Set.of("conv", "avgpool"));
        String attention = choose(o, ATTENTION, "none", Set.of("none", "sma", "sma-azo", "csa"));
        double lastGamma = number(o, LAST_BN_GAMMA, 0.0);
        double dropout = number(o, DROPOUT, deep ? 0.2 : 0.0);
        Set<Integer> smaBlocks = Arrays.stream(o.variantOr(SMA_BLOCKS, "0,1").split(",")).map(String::trim)
                .map(Integer::parseInt).collect(Collectors.toSet());

        BlockInsertion insertion = o.insertion();
        if (attention.equals("sma") || attention.equals("sma-azo")) {
            insertion = insertion.orElse(AttentionRegistry.insertion(attention, o,
                    p -> p.site() == InsertionPoint.Site.AFTER_CONV && smaBlocks.contains(p.indexInStage())));
        } else if (attention.equals("csa")) {
            insertion = insertion.orElse(AttentionRegistry.insertion("csa", o,
                    p -> p.site() == InsertionPoint.Site.RESIDUAL_BRANCH_END));
        }
        Graph g = new Graph(o, insertion);
        String x = g.add("encode", new RepeatOverTime(o.timesteps()), "input");
        int c = o.scaled(64);
        if (stem.equals("7x7")) {
            x = g.add("stem_conv", conv(c, 7, 2, 3, false), x);
        } else {
            x = g.add("stem_conv1", conv(c, 3, 2, 1, true), x);
            x = g.add("stem_conv2", conv(c, 3, 1, 1, true), x);
            x = g.add("stem_conv3", conv(c, 3, 1, 1, true), x);
        }
        x = g.add("stem_bn", bn(0.5), x);
        int inC = c;
        int blockNo = 0;
        for (int s = 0; s < blocks.length; s++) {
            int outC = o.scaled(WIDTHS[s]);
            for (int i = 0; i < blocks[s]; i++) {
                blockNo++;
                int stride = i == 0 ? 2 : 1;
                x = g.block("s" + (s + 1) + "b" + i, x, inC, outC, stride, shortcut, lastGamma, blockNo, s + 1, i);
                inC = outC;
            }
        }
        x = g.add("head_lif", o.neuronOr(NeuronFactory.msResNet()).create(o.timesteps()), x);
        x = g.add("head_gap", new GlobalPoolingLayer.Builder(PoolingType.AVG).build(), x);
        if (dropout > 0) {
            x = g.add("head_dropout", new TimeSharedDropout(o.timesteps(), dropout), x);
        }
        x = g.add("fc", new DenseLayer.Builder().nOut(o.classes()).activation(Activation.IDENTITY).build(), x);
        List<Layer> head = LossHead.layers(o.loss(), o.timesteps(), o.labelSmoothing());
        for (int i = 0; i < head.size(); i++) {
            x = g.add(i == head.size() - 1 ? "loss" : "head_" + i, head.get(i), x);
        }
        InputType in = InputType.convolutional(o.height(), o.width(), o.channels());
        ComputationGraphConfiguration conf = g.builder.setOutputs(x).setInputTypes(in).build();
        return ZooConfiguration.of(name(), conf, in, o.timesteps());
    }

    /** The graph under construction and the per-step shape bookkeeping for insertion points. */
    private final class Graph {
        final ComputationGraphConfiguration.GraphBuilder builder;
        final ModelOptions o;
        final BlockInsertion insertion;
        final NeuronFactory lif;
        long spatial;

        Graph(ModelOptions o, BlockInsertion insertion) {
            this.o = o;
            this.insertion = insertion;
            this.lif = o.neuronOr(NeuronFactory.msResNet());
            this.builder = TrainingDefaults.base(o).graphBuilder().addInputs("input");
            this.spatial = o.height();
        }

        String add(String name, Layer layer, String... inputs) {
            builder.addLayer(name, layer, inputs);
            return name;
        }

        String insert(String name, InsertionPoint p, String input) {
            Layer l = insertion.create(p);
            return l == null ? input : add(name, l, input);
        }

        String block(String id, String x, int inC, int outC, int stride, String shortcut, double lastGamma,
                     int blockNo, int stage, int index) {
            long outSize = (spatialAfterStem() - 1) / stride + 1;
            String r = add(id + "_lif1", lif.create(o.timesteps()), x);
            r = add(id + "_conv1", conv(outC, 3, stride, 1, false), r);
            r = insert(id + "_att1", new InsertionPoint(InsertionPoint.Site.AFTER_CONV, blockNo, stage, index, outC,
                    outSize, outSize, o.timesteps()), r);
            r = add(id + "_bn1", bn(0.5), r);
            r = add(id + "_lif2", lif.create(o.timesteps()), r);
            r = add(id + "_conv2", conv(outC, 3, 1, 1, false), r);
            r = add(id + "_bn2", bn(lastGamma), r);
            r = insert(id + "_att2", new InsertionPoint(InsertionPoint.Site.RESIDUAL_BRANCH_END, blockNo, stage, index,
                    outC, outSize, outSize, o.timesteps()), r);
            String sc = x;
            if (stride != 1 || inC != outC) {
                if (shortcut.equals("avgpool")) {
                    sc = add(id + "_sc_pool", new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.AVG)
                            .kernelSize(stride, stride).stride(stride, stride).convolutionMode(ConvolutionMode.Truncate).build(), sc);
                    sc = add(id + "_sc_conv", conv(outC, 1, 1, 0, false), sc);
                } else {
                    sc = add(id + "_sc_conv", conv(outC, 1, stride, 0, false), sc);
                }
                sc = add(id + "_sc_bn", bn(0.5), sc);
            }
            builder.addVertex(id + "_add", new ElementWiseVertex(ElementWiseVertex.Op.Add), r, sc);
            spatial = outSize;
            return id + "_add";
        }

        private long spatialAfterStem() {
            return spatial == o.height() ? (o.height() - 1) / 2 + 1 : spatial;
        }
    }

    private static ConvolutionLayer conv(int nOut, int k, int stride, int pad, boolean bias) {
        return new ConvolutionLayer.Builder(k, k).stride(stride, stride).padding(pad, pad).nOut(nOut).hasBias(bias)
                .convolutionMode(ConvolutionMode.Truncate).activation(Activation.IDENTITY).build();
    }

    /** BN with PyTorch's momentum/eps and the given initial gamma (MS-ResNet's TDBN uses 0.5 = V_th). */
    private static BatchNormalization bn(double gamma) {
        return new BatchNormalization.Builder().decay(0.9).eps(1e-5).gamma(gamma).build();
    }

    private String choose(ModelOptions o, String key, String fallback, Set<String> valid) {
        String v = o.variantOr(key, fallback);
        if (!valid.contains(v)) {
            throw new IllegalArgumentException(name() + ": option " + key + "='" + v + "', expected one of " + valid);
        }
        return v;
    }

    private double number(ModelOptions o, String key, double fallback) {
        String v = o.variantOr(key, null);
        if (v == null) {
            return fallback;
        }
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name() + ": option " + key + "='" + v + "' is not a number");
        }
    }
}
