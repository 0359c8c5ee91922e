package org.snn4j.core.backend;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;

import java.lang.reflect.Field;

/**
 * DL4J's oneDNN layer helpers (convolution, batch norm, pooling) on the CPU backend: an explicit,
 * application-wide choice that snn4j never makes by itself.
 *
 * <p>DL4J 1.0.0-M2.1 keeps them off unless the system property {@value #DL4J_PROPERTY} is "false"; it reads
 * that property each time a layer is built or restored, for every network of the JVM. With them off,
 * convolutions train 3-9x slower and need 5-10x the memory (docs/performance.md). M2.1 also needs the
 * {@code snn4j-dl4j-onednn-lookup} artifact on the classpath to find them at all. Networks train correctly
 * either way: the helpers change speed and memory, not results.
 *
 * <p>{@link #enable()} is the one call that switches them on; the {@code snn} command makes it at start-up.
 * Loading snn4j classes never does.
 */
public final class OneDnnHelpers {
    /** DL4J's own switch (default "true" = helpers disabled). */
    public static final String DL4J_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";
    /** Binary name DL4J M2.1 looks up to find out whether libnd4j has oneDNN. */
    static final String LOOKUP_CLASS = "org.nd4j.nativeblas.Nd4jCpu$Environment";
    private static final String NATIVE_BINDING = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment";

    private OneDnnHelpers() {
    }

    /**
     * Switches DL4J's layer helpers on for every network built or restored from now on in this JVM, unless the
     * application already set {@value #DL4J_PROPERTY}. Returns whether oneDNN helpers will actually be used
     * ({@link #available()}).
     */
    public static boolean enable() {
        if (System.getProperty(DL4J_PROPERTY) == null) {
            System.setProperty(DL4J_PROPERTY, "false");
        }
        return requested() && available();
    }

    /** Whether layers built from now on will ask for helpers. */
    public static boolean requested() {
        return !Boolean.parseBoolean(System.getProperty(DL4J_PROPERTY, "true"));
    }

    /** Whether helpers can be found: the loaded libnd4j has oneDNN and DL4J's lookup class is on the classpath. */
    public static boolean available() {
        return nativeSupport() && lookupFixPresent();
    }

    /** Whether the {@code snn4j-dl4j-onednn-lookup} class DL4J M2.1 looks up is on the classpath. */
    public static boolean lookupFixPresent() {
        try {
            Class.forName(LOOKUP_CLASS, false, OneDnnHelpers.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    /** Whether the loaded ND4J backend is the CPU one and its libnd4j was built with oneDNN. */
    public static boolean nativeSupport() {
        if (!"CPU".equalsIgnoreCase(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"))) {
            return false;
        }
        try {
            Class<?> env = Class.forName(NATIVE_BINDING);
            Object real = env.getMethod("getInstance").invoke(null);
            return (Boolean) env.getMethod("isUseONEDNN").invoke(real);
        } catch (ReflectiveOperationException | LinkageError e) {
            return false;
        }
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
