package org.snn4j.spark;

import org.apache.spark.SparkConf;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Spark configuration snn4j starts a context with. Settings given as {@code spark.*} system properties
 * (or by {@code spark-submit}) win over these defaults.
 */
public final class SparkContexts {
    /**
     * What Spark 3.1 needs opened on Java 17 (the list later Spark versions pass themselves), and the Vector API
     * module of the fused neuron kernels: for the driver's command line and the executors' JVMs.
     */
    public static final String JAVA17_OPTIONS = String.join(" ",
            "--add-modules=jdk.incubator.vector",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
            "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
            "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED");

    private SparkContexts() {
    }

    /**
     * The configuration for {@code master}: executors get the Java 17 options, and as many ND4J threads as
     * {@code spark.executor.cores} when that is set; on a cluster master they also get the jar this class was
     * loaded from ({@code spark.jars}), unless spark-submit or the user set one.
     */
    public static SparkConf conf(String master, String appName) {
        SparkConf conf = new SparkConf().setMaster(master).setAppName(appName);
        conf.setIfMissing("spark.executor.extraJavaOptions", executorJavaOptions(""));
        conf.setIfMissing("spark.ui.enabled", "false");
        // ND4J's native threads default to every core of the machine in each executor; with several executors
        // per machine that oversubscribes it: one thread per executor core instead
        if (conf.contains("spark.executor.cores")) {
            conf.setIfMissing("spark.executorEnv.OMP_NUM_THREADS", conf.get("spark.executor.cores"));
        }
        if (!master.startsWith("local")) {
            Path jar = ownJar();
            if (jar != null && !conf.contains("spark.jars")) {
                conf.set("spark.jars", jar.toString());
            }
        }
        return conf;
    }

    /**
     * The executors' JVM options: the Java 17 options, DL4J's oneDNN helper switch as the driver has it (the
     * application's choice, e.g. the snn command's; speed only), then {@code extra}.
     */
    public static String executorJavaOptions(String extra) {
        String helpers = System.getProperty("org.eclipse.deeplearning4j.helpers.disable");
        return (JAVA17_OPTIONS + (helpers == null ? "" : " -Dorg.eclipse.deeplearning4j.helpers.disable=" + helpers)
                + " " + extra).trim();
    }

    /** The jar holding this class (the shaded snn-spark.jar when run from it), or null from a class folder. */
    static Path ownJar() {
        try {
            Path p = Path.of(SparkContexts.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isRegularFile(p) ? p : null;
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            return null;
        }
    }
}
