package org.snn4j.models.zoo;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.layers.ActivationLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.util.ModelSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every zoo network, as a small variant: builds, runs a forward pass with the right output shape, and
 * round-trips through ModelSerializer with identical inference output.
 */
class ModelZooBuildTest {
    static final int N = 2;

    /** A small variant of each network: narrow, small input, T = 2. */
    static ModelOptions small(String name) {
        ModelOptions o = ModelZoo.get(name).defaults().timesteps(2).widthMultiplier(0.0625);
        if (name.startsWith("ms-resnet")) {
            return o.input(3, 32, 32).classes(10);
        }
        if (name.equals("ma-snn-5layer")) {
            return o.input(2, 64, 64);
        }
        return o.input(2, 32, 32);
    }

    static Stream<String> names() {
        return ModelZoo.names().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("names")
    void buildsForwardsAndRoundTrips(String name, @TempDir File dir) throws Exception {
        ModelOptions o = small(name);
        ZooConfiguration conf = ModelZoo.build(name, o);
        Model net = conf.init();
        Nd4j.getRandom().setSeed(1);
        INDArray x = Nd4j.rand(N, o.channels() * (name.startsWith("ms-resnet") ? 1 : o.timesteps()), o.height(), o.width());
        INDArray out = output(net, x);
        assertArrayEquals(new long[]{N, o.classes()}, out.shape(), name + " output shape");

        File file = new File(dir, name + ".zip");
        ModelSerializer.writeModel(net, file, true);
        Model restored = conf.isGraph() ? ModelSerializer.restoreComputationGraph(file, true)
                : ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(out, output(restored, x), name + " restored output");
    }

    static INDArray output(Model net, INDArray x) {
        return net instanceof ComputationGraph ? ((ComputationGraph) net).outputSingle(false, x)
                : ((MultiLayerNetwork) net).output(x, false);
    }

    @Test
    void smaVggInsertsAtBlocksTwoAndThreeWithTheirShapes() {
        List<InsertionPoint> seen = new ArrayList<>();
        AttentionRegistry.Provider recording = (p, o) -> {
            seen.add(p);
            return new ActivationLayer.Builder().activation(Activation.IDENTITY).build();
        };
        ZooConfiguration plain = ModelZoo.build("spiking-vgg");
        ZooConfiguration sma = ModelZoo.build("sma-vgg", ModelZoo.get("sma-vgg").defaults().attentionProvider("sma", recording));
        assertEquals(plain.layers().size() + 2, sma.layers().size());
        assertEquals(2, seen.size());
        assertEquals(new InsertionPoint(InsertionPoint.Site.AFTER_CONV, 2, 0, 0, 128, 64, 64, 16), seen.get(0));
        assertEquals(new InsertionPoint(InsertionPoint.Site.AFTER_CONV, 3, 0, 0, 256, 32, 32, 16), seen.get(1));

        seen.clear();
        ModelZoo.build("sma-vgg", ModelZoo.get("sma-vgg").defaults().variant("sma-blocks", "2,3,4,5")
                .attentionProvider("sma", recording));
        assertEquals(4, seen.size());
        // the provider belonged to those options only: the next build gets snn4j's SMA
        assertTrue(ModelZoo.build("sma-vgg").layers().values().stream()
                .anyMatch(l -> l instanceof org.snn4j.core.attention.SpikingMultiscaleAttention));
    }

    @Test
    void smallSmaSnnInsertsAfterTheChosenBlocksConvAndRejectsOtherBlocks() {
        List<InsertionPoint> seen = new ArrayList<>();
        AttentionRegistry.Provider recording = (p, o) -> {
            seen.add(p);
            return new ActivationLayer.Builder().activation(Activation.IDENTITY).build();
        };
        ZooConfiguration plain = ModelZoo.build("small-snn");
        assertEquals(plain.layers().size() + 1, ModelZoo.build("small-sma-azo-snn",
                ModelZoo.get("small-sma-azo-snn").defaults().attentionProvider("sma-azo", recording)).layers().size());
        assertEquals(List.of(new InsertionPoint(InsertionPoint.Site.AFTER_CONV, 2, 0, 0, 32, 16, 16, 8)), seen);
        ModelOptions both = ModelZoo.get("small-sma-azo-snn").defaults().variant("sma-blocks", "1,2");
        assertEquals(plain.layers().size() + 2, ModelZoo.build("small-sma-azo-snn", both).layers().size());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelZoo.build("small-sma-snn",
                ModelZoo.get("small-sma-snn").defaults().variant("sma-blocks", "3")));
        assertTrue(e.getMessage().contains("sma-blocks='3'") && e.getMessage().contains("1..2"), e.getMessage());
        IllegalArgumentException p = assertThrows(IllegalArgumentException.class, () -> ModelZoo.build("small-snn",
                ModelZoo.get("small-snn").defaults().variant("sma-blocks", "2")));
        assertTrue(p.getMessage().contains("unknown variant option 'sma-blocks'"), p.getMessage());
    }

    @Test
    void msResNetOffersSmaAndCsaPoints() {
        List<InsertionPoint> seen = new ArrayList<>();
        ModelOptions o = ModelZoo.get("ms-resnet-18").defaults().insertion(p -> {
            seen.add(p);
            return null;
        });
        ModelZoo.build("ms-resnet-18", o);
        // 8 blocks, each with an after-first-conv and a residual-branch-end point
        assertEquals(16, seen.size());
        InsertionPoint last = seen.get(seen.size() - 1);
        assertEquals(InsertionPoint.Site.RESIDUAL_BRANCH_END, last.site());
        assertEquals(512, last.channels());
        assertEquals(7, last.height());
    }

