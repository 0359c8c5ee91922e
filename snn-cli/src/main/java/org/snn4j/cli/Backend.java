package org.snn4j.cli;

import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.backend.OneDnnHelpers;

/**
 * Starts the ND4J backend the jar was built with (the cpu, platform or cuda profile) before a command runs,
 * so that a backend that cannot load (CUDA without a GPU or driver) is one line and exit 1, not a native
 * stack trace; then makes the application's oneDNN choice.
 */
final class Backend {
    private static boolean started;

    private Backend() {
    }

    static synchronized void start() {
        if (started) {
            return;
        }
        String name;
        try {
            name = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
        } catch (Throwable t) {
            throw new CliFailure("the ND4J backend could not start" + (mentionsCuda(t)
                    ? " (this snn was built with -Pcuda: it needs an NVIDIA GPU with a CUDA 11.6 driver; "
                    + "rebuild without -Pcuda for the CPU)" : "") + ": " + Failures.describe(t));
        }
        if ("CPU".equalsIgnoreCase(name)) {
            OneDnnHelpers.enable();
        }
        started = true;
    }

    private static boolean mentionsCuda(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            String m = String.valueOf(c.getMessage()).toLowerCase(java.util.Locale.ROOT);
            if (m.contains("cuda") || m.contains("jcublas") || m.contains("nvidia")) {
                return true;
            }
        }
        try {
            Class.forName("org.nd4j.linalg.jcublas.JCublasBackend", false, Backend.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }
}
