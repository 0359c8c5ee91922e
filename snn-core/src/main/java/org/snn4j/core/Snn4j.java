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

    /**
     * The git commit snn4j was built from ({@code snn4j-git.properties}, written at build time), or "unknown"
     * when built outside a git checkout.
     */
    public static String gitCommit() {
        try (java.io.InputStream in = Snn4j.class.getResourceAsStream("/snn4j-git.properties")) {
            if (in == null) {
                return "unknown";
            }
            java.util.Properties p = new java.util.Properties();
            p.load(in);
            String id = p.getProperty("git.commit.id", "unknown");
            return Boolean.parseBoolean(p.getProperty("git.dirty", "false")) ? id + " (uncommitted changes)" : id;
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
