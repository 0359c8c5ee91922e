package org.snn4j.spark;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.train.TrainingRun;
import org.snn4j.train.options.TrainArguments;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spark standalone master and one worker on 127.0.0.1, started and stopped here by process id, train one
 * epoch with two executor JVMs. The worker's Spark installation (a SPARK_HOME made of the test class path's
 * library jars) holds none of snn4j's classes: the executors get them only through {@code spark.jars}.
 */
@Tag("spark")
class StandaloneClusterTest {
    private static final List<String> PROPS = List.of("spark.jars", "spark.driver.host", "spark.driver.bindAddress",
            "spark.executor.cores", "spark.cores.max", "spark.executor.memory", "spark.executor.extraJavaOptions");

    @Test
    @Timeout(value = 600, unit = TimeUnit.SECONDS)
    void aMasterAndAWorkerWithTwoExecutorsTrainOneEpoch(@TempDir Path dir) throws Exception {
        List<String> ours = new ArrayList<>();
        List<Path> libraries = new ArrayList<>();
        int n = 0;
        for (String entry : classPath()) {
            Path p = Path.of(entry);
            if (p.toString().contains("test-classes") || !Files.exists(p)) {
                continue;
            }
            if (isOurs(p)) {
                ours.add((Files.isDirectory(p) ? jarOf(p, dir.resolve("submitted").resolve("snn4j-" + (n++) + ".jar")) : p)
                        .toString());
            } else if (p.toString().endsWith(".jar")) {
                libraries.add(p);
            }
        }
        assertFalse(ours.isEmpty());
        try (LocalCluster cluster = LocalCluster.start(dir, libraries, 2, "3g")) {
            System.out.println("master pid " + cluster.masterPid() + ", worker pid " + cluster.workerPid());
            System.setProperty("spark.jars", String.join(",", ours));
            System.setProperty("spark.driver.host", "127.0.0.1");
            System.setProperty("spark.driver.bindAddress", "127.0.0.1");
            System.setProperty("spark.executor.cores", "1");
            System.setProperty("spark.cores.max", "2");
            System.setProperty("spark.executor.memory", "1g");
            System.setProperty("spark.executor.extraJavaOptions",
                    SparkContexts.executorJavaOptions("-Dorg.bytedeco.javacpp.maxbytes=2G"));
            Map<String, Object> cfg = TrainArguments.resolve(TrainArguments.parse(List.of("--spark", cluster.url(),
                    "--workers", "2", "--epochs", "1", "--train-size", "64", "--test-size", "32", "--timesteps", "3",
                    "--width-mult", "0.25")));
            long t0 = System.nanoTime();
            TrainingRun.Result r = TrainingRun.train(cfg, dir.resolve("run"), false, System.out, false);
            System.out.printf("standalone: one epoch in %.1f s (whole run with context start %.1f s), test accuracy %.4f%n",
                    r.epochs().get(0).seconds(), (System.nanoTime() - t0) / 1e9, r.finalTestAccuracy());
            assertEquals(1, r.epochs().size());
            assertTrue(Files.isRegularFile(r.dir().resolve("checkpoints/epoch-001.zip")));
            // two executor JVMs ran (one folder each under the worker's work dir), and they fetched our jars
            List<Path> executors;
            try (Stream<Path> s = Files.list(cluster.workDir())) {
                List<Path> apps = s.toList();
                assertEquals(1, apps.size(), "applications: " + apps);
                try (Stream<Path> e = Files.list(apps.get(0))) {
                    executors = e.filter(Files::isDirectory).toList();
                }
            }
            assertEquals(2, executors.size(), "executor folders: " + executors);
            for (Path e : executors) {
                try (Stream<Path> s = Files.list(e)) {
                    assertTrue(s.anyMatch(f -> f.getFileName().toString().startsWith("snn4j-")),
                            "executor " + e + " did not fetch the submitted jars");
                }
            }
        } finally {
            PROPS.forEach(System::clearProperty);
        }
    }

    private static List<String> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return List.of(cp.split(File.pathSeparator));
    }

    /** snn4j's own code: a module's class folder or an org/snn4j jar from the local repository. */
    private static boolean isOurs(Path p) {
        String s = p.toString().replace('\\', '/');
        return s.endsWith("/classes") || s.contains("/org/snn4j/");
    }

    private static Path jarOf(Path classes, Path jar) throws IOException {
        Files.createDirectories(jar.getParent());
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(o, m);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }
}
