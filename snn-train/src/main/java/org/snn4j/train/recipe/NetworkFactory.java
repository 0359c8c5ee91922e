package org.snn4j.train.recipe;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.schedule.ISchedule;
import org.snn4j.models.loss.LossKind;
import org.snn4j.models.optim.CosineAnnealingSchedule;
import org.snn4j.models.optim.Optimizers;
import org.snn4j.models.optim.ReduceLrOnPlateau;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;
import org.snn4j.train.TrainingException;
import org.snn4j.train.data.ExperimentData;

import java.util.Map;

/** The network of a resolved run configuration: zoo model, options, loss, optimizer and schedule. */
public final class NetworkFactory {
    private NetworkFactory() {
    }

    /** The zoo network for the resolved configuration, sized for the data. */
    public static Model build(Map<String, Object> cfg, ExperimentData data, long seed) {
        String name = String.valueOf(cfg.get("model"));
        ModelOptions o = ModelZoo.get(name).defaults()
                .input(2, data.train().height(), data.train().width())
                .timesteps(data.timesteps())
                .classes(data.train().numClasses())
                .widthMultiplier(num(cfg, "width_mult").doubleValue())
                .seed(seed);
        map(cfg, "variant").forEach((k, v) -> o.variant(k, String.valueOf(v)));
        map(cfg, "attention").forEach((k, v) -> o.attentionOption(k, String.valueOf(v)));
        try {
            if (cfg.get("loss") != null) {
                o.loss(LossKind.parse(String.valueOf(cfg.get("loss"))));
            }
            if (cfg.get("label_smoothing") instanceof Number) {
                o.labelSmoothing(num(cfg, "label_smoothing").doubleValue());
            }
            Map<String, Object> opt = map(cfg, "optimizer");
            double lr = num(cfg, "lr").doubleValue();
            Map<String, Object> schedule = map(cfg, "schedule");
            ISchedule lrSchedule = "cosine".equals(schedule.get("type")) ? new CosineAnnealingSchedule(lr,
                    num(schedule, "t_max").intValue(), num(schedule, "eta_min").doubleValue()) : null;
            Optimizers.apply(o, String.valueOf(opt.getOrDefault("type", "adam")), lr, lrSchedule,
                    numOr(opt, "weight_decay", 0), numOr(opt, "momentum", 0), numOr(opt, "momentum_decay", 0));
            return ModelZoo.build(name, o).init();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new TrainingException("cannot build " + name + " for this data (" + data.train().width() + "x"
                    + data.train().height() + ", T=" + data.timesteps() + "): " + e.getMessage(), e);
        }
    }

    /** The epoch-end learning-rate rule of the configuration that lives outside the updater (plateau), if any. */
    public static void attachSchedule(Model net, Map<String, Object> cfg) {
        Map<String, Object> schedule = map(cfg, "schedule");
        if ("plateau".equals(schedule.get("type"))) {
            net.addListeners(new ReduceLrOnPlateau(num(cfg, "lr").doubleValue(), num(schedule, "factor").doubleValue(),
                    num(schedule, "patience").intValue()));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> cfg, String key) {
        Object v = cfg.get(key);
        return v instanceof Map ? (Map<String, Object>) v : Map.of();
    }

    private static double numOr(Map<String, Object> cfg, String key, double fallback) {
        return cfg.get(key) instanceof Number ? ((Number) cfg.get(key)).doubleValue() : fallback;
    }

    private static Number num(Map<String, Object> cfg, String key) {
        return ExperimentData.number(cfg, key);
    }
}
