package org.snn4j.core.backend;

import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where snn4j's hand-written Java kernels (fused neurons, fused blocks, the fused SMA) may run: they read and
 * write array memory directly, which is host memory only on ND4J's CPU backend. On any other backend (CUDA)
 * a layer with a SameDiff form uses that form, and a layer without one refuses to run; each such decision is
 * logged once per layer kind.
 */
public final class JavaKernels {
    private static final Logger LOG = LoggerFactory.getLogger(JavaKernels.class);
    private static final Set<String> LOGGED = ConcurrentHashMap.newKeySet();

    private JavaKernels() {
    }

    /** ND4J's name for the loaded backend ("CPU", "CUDA", ...). */
    public static String backendName() {
        return String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend"));
    }

    /** Whether arrays of the backend called {@code backend} live in host memory the Java kernels can address. */
    public static boolean hostMemory(String backend) {
        return "CPU".equals(backend.toUpperCase(Locale.ROOT));
    }

    /** Whether a layer that has a SameDiff form should use its fused form on the loaded backend. */
    public static boolean useFused(String layerKind) {
        return useFused(layerKind, backendName());
    }

    /** {@link #useFused(String)} for a given backend name (the seam the tests use). */
    public static boolean useFused(String layerKind, String backend) {
        if (hostMemory(backend)) {
            return true;
        }
        if (LOGGED.add(layerKind)) {
            LOG.info("snn4j: {} uses its SameDiff implementation: the fused Java kernels need host memory, and the "
                    + "ND4J backend is {}", layerKind, backend);
        }
        return false;
    }

    /** For a layer that only exists as fused Java kernels: refuses a backend without host memory. */
    public static void require(String layerKind) {
        require(layerKind, backendName());
    }

    /** {@link #require(String)} for a given backend name. */
    public static void require(String layerKind, String backend) {
        if (!hostMemory(backend)) {
            throw new IllegalStateException(layerKind + " exists only as fused Java kernels, which need ND4J's CPU "
                    + "backend (host memory); the loaded backend is " + backend
                    + ": build the network from its unfused layers instead");
        }
    }
}