    @Test
    void maSnnOffersConvPostAndFcPostPoints() {
        List<InsertionPoint> seen = new ArrayList<>();
        ModelZoo.build("ma-snn-3layer", ModelZoo.get("ma-snn-3layer").defaults().insertion(p -> {
            seen.add(p);
            return null;
        }));
        assertEquals(List.of(
                new InsertionPoint(InsertionPoint.Site.CONV_POST, 1, 0, 0, 64, 32, 32, 60),
                new InsertionPoint(InsertionPoint.Site.CONV_POST, 2, 0, 0, 128, 16, 16, 60),
                new InsertionPoint(InsertionPoint.Site.CONV_POST, 3, 0, 0, 128, 8, 8, 60),
                new InsertionPoint(InsertionPoint.Site.FC_POST, 4, 0, 0, 256, 1, 1, 60),
                new InsertionPoint(InsertionPoint.Site.FC_POST, 5, 0, 0, 11, 1, 1, 60)), seen);
        assertTrue(ModelZoo.build("ma-snn-3layer", ModelZoo.get("ma-snn-3layer").defaults().variant("attention", "TCSA"))
                .layers().values().stream().anyMatch(l -> l instanceof org.snn4j.core.attention.MultiDimensionalAttention),
                "attention TCSA inserts snn4j's MA layers");
    }

    /**
     * The MA-SNN nets run the hand-written attention by default and the SameDiff reference on request, with
     * the same outputs (float32, so up to rounding); the fused net trains and saves.
     */
    @Test
    void maSnnAttentionIsFusedByDefaultAndMatchesItsReference(@TempDir java.nio.file.Path dir) throws Exception {
        ModelOptions o = small("ma-snn-3layer").variant("attention", "TCSA");
        MultiLayerNetwork fused = (MultiLayerNetwork) ModelZoo.build("ma-snn-3layer", o).init();
        MultiLayerNetwork reference = (MultiLayerNetwork) ModelZoo.build("ma-snn-3layer",
                o.copy().attentionOption("implementation", "samediff")).init();
        long fusedLayers = java.util.Arrays.stream(fused.getLayers())
                .filter(l -> l instanceof org.snn4j.core.attention.MultiDimensionalAttentionLayer).count();
        long sameDiffLayers = java.util.Arrays.stream(reference.getLayers())
                .filter(l -> l instanceof org.snn4j.core.attention.AttentionLayerImpl).count();
        assertEquals(5, fusedLayers, "3 conv TCSA + 2 FC TA layers, hand-written");
        assertEquals(5, sameDiffLayers, "the same layers as SameDiff graphs");
        reference.setParams(fused.params().dup());
        Nd4j.getRandom().setSeed(4);
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 2 * o.timesteps(), 32, 32).muli(2);
        INDArray y = Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, o.classes());
        y.putScalar(0, 1, 1).putScalar(1, 3, 1);
        INDArray want = reference.output(x);
        assertTrue(want.sub(fused.output(x)).amaxNumber().doubleValue() < 1e-5, "outputs agree");
        // gradients are compared layer by layer in snn-core; here one training step of the whole net runs
        INDArray before = fused.params().dup();
        fused.fit(new org.nd4j.linalg.dataset.DataSet(x, y));
        assertTrue(Double.isFinite(fused.score()) && !before.equals(fused.params()), "a training step updates");
        File file = dir.resolve("ma.zip").toFile();
        ModelSerializer.writeModel(fused, file, true);
        MultiLayerNetwork restored = ModelSerializer.restoreMultiLayerNetwork(file, true);
        assertEquals(fused.output(x), restored.output(x));
        assertEquals(5, java.util.Arrays.stream(restored.getLayers())
                .filter(l -> l instanceof org.snn4j.core.attention.MultiDimensionalAttentionLayer).count());
    }

    @Test
    void msResNetBatchNormGammaInitialisation() {
        ComputationGraph g = (ComputationGraph) ModelZoo.build("ms-resnet-18", small("ms-resnet-18")).init();
        assertEquals(0.5, g.getParam("stem_bn_gamma").meanNumber().doubleValue(), 1e-7, "TDBN gamma = V_th");
        assertEquals(0.5, g.getParam("s2b0_bn1_gamma").maxNumber().doubleValue(), 1e-7);
        assertEquals(0.0, g.getParam("s2b0_bn2_gamma").maxNumber().doubleValue(), 1e-7, "last BN of a branch");
        ComputationGraph repo = (ComputationGraph) ModelZoo.build("ms-resnet-18",
                small("ms-resnet-18").variant("last-bn-gamma", "0.1")).init();
        assertEquals(0.1, repo.getParam("s2b0_bn2_gamma").maxNumber().doubleValue(), 1e-7);
    }

    @Test
    void unknownNamesAndOptionsAreRejectedWithTheValidOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelZoo.get("vgg99"));
        assertTrue(e.getMessage().contains("dvs-gesture-net") && e.getMessage().contains("ms-resnet-104"), e.getMessage());
        IllegalArgumentException v = assertThrows(IllegalArgumentException.class,
                () -> ModelZoo.build("ms-resnet-18", ModelZoo.get("ms-resnet-18").defaults().variant("stme", "7x7")));
        assertTrue(v.getMessage().contains("'stme'") && v.getMessage().contains("stem"), v.getMessage());
    }
}
