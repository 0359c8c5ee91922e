package org.nd4j.nativeblas;

import java.lang.reflect.Method;

/**
 * Lookup fix for DL4J 1.0.0-M2.1, not an snn4j API; the only class of the {@code snn4j-dl4j-onednn-lookup}
 * artifact.
 *
 * <p>DL4J 1.0.0-M2.1's {@code BaseMKLDNNHelper} looks up {@code org.nd4j.nativeblas.Nd4jCpu$Environment}
 * to ask whether libnd4j was built with oneDNN, but no M2.1 jar contains that class (it moved to
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu}). Without it every oneDNN layer helper
 * (convolution, batch norm, pooling) stays null even when helpers are switched on. This class has exactly
 * the looked-up binary name and forwards to the real binding by reflection; on any other backend it
 * answers "no oneDNN". It lives in its own artifact because it sits in ND4J's package: only applications
 * that want the helpers put it on their classpath (snn's command line does). {@code OneDnnLookupCanaryTest}
 * fails the day DL4J stops needing it.
 */
public final class Nd4jCpu {
    private Nd4jCpu() {
    }

    /** Answers the two questions DL4J asks of the native environment. */
    public static final class Environment {
        private static final Environment INSTANCE = new Environment();

        private Environment() {
        }

        public static Environment getInstance() {
            return INSTANCE;
        }

        public boolean isUseMKLDNN() {
            return isUseONEDNN();
        }

        public boolean isUseONEDNN() {
            try {
                Class<?> env = Class.forName("org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment");
                Object real = env.getMethod("getInstance").invoke(null);
                Method m = env.getMethod("isUseONEDNN");
                return (Boolean) m.invoke(real);
            } catch (ReflectiveOperationException | LinkageError e) {
                return false;
            }
        }
    }
}
