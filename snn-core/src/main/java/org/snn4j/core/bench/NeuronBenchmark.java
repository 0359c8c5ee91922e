package org.snn4j.core.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.MirroringPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.neuron.LinearNeuronKernel;
import org.snn4j.core.neuron.NeuronImplementation;
import org.snn4j.core.neuron.fast.FloatNeuronKernel;
import org.snn4j.core.surrogate.ATan;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Benchmark of one LIF layer, forward + BPTT backward, called at the DL4J layer level (activate +
 * backpropGradient) on a time-folded float32 input [T*N, C, H, W], in the setting of SpikingJelly's CPU
 * baseline (shared/spec/peers.md §B, shared/bench/peer_spikingjelly.py): LIFNode(tau=2, v_th=1, v_reset=0,
 * decay_input, ATan(2), detach_reset=True), input U(0,2), backward seeded with U(0,1).
 *
 * <p>Prints and writes (JSON and CSV) the median/min/max ms per iteration for fwd+bwd, fwd and bwd, the
 * throughput, the firing rate, peak RSS (VmHWM) and peak JavaCPP off-heap bytes, and the ratios to
 * SpikingJelly's 1306.7 ms and 1262 MiB. Options: {@code --T 16 --N 16 --C 64 --H 32 --W 32 --warmup 5
 * --iters 20 --workspaces true|false --impl fused|samediff --kernel auto|vector|scalar --out target/bench/neuron.json}.
 */
public final class NeuronBenchmark {
    /** SpikingJelly torch backend, same shape, same machine class (peers.md §B). */
    static final double SPIKINGJELLY_MS = 1306.7;
    static final double SPIKINGJELLY_PEAK_RSS_MIB = 1262;

    private NeuronBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opt = parse(args);
        int t = Integer.parseInt(opt.getOrDefault("T", "16"));
        int n = Integer.parseInt(opt.getOrDefault("N", "16"));
        int c = Integer.parseInt(opt.getOrDefault("C", "64"));
        int h = Integer.parseInt(opt.getOrDefault("H", "32"));
        int w = Integer.parseInt(opt.getOrDefault("W", "32"));
        int warmup = Integer.parseInt(opt.getOrDefault("warmup", "5"));
        int iters = Integer.parseInt(opt.getOrDefault("iters", "20"));
        NeuronImplementation impl = NeuronImplementation.valueOf(opt.getOrDefault("impl", "fused").toUpperCase(Locale.ROOT));
        String kernel = opt.getOrDefault("kernel", "auto");
        if (!kernel.equals("auto")) {
            System.setProperty("snn4j.neuron.kernel", kernel);
        }
        Path out = Paths.get(opt.getOrDefault("out", "target/bench/neuron.json"));

