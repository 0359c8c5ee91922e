package org.snn4j.bench.neuron;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.MirroringPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.snn4j.bench.Bandwidth;
import org.snn4j.bench.BenchOptions;
import org.snn4j.bench.Benchmark;
import org.snn4j.bench.Machine;
import org.snn4j.bench.Peer;
import org.snn4j.bench.PeerUnavailable;
import org.snn4j.bench.ProcessMemory;
import org.snn4j.bench.Results;
import org.snn4j.bench.SameRun;
import org.snn4j.bench.Stats;
import org.snn4j.bench.ThreadScaling;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.neuron.NeuronImplementation;
import org.snn4j.core.neuron.fast.FloatNeuronKernel;
import org.snn4j.core.surrogate.ATan;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One LIF layer, forward + BPTT backward, at the DL4J layer level (activate + backpropGradient, activations
 * and gradients in workspaces as a network uses them) on a time-folded float32 input [T*N, C, H, W]:
 * LIF(tau=2, v_th=1, v_reset=0, decay_input, ATan(2), detach_reset), input U(0,2), backward seeded with
 * U(0,1). The peer is SpikingJelly's multi-step LIFNode (torch backend) on the same shape, alternated with
 * ours. Also reports the firing rate, the memory-bandwidth floor of the same process (a triad over arrays
 * of the layer's size: forward reads x and writes s, backward reads x and the gradient and writes dx, so at
 * least 5 arrays move) and the 1- vs 2-thread scaling of both sides.
 */
public final class NeuronBenchmark implements Benchmark {
    static final int MOVED_ARRAYS = 5;

    @Override
    public String name() {
        return "neuron";
    }

    @Override
    public String summary() {
        return "one LIF layer forward+backward, T=16 N=16 C=64 32x32, vs SpikingJelly's LIFNode in the same run, "
                + "with the memory-bandwidth floor and 1 vs 2 thread scaling";
    }

    @Override
    public Options options() {
        Options o = new Options();
        for (String[] d : new String[][]{{"T", "16", "time steps"}, {"N", "16", "batch"}, {"C", "64", "channels"},
                {"H", "32", "height"}, {"W", "32", "width"}}) {
            o.addOption(Option.builder().longOpt(d[0]).hasArg().argName("N").desc(d[2] + " (default " + d[1] + ")").build());
        }
        o.addOption(Option.builder().longOpt("impl").hasArg().argName("fused|samediff").desc("our implementation (default fused)").build());
        o.addOption(Option.builder().longOpt("kernel").hasArg().argName("auto|vector|scalar").desc("fused kernel (default auto)").build());
        o.addOption(Option.builder().longOpt("scaling-reps").hasArg().argName("N")
                .desc("repetitions per thread count for the 1 vs 2 thread scaling; 0 skips it (default 5)").build());
        return BenchOptions.add(o, "snn-bench-results/neuron.json", 3, 10, "spikingjelly");
    }

    @Override
    public void run(CommandLine cl, PrintStream out) throws IOException {
        int t = BenchOptions.intOption(cl, "T", 16, 1);
        int n = BenchOptions.intOption(cl, "N", 16, 1);
        int c = BenchOptions.intOption(cl, "C", 64, 1);
        int h = BenchOptions.intOption(cl, "H", 32, 1);
        int w = BenchOptions.intOption(cl, "W", 32, 1);
        int warmup = BenchOptions.intOption(cl, "warmup", 3, 0);
        int reps = BenchOptions.intOption(cl, "reps", 10, 1);
        int scalingReps = BenchOptions.intOption(cl, "scaling-reps", 5, 0);
        NeuronImplementation impl = implementation(cl.getOptionValue("impl", "fused"));
        String kernel = cl.getOptionValue("kernel", "auto");
        if (!List.of("auto", "vector", "scalar").contains(kernel)) {
            throw new IllegalArgumentException("--kernel expects auto, vector or scalar, got '" + kernel + "'");
        }
        String previousKernel = System.getProperty("snn4j.neuron.kernel");
        if (!kernel.equals("auto")) {
            System.setProperty("snn4j.neuron.kernel", kernel);
        }
        try {
            run(cl, out, new int[]{t, n, c, h, w}, warmup, reps, scalingReps, impl);
        } finally {
            if (previousKernel == null) {
                System.clearProperty("snn4j.neuron.kernel");
            } else {
                System.setProperty("snn4j.neuron.kernel", previousKernel);
            }
        }
    }

