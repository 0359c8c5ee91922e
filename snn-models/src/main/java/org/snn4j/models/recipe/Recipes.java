package org.snn4j.models.recipe;

import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.JsonMappingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.exc.UnrecognizedPropertyException;
import org.snn4j.models.loss.LossKind;
import org.snn4j.models.optim.CosineAnnealingSchedule;
import org.snn4j.models.optim.Optimizers;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;
import org.snn4j.models.zoo.ZooModel;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Loads and validates training recipes (JSON). Bundled recipes are resources under
 * {@code org/snn4j/models/recipes/NAME.json}; {@link #load(Path)} reads any file. Every error names the
 * file (or resource) and the offending key.
 */
public final class Recipes {
    /** The bundled recipes, one per published configuration. */
    public static final List<String> BUNDLED = List.of(
            "sma-azo-vgg-dvs128", "sma-azo-vgg-cifar10dvs", "sma-azo-vgg-ncaltech101",
            "sma-ms-resnet18-imagenet", "sma-ms-resnet34-imagenet", "sma-azo-ms-resnet104-imagenet",
            "ma-snn-dvs-gesture", "att-res-snn-imagenet", "dvs-gesture-net-baseline", "small-snn-synthetic");
    private static final String RESOURCE_DIR = "/org/snn4j/models/recipes/";
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true)
            .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true);

    private Recipes() {
    }

    /** A bundled recipe by name; the error lists the bundled names. */
    public static Recipe load(String name) {
        String resource = RESOURCE_DIR + name + ".json";
        try (InputStream in = Recipes.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("unknown recipe '" + name + "'; bundled recipes: " + String.join(", ", BUNDLED));
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), "recipe " + name + " (" + resource + ")");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + resource, e);
        }
    }

    /** A recipe file. */
    public static Recipe load(Path file) throws IOException {
        return parse(Files.readString(file), file.toString());
    }

    /** Parses and validates recipe JSON; {@code origin} names the file in error messages. */
    public static Recipe parse(String json, String origin) {
        Recipe r;
        try {
            r = JSON.readValue(json, Recipe.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException(origin + ": unknown key '" + e.getPropertyName() + "' at " + path(e)
                    + "; valid keys there: " + new TreeSet<>(e.getKnownPropertyIds().stream().map(String::valueOf)
                    .collect(Collectors.toList())), e);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException(origin + ": bad value at " + path(e) + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(origin + ": not valid JSON at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage(), e);
        }
        validate(r, origin);
        return r;
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream().map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining(".")).replace(".[", "[");
    }

    static void validate(Recipe r, String origin) {
        require(r.name != null && !r.name.isBlank(), origin, "name", "a non-empty name");
        require(r.source != null && !r.source.isBlank(), origin, "source", "where the settings come from, e.g. \"SMA-AZO training script for DVS128 Gesture\"");
        require(r.model != null, origin, "model", "a zoo model name");
        ZooModel model;
        try {
            model = ModelZoo.get(r.model);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": field 'model': " + e.getMessage(), e);
        }
        for (String k : r.variant.keySet()) {
            require(model.variantKeys().containsKey(k), origin, "variant." + k,
                    "a variant option of " + r.model + " (" + String.join(", ", model.variantKeys().keySet()) + ")");
        }
        require(r.dataset != null, origin, "dataset", "a dataset name");
        require(r.timesteps > 0, origin, "timesteps", "T > 0");
        require(r.channels > 0, origin, "channels", "input channels > 0");
        require(r.resolution != null && r.resolution.size() == 2 && r.resolution.get(0) > 0 && r.resolution.get(1) > 0,
                origin, "resolution", "[height, width] with positive entries");
        require(r.classes > 0, origin, "classes", "number of classes > 0");
        require(r.loss != null, origin, "loss", "mse, ce or tet");
        try {
            LossKind.parse(r.loss);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + ": field 'loss': " + e.getMessage(), e);
        }
        require(r.labelSmoothing >= 0 && r.labelSmoothing < 1, origin, "labelSmoothing", "a value in [0, 1)");
        require(r.optimizer != null, origin, "optimizer", "an optimizer section");
        require(Optimizers.TYPES.contains(r.optimizer.type), origin, "optimizer.type", "one of " + Optimizers.TYPES);
        require(r.optimizer.lr > 0, origin, "optimizer.lr", "a learning rate > 0");
        require(r.optimizer.weightDecay >= 0, origin, "optimizer.weightDecay", "a value >= 0");
        require(r.schedule != null, origin, "schedule", "a schedule section");
        require(List.of("cosine", "plateau", "constant").contains(r.schedule.type), origin, "schedule.type",
                "cosine, plateau or constant");
        if (r.schedule.type.equals("cosine")) {
            require(r.schedule.tMax > 0, origin, "schedule.tMax", "T_max > 0 epochs");
        }
        if (r.schedule.type.equals("plateau")) {
            require(r.schedule.factor > 0 && r.schedule.factor < 1, origin, "schedule.factor", "a factor in (0, 1)");
        }
        require(r.epochs > 0, origin, "epochs", "epochs > 0");
        require(r.batch > 0, origin, "batch", "batch > 0");
    }

    private static void require(boolean ok, String origin, String field, String expected) {
        if (!ok) {
            throw new IllegalArgumentException(origin + ": field '" + field + "' must be " + expected);
        }
    }

    /** The learning-rate schedule of a recipe as a DL4J schedule (null for constant and plateau). */
    public static ISchedule schedule(Recipe r) {
        return r.schedule.type.equals("cosine")
                ? new CosineAnnealingSchedule(r.optimizer.lr, r.schedule.tMax, r.schedule.etaMin) : null;
    }

    /** Model options for the recipe's network: input, T, classes, loss, optimizer, schedule, variants, seed. */
    public static ModelOptions modelOptions(Recipe r) {
        ModelOptions o = ModelZoo.get(r.model).defaults()
                .input(r.channels, r.resolution.get(0), r.resolution.get(1))
                .timesteps(r.timesteps).classes(r.classes)
                .loss(LossKind.parse(r.loss)).labelSmoothing(r.labelSmoothing)
                .seed(r.seed);
        for (Map.Entry<String, String> e : r.variant.entrySet()) {
            o.variant(e.getKey(), e.getValue());
        }
        for (Map.Entry<String, String> e : r.attention.entrySet()) {
            o.attentionOption(e.getKey(), e.getValue());
        }
        return Optimizers.apply(o, r.optimizer.type, r.optimizer.lr, schedule(r), r.optimizer.weightDecay,
                r.optimizer.momentum, r.optimizer.momentumDecay);
    }
}
