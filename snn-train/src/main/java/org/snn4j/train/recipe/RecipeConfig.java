package org.snn4j.train.recipe;

import org.snn4j.train.options.UsageException;
import org.snn4j.models.recipe.Recipe;
import org.snn4j.models.recipe.Recipes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A training recipe ({@link Recipe}: bundled name or JSON file) as run-configuration entries for
 * {@code snn train --recipe}: model, variant and attention options, dataset, T, batch, epochs, seed, loss,
 * label smoothing, optimizer and learning-rate schedule. The keys are those of the run's config.json; the
 * command's explicit options are applied on top of them.
 */
public final class RecipeConfig {
    /** The recipes' dataset names and the {@code snn train --dataset} names that read them. */
    private static final Map<String, String> DATASETS = Map.of(
            "synthetic", "synthetic", "dvs128-gesture", "dvsgesture", "cifar10-dvs", "cifar10dvs",
            "n-caltech101", "ncaltech101", "n-mnist", "nmnist", "fashion-mnist", "fashion-mnist");

    private RecipeConfig() {
    }

    /** Loads {@code nameOrFile}: an existing file (or any *.json path) is read as a recipe file, otherwise a bundled name. */
    public static Recipe load(String nameOrFile) throws UsageException {
        Path file = Path.of(nameOrFile);
        try {
            if (Files.isRegularFile(file) || nameOrFile.endsWith(".json")) {
                if (!Files.isRegularFile(file)) {
                    throw new UsageException("--recipe: file " + file + " not found (or give a bundled recipe name: "
                            + String.join(", ", Recipes.BUNDLED) + ")");
                }
                return Recipes.load(file);
            }
            return Recipes.load(nameOrFile);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--recipe: " + e.getMessage());
        } catch (IOException e) {
            throw new UsageException("--recipe: cannot read " + file + ": " + e.getMessage());
        }
    }

    /**
     * The run-configuration entries the recipe sets. Its dataset is given under snn train's name where
     * snn train reads it, otherwise as the recipe names it (which snn train then rejects unless --dataset
     * overrides it).
     */
    public static Map<String, Object> entries(Recipe r, String nameOrFile) {
        String dataset = DATASETS.getOrDefault(r.dataset, r.dataset);
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("recipe", nameOrFile);
        cfg.put("model", r.model);
        cfg.put("variant", new LinkedHashMap<>(r.variant));
        cfg.put("attention", new LinkedHashMap<>(r.attention));
        cfg.put("dataset", dataset);
        if (dataset.equals("synthetic") && r.resolution.get(0).equals(r.resolution.get(1))) {
            cfg.put("sensor", r.resolution.get(0));
        }
        cfg.put("epochs", r.epochs);
        cfg.put("batch", r.batch);
        cfg.put("timesteps", r.timesteps);
        cfg.put("seed", r.seed);
        cfg.put("loss", r.loss.toLowerCase(java.util.Locale.ROOT));
        cfg.put("label_smoothing", r.labelSmoothing);
        cfg.put("lr", r.optimizer.lr);
        Map<String, Object> opt = new LinkedHashMap<>();
        opt.put("type", r.optimizer.type);
        opt.put("weight_decay", r.optimizer.weightDecay);
        opt.put("momentum", r.optimizer.momentum);
        opt.put("momentum_decay", r.optimizer.momentumDecay);
        cfg.put("optimizer", opt);
        Map<String, Object> schedule = new LinkedHashMap<>();
        schedule.put("type", r.schedule.type);
        if (r.schedule.type.equals("cosine")) {
            schedule.put("t_max", r.schedule.tMax);
            schedule.put("eta_min", r.schedule.etaMin);
        } else if (r.schedule.type.equals("plateau")) {
            schedule.put("factor", r.schedule.factor);
            schedule.put("patience", r.schedule.patience);
        }
        cfg.put("schedule", schedule);
        return cfg;
    }
}
