package org.snn4j.core.backend;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;

/**
 * Turns on DL4J's oneDNN layer helpers (convolution, batch norm, pooling) on the CPU backend.
 *
 * <p>DL4J 1.0.0-M2.1 disables them by default through the system property
 * {@value #DL4J_PROPERTY}; with them off, convolutions train 3-9x slower and need 5-10x the memory
 * (dl4j-notes §10). {@link #enable()} sets that property (read by DL4J each time a layer is built or
 * restored) and relies on the {@code org.nd4j.nativeblas.Nd4jCpu} shim in this module for the lookup
 * M2.1 gets wrong. It is called automatically by every snn4j layer configuration, so any network
 * containing an snn4j layer gets the helpers; call it yourself before building a network without one.
 *
 * <p>Switch: {@code -Dsnn4j.onednn=false} keeps DL4J's built-in (helper-less) code paths.
 */
public final class OneDnnHelpers {
    /** DL4J's own switch (default "true" = helpers disabled). */
    public static final String DL4J_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** snn4j's switch: set to "false" to keep helpers off. */
    public static final String SNN4J_PROPERTY = "snn4j.onednn";

    private OneDnnHelpers() {
    }

    /** Enables the helpers unless {@code -Dsnn4j.onednn=false} or the user set DL4J's property. */
    public static void enable() {
        if (!Boolean.parseBoolean(System.getProperty(SNN4J_PROPERTY, "true"))) {
            return;
        }
        if (System.getProperty(DL4J_PROPERTY) == null) {
            System.setProperty(DL4J_PROPERTY, "false");
        }
    }

    /** Whether layers built from now on will ask for helpers. */
    public static boolean requested() {
        return !Boolean.parseBoolean(System.getProperty(DL4J_PROPERTY, "true"));
    }

    /** Whether the loaded libnd4j was built with oneDNN (always false on CUDA). */
    public static boolean nativeSupport() {
        return "CPU".equalsIgnoreCase(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"))
                && org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseONEDNN();
    }

    /** The helper object of a built layer (e.g. MKLDNNConvHelper), or null when it runs without one. */
    public static Object helperOf(Layer layer) {
        for (Class<?> c = layer.getClass(); c != null; c = c.getSuperclass()) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals("helper")) {
                    try {
                        f.setAccessible(true);
                        return f.get(layer);
                    } catch (IllegalAccessException e) {
                        return null;
                    }
                }
            }
        }
        return null;
    }

    /** Layers of a network, for helper inspection. */
    public static Layer[] layersOf(Model model) {
        if (model instanceof MultiLayerNetwork) {
            return ((MultiLayerNetwork) model).getLayers();
        }
        if (model instanceof ComputationGraph) {
            return ((ComputationGraph) model).getLayers();
        }
        throw new IllegalArgumentException("Not a DL4J network: " + model.getClass().getName());
    }
}
