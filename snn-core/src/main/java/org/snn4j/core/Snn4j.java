package org.snn4j.core;

/** Facts about the snn4j library itself. */
public final class Snn4j {
    private Snn4j() {
    }

    /** snn4j version, from the jar manifest (or "dev" when run from classes). */
    public static String version() {
        String v = Snn4j.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