    private void run(CommandLine cl, PrintStream out, int[] shape, int warmup, int reps, int scalingReps,
                     NeuronImplementation impl) throws IOException {
        int t = shape[0];
        int n = shape[1];
        Results res = new Results(name(), cl);
        out.println("machine: " + Machine.oneLine() + "; load " + Machine.loadAverage());
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        LIFNeuron lif = new LIFNeuron.Builder().timesteps(t).tau(2.0).vThreshold(1.0).vReset(0.0).decayInput(true)
                .detachReset(true).surrogate(new ATan(2.0)).implementation(impl).build();
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).updater(new NoOp())
                .list().layer(lif).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Layer layer = net.getLayer(0);
        LayerWorkspaceMgr mgr = workspaceManager();
        Nd4j.getRandom().setSeed(0);
        INDArray x = Nd4j.rand(DataType.FLOAT, (long) t * n, shape[2], shape[3], shape[4]).muli(2.0);
        INDArray g = Nd4j.rand(DataType.FLOAT, (long) t * n, shape[2], shape[3], shape[4]);
        long elements = x.length();
        double[] firing = {Double.NaN};
        List<Double> fwd = new ArrayList<>();
        SameRun.Rep ours = i -> {
            double[] fb = step(layer, mgr, x, g, firing);
            fwd.add(fb[0]);
            return fb[0] + fb[1];
        };

        String peerReason = null;
        Peer peer = null;
        List<String> peerArgs = List.of("--T", "" + t, "--N", "" + n, "--C", "" + shape[2], "--H", "" + shape[3], "--W", "" + shape[4]);
        int cores = Runtime.getRuntime().availableProcessors();
        try {
            peer = Peer.start(BenchOptions.peer(cl, "spikingjelly"), "lif", cores, peerArgs);
            res.put("peer", peer.ready());
        } catch (PeerUnavailable e) {
            peerReason = e.getMessage();
            res.put("peer", "not measured: " + peerReason);
        }
        Map<String, Object> s = res.section("snn4j");
        s.put("layer", "LIFNeuron(tau=2, v_th=1, v_reset=0, decay_input, ATan(2), detach_reset) " + impl);
        s.put("kernel", impl == NeuronImplementation.FUSED ? FloatNeuronKernel.get().name() : "samediff");
        SameRun.Rep scalingRep = i -> {
            double[] fb = step(layer, mgr, x, g, new double[]{0});
            return fb[0] + fb[1];
        };
        try {
            report(cl, out, res, peer, peerReason, ours, fwd, firing, shape, elements, warmup, reps, scalingReps, scalingRep, peerArgs);
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
        Nd4j.setDefaultDataTypes(before, before);
        out.println("results written to " + res.write(BenchOptions.out(cl, "snn-bench-results/neuron.json")));
    }

