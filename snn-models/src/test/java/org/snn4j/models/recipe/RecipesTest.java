package org.snn4j.models.recipe;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.regularization.WeightDecay;
import org.snn4j.models.loss.LossKind;
import org.snn4j.models.optim.CosineAnnealingSchedule;
import org.snn4j.models.optim.NAdamTorch;
import org.snn4j.models.optim.SgdMomentum;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import java.io.File;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bundled recipes load and validate; unknown keys and bad values fail naming the file and key. */
class RecipesTest {

    static List<String> bundled() {
        return Recipes.BUNDLED;
    }

    @ParameterizedTest
    @MethodSource("bundled")
    void bundledRecipeLoadsAndTranslates(String name) {
        Recipe r = Recipes.load(name);
        assertEquals(name, r.name);
        ModelOptions o = Recipes.modelOptions(r);
        assertEquals(r.timesteps, o.timesteps());
        assertEquals(r.classes, o.classes());
        // the plain network (attention stripped) must build with the recipe's shapes
        ModelOptions plain = o.copy();
        plain.variant().remove("attention");
        plain.variant().remove("sma-blocks");
        plain.variant().remove("placement");
        String model = r.model.startsWith("sma") ? "spiking-vgg" : r.model;
        assertTrue(ModelZoo.build(model, plain).trainableParams() > 0);
    }

    @Test
    void everyBundledFileIsListed() throws URISyntaxException {
        File dir = new File(Recipes.class.getResource("/org/snn4j/models/recipes/").toURI());
        Set<String> files = Arrays.stream(dir.list()).map(f -> f.replace(".json", "")).collect(Collectors.toSet());
        assertEquals(Set.copyOf(Recipes.BUNDLED), files);
    }

    @Test
    void publishedSettingsAreTranslated() {
        ModelOptions dvs = Recipes.modelOptions(Recipes.load("sma-azo-vgg-dvs128"));
        assertInstanceOf(Adam.class, dvs.updater());
        assertTrue(dvs.decoupledWeightDecay());
        assertEquals(1e-3, dvs.weightDecay());
        CosineAnnealingSchedule cos = (CosineAnnealingSchedule) ((Adam) dvs.updater()).getLearningRateSchedule();
        assertEquals(1e-4, cos.valueAt(0, 0), 1e-15);
        assertEquals(0.5e-4, cos.valueAt(0, 100), 1e-15);

        ModelOptions ncal = Recipes.modelOptions(Recipes.load("sma-azo-vgg-ncaltech101"));
        assertEquals(LossKind.TET, ncal.loss());
        assertEquals(1e-3, ((NAdamTorch) ncal.updater()).getMomentumDecay());
        assertEquals(180, ncal.height());
        assertEquals(240, ncal.width());

        ModelOptions r18 = Recipes.modelOptions(Recipes.load("sma-ms-resnet18-imagenet"));
        assertEquals(0.9, ((SgdMomentum) r18.updater()).getMomentum());
        assertEquals(0.1, r18.labelSmoothing());
        assertTrue(!r18.decoupledWeightDecay() && r18.weightDecay() == 1e-4);
    }

    @Test
    void unknownKeyIsRejectedWithFileAndKey() {
        String json = "{\"name\":\"x\",\"source\":\"SMA-AZO training scripts\",\"model\":\"small-snn\",\"dataset\":\"synthetic\","
                + "\"timesteps\":8,\"channels\":2,\"resolution\":[32,32],\"classes\":11,\"loss\":\"ce\","
                + "\"optimizer\":{\"type\":\"adam\",\"lr\":0.001,\"weightdecay\":0},\"schedule\":{\"type\":\"constant\"},"
                + "\"epochs\":1,\"batch\":4,\"seed\":1}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipes.parse(json, "my.json"));
        assertTrue(e.getMessage().startsWith("my.json: unknown key 'weightdecay' at optimizer"), e.getMessage());
        assertTrue(e.getMessage().contains("weightDecay"), "lists the valid keys: " + e.getMessage());
    }

    @Test
    void badValuesNameTheField() {
        String base = "{\"name\":\"x\",\"source\":\"SMA-AZO training scripts\",\"model\":\"MODEL\",\"dataset\":\"synthetic\","
                + "\"timesteps\":8,\"channels\":2,\"resolution\":[32,32],\"classes\":11,\"loss\":\"LOSS\","
                + "\"optimizer\":{\"type\":\"OPT\",\"lr\":0.001},\"schedule\":{\"type\":\"constant\"},"
                + "\"epochs\":1,\"batch\":4,\"seed\":1}";
        assertMessage(base.replace("MODEL", "vgg99").replace("LOSS", "ce").replace("OPT", "adam"), "field 'model'");
        assertMessage(base.replace("MODEL", "small-snn").replace("LOSS", "hinge").replace("OPT", "adam"), "field 'loss'");
        assertMessage(base.replace("MODEL", "small-snn").replace("LOSS", "ce").replace("OPT", "lion"), "field 'optimizer.type'");
        assertMessage(base.replace("MODEL", "small-snn").replace("LOSS", "ce").replace("OPT", "adam")
                .replace("\"timesteps\":8", "\"timesteps\":\"eight\""), "bad value at timesteps");
    }

    private static void assertMessage(String json, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipes.parse(json, "r.json"));
        assertTrue(e.getMessage().startsWith("r.json: ") && e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void unknownRecipeListsBundledNames() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Recipes.load("nope"));
        assertTrue(e.getMessage().contains("sma-azo-vgg-dvs128"), e.getMessage());
    }

    @Test
    void adamWUsesDecoupledWeightDecayInTheNetwork() {
        ModelOptions o = Recipes.modelOptions(Recipes.load("sma-azo-vgg-dvs128"));
        o.variant().clear();
        var conf = ModelZoo.build("spiking-vgg", o.widthMultiplier(0.05).input(2, 32, 32));
        var conv = (org.deeplearning4j.nn.conf.layers.BaseLayer) conf.sequential().getConf(1).getLayer();
        assertInstanceOf(WeightDecay.class, conv.getRegularization().get(0));
    }
}
