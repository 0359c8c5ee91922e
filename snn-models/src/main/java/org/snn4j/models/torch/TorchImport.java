package org.snn4j.models.torch;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.torch.TorchName;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;
import org.snn4j.models.zoo.ZooConfiguration;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * PyTorch weights into a zoo network: reads a {@code torch.save} state dict ({@link TorchStateDict}), builds
 * the zoo network for the official variant, and loads every tensor through the name table; a missing, extra
 * or wrongly shaped tensor is refused with its name. Models: {@code spiking-vgg}, {@code sma-vgg},
 * {@code sma-azo-vgg} ({@link SmaVggTorchNames}).
 */
public final class TorchImport {
    /** The zoo models the importer has a name table for. */
    public static final List<String> MODELS = List.of("spiking-vgg", "sma-vgg", "sma-azo-vgg");

    private TorchImport() {
    }

    /** The zoo options of the official variant (T, classes, AZO's RCR) on top of the model's defaults. */
    public static ModelOptions options(String model, SmaVggTorchNames.Variant variant) {
        requireModel(model);
        ModelOptions o = ModelZoo.get(model).defaults().timesteps(variant.timesteps).classes(variant.classes);
        if (model.equals("sma-azo-vgg")) {
            o.attentionOption("rtr", "4").attentionOption("rcr", String.valueOf(variant.rcr));
        }
        return o;
    }

    /** Reads {@code file} and returns the network of {@code model} built with {@code options}, holding its weights. */
    public static MultiLayerNetwork load(Path file, String model, SmaVggTorchNames.Variant variant, ModelOptions options)
            throws IOException {
        requireModel(model);
        Map<String, INDArray> sd = TorchStateDict.read(file).tensors();
        ZooConfiguration conf = ModelZoo.build(model, options);
        MultiLayerNetwork net = (MultiLayerNetwork) conf.init();
        try {
            load(net, sd, SmaVggTorchNames.of(variant, conf));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
        return net;
    }

    /** Writes the state dict into {@code net} by {@code table}: every row must be present, nothing else. */
    public static void load(MultiLayerNetwork net, Map<String, INDArray> stateDict, List<TorchName> table) {
        Set<String> extra = new LinkedHashSet<>(stateDict.keySet());
        for (TorchName r : table) {
            INDArray t = stateDict.get(r.torch());
            if (t == null) {
                throw new IllegalArgumentException("state dict has no tensor '" + r.torch() + "' (expected shape "
                        + Arrays.toString(r.shape()) + ")");
            }
            if (!Arrays.equals(t.shape(), r.shape())) {
                throw new IllegalArgumentException("tensor '" + r.torch() + "' has shape " + Arrays.toString(t.shape())
                        + ", the network needs " + Arrays.toString(r.shape()));
            }
            extra.remove(r.torch());
            if (r.param() != null) {
                INDArray p = net.getParam(r.param());
                if (p == null) {
                    throw new IllegalStateException("name table row " + r + ": the network has no parameter " + r.param());
                }
                r.layout().write(t, p, r.part());
            }
        }
        if (!extra.isEmpty()) {
            throw new IllegalArgumentException("state dict has tensors the network does not have: " + extra);
        }
    }

    private static void requireModel(String model) {
        if (!MODELS.contains(model)) {
            throw new IllegalArgumentException("no PyTorch name table for model '" + model + "'; importable: "
                    + String.join(", ", MODELS));
        }
    }
}
