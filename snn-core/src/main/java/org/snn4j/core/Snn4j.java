package org.snn4j.core;

import org.snn4j.core.backend.OneDnnHelpers;

/** Library-wide setup. */
public final class Snn4j {
    private Snn4j() {
    }

    /**
     * One documented call for projects that build DL4J networks without any snn4j layer in them:
     * turns on the oneDNN layer helpers (see {@link OneDnnHelpers}). Networks that contain an snn4j
     * layer get this automatically. Idempotent.
     */
    public static void init() {
        OneDnnHelpers.enable();
    }

    /** snn4j version, from the jar manifest (or "dev" when run from classes). */
    public static String version() {
        String v = Snn4j.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
