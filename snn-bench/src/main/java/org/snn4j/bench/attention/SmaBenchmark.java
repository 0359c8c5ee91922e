package org.snn4j.bench.attention;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.snn4j.bench.BenchOptions;
import org.snn4j.bench.Benchmark;
import org.snn4j.bench.Machine;
import org.snn4j.bench.Peer;
import org.snn4j.bench.PeerUnavailable;
import org.snn4j.bench.ProcessMemory;
import org.snn4j.bench.Results;
import org.snn4j.bench.SameRun;
import org.snn4j.bench.Targets;
import org.snn4j.core.attention.ScaleActivation;
import org.snn4j.core.attention.SpikingMultiscaleAttention;
import org.snn4j.core.backend.OneDnnHelpers;
import org.snn4j.core.neuron.NeuronImplementation;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One SMA layer (the fused implementation, LIF scale branches, as in the SMA-VGG code) forward + backward at
 * layer level, training mode, float32, against the official SMA module of the SMA-AZO repository (class
 * {@code SMA} of its DVS128 VGG script, C_reduction 4, T_reduction 4, AZO off) on SpikingJelly, same shape
 * [T, N, C, H, W], alternated in one run. Reports both sides' times and peak memory (whole process).
 */
public final class SmaBenchmark implements Benchmark {
    @Override
    public String name() {
        return "attention";
    }

    @Override
    public String summary() {
        return "one SMA layer forward+backward (C=128, T=16, N=4, 32x32) vs the official SMA module in the same run";
    }

    @Override
    public Options options() {
        Options o = new Options();
        for (String[] d : new String[][]{{"C", "128", "channels"}, {"T", "16", "time steps"}, {"N", "4", "batch"},
                {"HW", "32", "height and width"}}) {
            o.addOption(Option.builder().longOpt(d[0]).hasArg().argName("N").desc(d[2] + " (default " + d[1] + ")").build());
        }
        return BenchOptions.add(o, "snn-bench-results/attention.json", 1, 3, "spikingjelly", "sma-azo");
    }

    @Override
    public void run(CommandLine cl, PrintStream out) throws IOException {
        int c = BenchOptions.intOption(cl, "C", 128, 1);
        int t = BenchOptions.intOption(cl, "T", 16, 1);
        int n = BenchOptions.intOption(cl, "N", 4, 1);
        int hw = BenchOptions.intOption(cl, "HW", 32, 1);
        int warmup = BenchOptions.intOption(cl, "warmup", 1, 0);
        int reps = BenchOptions.intOption(cl, "reps", 3, 1);
        OneDnnHelpers.enable();
        Results res = new Results(name(), cl);
        out.println("machine: " + Machine.oneLine() + "; load " + Machine.loadAverage());
        DataType before = Nd4j.dataType();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);
        Nd4j.getRandom().setSeed(0);
        INDArray x = Nd4j.rand(DataType.FLOAT, (long) t * n, c, hw, hw).muli(4);
        INDArray eps = Nd4j.rand(DataType.FLOAT, (long) t * n, c, hw, hw);
        SpikingMultiscaleAttention conf = new SpikingMultiscaleAttention.Builder().timesteps(t)
                .activation(ScaleActivation.SPIKING).implementation(NeuronImplementation.FUSED).build();
        Layer sma = layerOf(conf, c, hw);
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        SameRun.Rep ours = i -> {
            long t0 = System.nanoTime();
            sma.setInput(x, mgr);
            sma.activate(true, mgr);
            sma.backpropGradient(eps, mgr);
            return (System.nanoTime() - t0) / 1e9;
        };
        String reason = null;
        Peer peer = null;
        try {
            peer = Peer.start(BenchOptions.peer(cl, "spikingjelly", "sma-azo"), "sma", Runtime.getRuntime().availableProcessors(),
                    List.of("--T", "" + t, "--N", "" + n, "--C", "" + c, "--H", "" + hw, "--W", "" + hw));
            res.put("peer", peer.ready());
        } catch (PeerUnavailable e) {
            reason = e.getMessage();
            res.put("peer", "not measured: " + reason);
        }
        SameRun.Outcome r;
        try {
            r = SameRun.run("SMA fwd+bwd", peer, ours, warmup, reps, out);
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
        double peak = ProcessMemory.peakRssBytes() / 1048576.0;
        Map<String, Object> s = res.section("snn4j");
        s.put("layer", "SpikingMultiscaleAttention(C=" + c + ", T=" + t + ", LIF scales) fused");
        s.put("input_shape", List.of((long) t * n, c, hw, hw));
        s.put("fwd_bwd_s", r.ours());
        s.put("fwd_bwd_median_s", r.oursMedian());
        s.put("peak_rss_mib", peak);
        s.put("firing_rate", "the four LIF scale branches are inside the fused layer (not exposed)");
        Map<String, Object> p = res.section("peer_figures");
        if (!r.peer().isEmpty()) {
            p.put("fwd_bwd_s", r.peer());
            p.put("fwd_bwd_median_s", r.peerMedian());
            p.put("peak_rss_mib", r.peerPeakMib());
            p.put("firing_rate", r.lastPeerAnswer().get("firing"));
        }
        Map<String, Object> ratio = res.section("ratio");
        ratio.put("speedup_vs_peer", r.speedup());
        double mem = r.peer().isEmpty() ? Double.NaN : peak / r.peerPeakMib();
        ratio.put("memory_vs_peer", mem);
        Targets.speedAndMemory(res, r.speedup(), 3.0, mem, 0.5);
        out.println(SameRun.headline("SMA(C=" + c + ", T=" + t + ") N=" + n + " " + hw + "x" + hw + " fwd+bwd", r, reason));
        out.printf(Locale.ROOT, "peak RSS: snn4j %.0f MiB%s%n", peak,
                r.peer().isEmpty() ? "" : String.format(Locale.ROOT, ", peer %.0f MiB (%.2fx)", r.peerPeakMib(), mem));
        Nd4j.setDefaultDataTypes(before, before);
        out.println("results written to " + res.write(BenchOptions.out(cl, "snn-bench-results/attention.json")));
    }

    private static Layer layerOf(org.deeplearning4j.nn.conf.layers.Layer layer, int c, int hw) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(1)
                .updater(new NoOp()).list().layer(layer).setInputType(InputType.convolutional(hw, hw, c)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView(); // layer-level backprop writes into the gradient views
        return net.getLayer(0);
    }
}