        String loadAtStart = loadAverage();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        LIFNeuron lif = new LIFNeuron.Builder().timesteps(t).tau(2.0).vThreshold(1.0).vReset(0.0).decayInput(true)
                .detachReset(true).surrogate(new ATan(2.0)).implementation(impl).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).updater(new NoOp())
                .list().layer(lif).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Layer layer = net.getLayer(0);
        boolean workspaces = Boolean.parseBoolean(opt.getOrDefault("workspaces", "true"));
        LayerWorkspaceMgr mgr = workspaces ? workspaceManager() : LayerWorkspaceMgr.noWorkspaces();
        Nd4j.getRandom().setSeed(0);
        INDArray x = Nd4j.rand(DataType.FLOAT, (long) t * n, c, h, w).muli(2.0);
        INDArray g = Nd4j.rand(DataType.FLOAT, (long) t * n, c, h, w);
        long elements = x.length();

        List<Double> total = new ArrayList<>();
        List<Double> fwd = new ArrayList<>();
        List<Double> bwd = new ArrayList<>();
        double firingRate = Double.NaN;
        long peakOffHeap = 0;
        for (int i = 0; i < warmup + iters; i++) {
            long t0;
            long t1;
            long t2;
            // as MultiLayerNetwork does: activations and gradients live in workspaces reused every iteration
            try (MemoryWorkspace act = mgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
                t0 = System.nanoTime();
                layer.setInput(x, mgr);
                INDArray s = layer.activate(true, mgr);
                t1 = System.nanoTime();
                peakOffHeap = Math.max(peakOffHeap, offHeapBytes());
                try (MemoryWorkspace grad = mgr.notifyScopeEntered(ArrayType.ACTIVATION_GRAD)) {
                    INDArray dx = layer.backpropGradient(g, mgr).getSecond();
                    t2 = System.nanoTime();
                    peakOffHeap = Math.max(peakOffHeap, offHeapBytes());
                    if (i == 0) {
                        firingRate = s.meanNumber().doubleValue();
                        if (!(dx.norm2Number().doubleValue() > 0)) {
                            throw new IllegalStateException("backward produced a zero gradient");
                        }
                    }
                }
            }
            if (i >= warmup) {
                total.add((t2 - t0) / 1e6);
                fwd.add((t1 - t0) / 1e6);
                bwd.add((t2 - t1) / 1e6);
            }
        }
        double median = median(total);
        double kernelMedian = impl == NeuronImplementation.FUSED ? kernelOnly(lif, x, g, warmup, iters) : Double.NaN;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("benchmark", "neuron");
        r.put("layer", "LIFNeuron(tau=2, v_th=1, v_reset=0, decay_input, ATan(2), detach_reset) " + impl);
        r.put("kernel", impl == NeuronImplementation.FUSED ? FloatNeuronKernel.get().name() : "samediff");
        r.put("input_shape", "[" + t * n + "," + c + "," + h + "," + w + "] (T=" + t + ", N=" + n + ")");
        r.put("dtype", "float32");
        r.put("workspaces", workspaces);
        r.put("threads", Runtime.getRuntime().availableProcessors());
        r.put("warmup", warmup);
        r.put("iters", iters);
        r.put("fwd_bwd_ms_median", median);
        r.put("fwd_bwd_ms_min", min(total));
        r.put("fwd_bwd_ms_max", max(total));
        r.put("fwd_ms_median", median(fwd));
        r.put("bwd_ms_median", median(bwd));
        r.put("kernel_only_fwd_bwd_ms_median", kernelMedian);
        r.put("throughput_Melem_per_s", elements / (median / 1e3) / 1e6);
        r.put("firing_rate", firingRate);
        r.put("peak_rss_mib", procStatusMib("VmHWM"));
        r.put("peak_offheap_mib", peakOffHeap / 1048576.0);
        r.put("heap_max_mib", Runtime.getRuntime().maxMemory() / 1048576.0);
        r.put("spikingjelly_fwd_bwd_ms", SPIKINGJELLY_MS);
        r.put("speedup_vs_spikingjelly", SPIKINGJELLY_MS / median);
        r.put("spikingjelly_peak_rss_mib", SPIKINGJELLY_PEAK_RSS_MIB);
        r.put("loadavg_at_start", loadAtStart);
        r.put("loadavg_at_end", loadAverage());
        r.put("fwd_bwd_ms_all", total.toString());
        for (Map.Entry<String, Object> e : r.entrySet()) {
            System.out.printf(Locale.ROOT, "%-28s %s%n", e.getKey(), format(e.getValue()));
        }
        write(out, r);
        System.out.println("results written to " + out.toAbsolutePath() + " and " + csvPath(out).toAbsolutePath());
    }

    /**
     * The fused float kernel alone on preallocated arrays (no DL4J call, no output allocation): the part of
     * the layer time that is the neuron computation itself.
     */
    private static double kernelOnly(LIFNeuron lif, INDArray x, INDArray g, int warmup, int iters) {
        FloatNeuronKernel kernel = FloatNeuronKernel.get();
        LinearNeuronKernel k = lif.kernel();
        INDArray s = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        INDArray dx = Nd4j.createUninitialized(DataType.FLOAT, x.shape());
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < warmup + iters; i++) {
            long t0 = System.nanoTime();
            kernel.forward(k, x, s, lif.getTimesteps());
            kernel.backward(k, x, g, dx, lif.getTimesteps(), false);
            if (i >= warmup) {
                times.add((System.nanoTime() - t0) / 1e6);
            }
        }
        return median(times);
    }

    /** Workspaces for the layer's activations and gradients, configured like DL4J's networks configure them. */
    private static LayerWorkspaceMgr workspaceManager() {
        WorkspaceConfiguration wsc = WorkspaceConfiguration.builder().initialSize(0).overallocationLimit(0.05)
                .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP)
                .policyMirroring(MirroringPolicy.FULL).policySpill(SpillPolicy.REALLOCATE).policyReset(ResetPolicy.BLOCK_LEFT)
                .build();
        LayerWorkspaceMgr.Builder b = LayerWorkspaceMgr.builder()
                .with(ArrayType.ACTIVATIONS, "NEURON_BENCH_ACT", wsc)
                .with(ArrayType.ACTIVATION_GRAD, "NEURON_BENCH_GRAD", wsc);
        for (ArrayType t : ArrayType.values()) {
            if (t != ArrayType.ACTIVATIONS && t != ArrayType.ACTIVATION_GRAD) {
                b.noWorkspaceFor(t);
            }
        }
        return b.build();
    }

    /** ND4J's off-heap bytes in use on the CPU device. */
    private static long offHeapBytes() {
        return Nd4j.getMemoryManager().allocatedMemory(0);
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --name value pairs, got " + Arrays.toString(args));
            }
            m.put(args[i].substring(2), args[++i]);
        }
        return m;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }

    /** A "VmXxx: N kB" line of /proc/self/status in MiB, or NaN where there is no /proc. */
    static double procStatusMib(String key) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith(key + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    /** The 1/5/15-minute load averages (other jobs on a shared machine slow every timing), or "n/a". */
    static String loadAverage() {
        try {
            String[] f = Files.readAllLines(Paths.get("/proc/loadavg")).get(0).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static String format(Object v) {
        return v instanceof Double ? String.format(Locale.ROOT, "%.3f", (Double) v) : String.valueOf(v);
    }

    private static Path csvPath(Path json) {
        String name = json.getFileName().toString().replaceFirst("\\.json$", "");
        return json.resolveSibling(name + ".csv");
    }

    private static void write(Path json, Map<String, Object> r) throws IOException {
        if (json.getParent() != null) {
            Files.createDirectories(json.getParent());
        }
        StringBuilder j = new StringBuilder("{\n");
        StringBuilder header = new StringBuilder();
        StringBuilder row = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, Object> e : r.entrySet()) {
            boolean number = e.getValue() instanceof Number;
            String v = number ? format(e.getValue()) : "\"" + String.valueOf(e.getValue()).replace("\"", "'") + "\"";
            j.append("  \"").append(e.getKey()).append("\": ").append(v).append(i < r.size() - 1 ? ",\n" : "\n");
            header.append(i > 0 ? "," : "").append(e.getKey());
            row.append(i > 0 ? "," : "").append(number ? format(e.getValue()) : "\"" + String.valueOf(e.getValue()).replace("\"", "'") + "\"");
            i++;
        }
        j.append("}\n");
        Files.write(json, j.toString().getBytes(StandardCharsets.UTF_8));
        Files.write(csvPath(json), (header + "\n" + row + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
