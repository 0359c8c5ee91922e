package org.snn4j.spark;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone master and one worker on 127.0.0.1, each its own JVM, started from a given set of
 * library jars (made into the worker's SPARK_HOME/jars) and stopped by process id, with the executors the
 * worker started. For tests and {@code snn bench spark}; a real cluster is started with Spark's own scripts.
 */
public final class LocalCluster implements AutoCloseable {
    private final Process master;
    private final Process worker;
    private final String url;
    private final Path workDir;

    private LocalCluster(Process master, Process worker, String url, Path workDir) {
        this.master = master;
        this.worker = worker;
        this.url = url;
        this.workDir = workDir;
    }

    /**
     * Starts the master, then a worker offering {@code cores} cores and {@code memory} (e.g. "3g"), and waits
     * until the master listens.
     *
     * @param dir  scratch folder (SPARK_HOME, logs, the worker's work dir)
     * @param jars the Spark installation's jars: what master, worker and executors have on their class path
     */
    public static LocalCluster start(Path dir, List<Path> jars, int cores, String memory) throws IOException {
        Path sparkHome = dir.resolve("spark-home");
        Path jarDir = Files.createDirectories(sparkHome.resolve("jars"));
        int n = 0;
        for (Path j : jars) {
            Files.createSymbolicLink(jarDir.resolve((n++) + "-" + j.getFileName()), j.toAbsolutePath());
        }
        Path workDir = Files.createDirectories(dir.resolve("work"));
        String java = ProcessHandle.current().info().command().orElse("java");
        int port = freePort();
        String url = "spark://127.0.0.1:" + port;
        Process master = start(dir, "master", sparkHome, java, "org.apache.spark.deploy.master.Master",
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(freePort()));
        try {
            awaitPort(port, 120, master, dir.resolve("master.log"));
            Process worker = start(dir, "worker", sparkHome, java, "org.apache.spark.deploy.worker.Worker",
                    "--host", "127.0.0.1", "--cores", Integer.toString(cores), "--memory", memory,
                    "--work-dir", workDir.toString(), "--webui-port", Integer.toString(freePort()), url);
            return new LocalCluster(master, worker, url, workDir);
        } catch (IOException | RuntimeException e) {
            stop(master);
            throw e;
        }
    }

    /** The master URL, spark://127.0.0.1:PORT. */
    public String url() {
        return url;
    }

    /** The worker's work dir: one folder per application, one per executor inside it. */
    public Path workDir() {
        return workDir;
    }

    public long masterPid() {
        return master.pid();
    }

    public long workerPid() {
        return worker.pid();
    }

    @Override
    public void close() {
        stop(worker);
        stop(master);
    }

    private static Process start(Path dir, String name, Path sparkHome, String java, String... mainAndArgs)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx512m"));
        cmd.addAll(List.of(SparkContexts.JAVA17_OPTIONS.split(" ")));
        cmd.addAll(List.of("-cp", sparkHome.resolve("jars") + File.separator + "*"));
        cmd.addAll(List.of(mainAndArgs));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        pb.environment().put("SPARK_HOME", sparkHome.toString());
        // what Spark's launcher would read from a distribution's layout
        pb.environment().put("SPARK_SCALA_VERSION", "2.12");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    /** Stops a process and what it started (a worker's executors) by process id. */
    private static void stop(Process p) {
        List<ProcessHandle> children = p.toHandle().descendants().toList();
        p.destroy();
        try {
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        for (ProcessHandle c : children) {
            if (c.isAlive()) {
                c.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static void awaitPort(int port, int seconds, Process p, Path log) throws IOException {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < end) {
            if (!p.isAlive()) {
                throw new IOException("the Spark master exited: " + Files.readString(log));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 500);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(500);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the Spark master", ie);
                }
            }
        }
        throw new IOException("the Spark master did not listen on port " + port + " within " + seconds + " s");
    }
}
