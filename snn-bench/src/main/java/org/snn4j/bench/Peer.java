package org.snn4j.bench;

import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The peer framework's side of a benchmark: the bundled {@code snn4j_peer.py} running one workload in
 * its own Python process, asked for one repetition at a time so that the caller can alternate them with
 * its own. The process is set up once (its answer names the exact peer versions) and ends on close.
 */
public final class Peer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The Python executable and the source-tree arguments the script gets. */
    public record Settings(String python, List<String> args) {
    }

    private final Process process;
    private final BufferedReader in;
    private final Writer cmd;
    private final JsonNode ready;
    private final Path script;
    private final StringBuilder stderrTail = new StringBuilder();
    private final Thread stderrDrain;

    private Peer(Process process, Path script) throws IOException, PeerUnavailable {
        this.process = process;
        this.script = script;
        this.in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        this.cmd = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        this.stderrDrain = new Thread(() -> drain(process.getErrorStream()), "peer-stderr");
        stderrDrain.setDaemon(true);
        stderrDrain.start();
        JsonNode first = readLine();
        if (first == null || !first.path("ready").asBoolean(false)) {
            String reason = lastError();
            close();
            throw new PeerUnavailable("peer set-up failed: " + reason);
        }
        this.ready = first;
    }

    /** Starts the peer for a workload with its arguments (e.g. "--T", "16"). */
    public static Peer start(Settings s, String workload, int threads, List<String> workloadArgs) throws PeerUnavailable {
        Path script = null;
        try {
            script = Files.createTempFile("snn4j_peer", ".py");
            try (InputStream r = Peer.class.getResourceAsStream("python/snn4j_peer.py")) {
                if (r == null) {
                    throw new PeerUnavailable("the peer script is missing from the snn-bench jar");
                }
                Files.copy(r, script, StandardCopyOption.REPLACE_EXISTING);
            }
            List<String> command = new ArrayList<>(List.of(s.python(), script.toString(), workload,
                    "--threads", String.valueOf(threads)));
            command.addAll(s.args());
            command.addAll(workloadArgs);
            ProcessBuilder pb = new ProcessBuilder(command);
            pb.environment().put("OMP_NUM_THREADS", String.valueOf(threads));
            return new Peer(pb.start(), script);
        } catch (IOException e) {
            deleteQuietly(script);
            throw new PeerUnavailable("cannot start " + s.python() + ": " + e.getMessage());
        }
    }

    /** The set-up answer: "env" (versions, commits, paths) and "workload". */
    public JsonNode ready() {
        return ready;
    }

    /** Runs one repetition; returns its answer ("s", "peak_rss_mib", "firing", ...). */
    public JsonNode rep() throws IOException {
        cmd.write("rep\n");
        cmd.flush();
        JsonNode r = readLine();
        if (r == null || !r.has("s")) {
            throw new IOException("peer repetition failed: " + lastError());
        }
        return r;
    }

    private JsonNode readLine() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            line = line.trim();
            if (line.startsWith("{")) {
                return JSON.readTree(line);
            }
        }
        return null;
    }

    private void drain(InputStream err) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(err, StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                synchronized (stderrTail) {
                    stderrTail.append(line).append('\n');
                    if (stderrTail.length() > 4000) {
                        stderrTail.delete(0, stderrTail.length() - 4000);
                    }
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** The last line the peer wrote to stderr (its Python error), for a one-line message. */
    private String lastError() {
        try {
            // the error is only complete once the process has ended and its stderr is drained to the end
            if (process.waitFor(2, TimeUnit.SECONDS)) {
                stderrDrain.join(2000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (stderrTail) {
            String[] lines = stderrTail.toString().trim().split("\n");
            String last = lines.length == 0 ? "" : lines[lines.length - 1];
            return last.isEmpty() ? "the peer process ended" : last;
        }
    }

    @Override
    public void close() {
        try {
            cmd.write("quit\n");
            cmd.flush();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
        }
        deleteQuietly(script);
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // a temp file
            }
        }
    }
}