    private static void report(CommandLine cl, PrintStream out, Results res, Peer peer, String peerReason, SameRun.Rep ours,
                               List<Double> fwd, double[] firing, int[] shape, long elements, int warmup, int reps, int scalingReps,
                               SameRun.Rep scalingRep, List<String> peerArgs) throws IOException {
        SameRun.Outcome r = SameRun.run("fwd+bwd", peer, ours, warmup, reps, out);
        double ourPeak = ProcessMemory.peakRssBytes() / 1048576.0;
        // the floor: a triad over arrays of the layer's size on the same threads
        double bw = Bandwidth.triadBytesPerSecond((int) elements, 5);
        double floorS = MOVED_ARRAYS * 4.0 * elements / bw;

        Map<String, Object> s = res.section("snn4j");
        s.put("input_shape", List.of((long) shape[0] * shape[1], shape[2], shape[3], shape[4]));
        s.put("timesteps", shape[0]);
        s.put("threads", Runtime.getRuntime().availableProcessors());
        s.put("fwd_bwd_s", r.ours());
        s.put("fwd_bwd_median_s", r.oursMedian());
        s.put("fwd_median_s", Stats.median(fwd.subList(Math.min(warmup, fwd.size()), fwd.size())));
        s.put("throughput_Melem_per_s", elements / r.oursMedian() / 1e6);
        s.put("firing_rate", Map.of("lif", firing[0]));
        s.put("peak_rss_mib", ourPeak);
        Map<String, Object> p = res.section("peer_figures");
        if (!r.peer().isEmpty()) {
            p.put("fwd_bwd_s", r.peer());
            p.put("fwd_bwd_median_s", r.peerMedian());
            p.put("firing_rate", r.lastPeerAnswer().get("firing"));
            p.put("peak_rss_mib", r.peerPeakMib());
        }
        Map<String, Object> f = res.section("floor");
        f.put("triad_GB_per_s", bw / 1e9);
        f.put("bytes_moved_at_least", MOVED_ARRAYS * 4L * elements);
        f.put("floor_s", floorS);
        f.put("x_floor", r.oursMedian() / floorS);
        f.put("how", "STREAM triad a=b+s*c over float arrays of " + elements + " elements (12 bytes/element), best of 5, "
                + "same threads; floor = " + MOVED_ARRAYS + " arrays x 4 bytes x elements / bandwidth");
        Map<String, Object> ratio = res.section("ratio");
        ratio.put("speedup_vs_peer", r.speedup());
        ratio.put("memory_vs_peer", r.peer().isEmpty() ? Double.NaN : ourPeak / r.peerPeakMib());
        targets(res, r.speedup(), r.oursMedian() / floorS);

        out.println(SameRun.headline("LIF fwd+bwd [" + shape[0] * shape[1] + "," + shape[2] + "," + shape[3] + "," + shape[4] + "]", r, peerReason));
        out.printf(Locale.ROOT, "memory-bandwidth floor: triad %.1f GB/s -> %.1f ms; snn4j is %.2fx the floor%n",
                bw / 1e9, floorS * 1e3, r.oursMedian() / floorS);
        out.printf(Locale.ROOT, "firing rate: snn4j %.4f%s%n", firing[0],
                r.peer().isEmpty() ? "" : ", peer " + r.lastPeerAnswer().get("firing"));
        out.printf(Locale.ROOT, "peak RSS: snn4j %.0f MiB%s%n", ourPeak,
                r.peer().isEmpty() ? "" : String.format(Locale.ROOT, ", peer %.0f MiB", r.peerPeakMib()));

        if (scalingReps > 0 && Runtime.getRuntime().availableProcessors() >= 2) {
            Peer one = null;
            if (peer != null) {
                try {
                    one = Peer.start(BenchOptions.peer(cl, "spikingjelly"), "lif", 1, peerArgs);
                } catch (PeerUnavailable e) {
                    res.section("thread_scaling").put("peer_1_thread", "not measured: " + e.getMessage());
                }
            }
            try {
                ThreadScaling.run(res, out, "LIF fwd+bwd", scalingRep, one, one == null ? null : peer, scalingReps);
            } finally {
                if (one != null) {
                    one.close();
                }
            }
        }
    }

    private static void targets(Results res, double speedup, double xFloor) {
        Map<String, Object> tg = res.section("targets");
        tg.put("speedup_min", 30.0);
        tg.put("speedup_met", Double.isNaN(speedup) ? "peer not measured" : speedup >= 30);
        if (!Double.isNaN(speedup) && speedup < 30) {
            tg.put("speedup_missed_by", 30 / speedup);
        }
        tg.put("x_floor_max", 1.3);
        tg.put("x_floor_met", xFloor <= 1.3);
        if (xFloor > 1.3) {
            tg.put("x_floor_missed_by", xFloor / 1.3);
        }
    }

    /** One forward + backward as MultiLayerNetwork runs it; returns {forward s, backward s}. */
    static double[] step(Layer layer, LayerWorkspaceMgr mgr, INDArray x, INDArray g, double[] firing) {
        try (MemoryWorkspace act = mgr.notifyScopeEntered(ArrayType.ACTIVATIONS)) {
            long t0 = System.nanoTime();
            layer.setInput(x, mgr);
            INDArray s = layer.activate(true, mgr);
            long t1 = System.nanoTime();
            try (MemoryWorkspace grad = mgr.notifyScopeEntered(ArrayType.ACTIVATION_GRAD)) {
                INDArray dx = layer.backpropGradient(g, mgr).getSecond();
                long t2 = System.nanoTime();
                if (Double.isNaN(firing[0])) {
                    firing[0] = s.meanNumber().doubleValue();
                    if (!(dx.norm2Number().doubleValue() > 0)) {
                        throw new IllegalStateException("backward produced a zero gradient");
                    }
                }
                return new double[]{(t1 - t0) / 1e9, (t2 - t1) / 1e9};
            }
        }
    }

    private static NeuronImplementation implementation(String v) {
        try {
            return NeuronImplementation.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--impl expects fused or samediff, got '" + v + "'");
        }
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
}
