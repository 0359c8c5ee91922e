package org.snn4j.bench.network;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.snn4j.bench.BenchOptions;
import org.snn4j.bench.Benchmark;
import org.snn4j.bench.Machine;
import org.snn4j.bench.Peer;
import org.snn4j.bench.PeerUnavailable;
import org.snn4j.bench.ProcessMemory;
import org.snn4j.bench.Results;
import org.snn4j.bench.SameRun;
import org.snn4j.bench.Targets;
import org.snn4j.bench.ThreadScaling;
import org.snn4j.core.backend.OneDnnHelpers;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A zoo network's training step (and, where the peer has one, inference) against the peer's own model in
 * the same run: input frames of Poisson(rate) event counts and random one-hot labels from a fixed seed, MSE
 * between the mean-over-T output and the one-hot label, one fixed batch. Reports the median step times of
 * both sides (alternated), their peak memory (whole process), the firing rate of every spiking layer of
 * both, the 1 vs 2 thread scaling where asked, and the per-layer-type split of our step.
 */
public final class NetworkBenchmark implements Benchmark {
    /** What differs between the networks benchmarked this way. */
    public record Spec(String name, String summary, String zooModel, int timesteps, int batch, int classes, int size,
                       double speedupMin, double memoryMax, double inferMin, String peerWorkload, String peerInfer,
                       List<String> peerNeeds, List<String> peerArgs, int scalingReps, java.util.function.UnaryOperator<ModelOptions> options) {
    }

    /** SpikingJelly's DVSGestureNet example network (channels 128, T=16, batch 4, Adam 1e-3). */
    public static NetworkBenchmark dvsGesture() {
        return new NetworkBenchmark(new Spec("network", "DVSGestureNet training step and inference (T=16, batch 4, 128x128) "
                + "vs SpikingJelly's DVSGestureNet in the same run, with 1 vs 2 thread scaling", "dvs-gesture-net", 16, 4, 11, 128,
                4.0, 0.35, 5.0, "dvsg-train", "dvsg-infer", List.of("spikingjelly"), List.of(), 2,
                o -> o.variant("fused", "true").updater(new Adam(1e-3))));
    }

    /** The SMA-AZO VGG at the DVS128 recipe against the official script's VGG8 (SMA-AZO in blocks 2 and 3). */
    public static NetworkBenchmark smaAzoVgg() {
        return new NetworkBenchmark(new Spec("sma-vgg", "SMA-AZO-VGG training step (T=16, batch 2, 128x128, DVS128 recipe) "
                + "vs the official SMA-AZO VGG8 in the same run", "sma-azo-vgg", 16, 2, 11, 128, 3.0, 0.5, Double.NaN,
                "sma-azo-vgg", null, List.of("spikingjelly", "sma-azo"), List.of(), 0,
                o -> o.attentionOption("rcr", "10").attentionOption("rtr", "4").updater(new Adam(1e-4)).weightDecay(1e-3, true)));
    }

    /** The MA-SNN 5-layer net with TCSA attention against the official Attention-SNN model. */
    public static NetworkBenchmark maSnn() {
        return new NetworkBenchmark(new Spec("ma-snn", "MA-SNN 5-layer net (TCSA, T=8, batch 2, 128x128) training step "
                + "vs the official Attention-SNN model in the same run", "ma-snn-5layer", 8, 2, 21, 128, 3.0, Double.NaN, Double.NaN,
                "ma-snn", null, List.of("attention-snn"), List.of("--attention", "TCSA"), 0,
                o -> o.variant("attention", "TCSA").updater(new Adam(1e-3))));
    }

    static final long SEED = 2026;
    private final Spec spec;

    public NetworkBenchmark(Spec spec) {
        this.spec = spec;
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public String summary() {
        return spec.summary();
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("batch").hasArg().argName("N").desc("batch size (default " + spec.batch() + ")").build());
        o.addOption(Option.builder().longOpt("T").hasArg().argName("N").desc("time steps (default " + spec.timesteps() + ")").build());
        o.addOption(Option.builder().longOpt("rate").hasArg().argName("X")
                .desc("Poisson mean of the input event counts per pixel and step (default 0.3; higher rates make the network fire more)").build());
        if (spec.peerInfer() != null) {
            o.addOption(Option.builder().longOpt("infer").hasArg().argName("N").desc("timed inference batches per side (default 3; 0 skips)").build());
        }
        o.addOption(Option.builder().longOpt("scaling-reps").hasArg().argName("N")
                .desc("steps per thread count for the 1 vs 2 thread scaling; 0 skips it (default " + spec.scalingReps() + ")").build());
        o.addOption(Option.builder().longOpt("no-split").desc("skip the per-layer-type split of our step").build());
        return BenchOptions.add(o, "snn-bench-results/" + spec.name() + ".json", 1, 3, spec.peerNeeds().toArray(new String[0]));
    }

    @Override
    public void run(CommandLine cl, PrintStream out) throws IOException {
        int batch = BenchOptions.intOption(cl, "batch", spec.batch(), 1);
        int t = BenchOptions.intOption(cl, "T", spec.timesteps(), 1);
        double rate = BenchOptions.doubleOption(cl, "rate", 0.3);
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be positive, got " + rate);
        }
        int warmup = BenchOptions.intOption(cl, "warmup", 1, 0);
        int reps = BenchOptions.intOption(cl, "reps", 3, 1);
        int inferReps = spec.peerInfer() == null ? 0 : BenchOptions.intOption(cl, "infer", 3, 0);
        int scalingReps = BenchOptions.intOption(cl, "scaling-reps", spec.scalingReps(), 0);
        OneDnnHelpers.enable();
        Results res = new Results(name(), cl);
        out.println("machine: " + Machine.oneLine() + "; load " + Machine.loadAverage());
        ModelOptions o = spec.options().apply(ModelZoo.get(spec.zooModel()).defaults().seed(SEED).timesteps(t));
        MultiLayerNetwork net = (MultiLayerNetwork) ModelZoo.build(spec.zooModel(), o).init();
        DataSet data = poissonBatch(batch, t, 2, spec.size(), spec.classes(), rate, SEED);
        res.put("setting", spec.zooModel() + ", T=" + t + ", batch " + batch + ", 2x" + spec.size() + "x" + spec.size()
                + " Poisson(" + rate + ") counts, MSE(mean over T, one-hot " + spec.classes() + "), " + o.updater());
        res.put("params", net.numParams());
        List<String> peerArgs = new ArrayList<>(List.of("--T", "" + t, "--N", "" + batch, "--rate", "" + rate));
        peerArgs.addAll(spec.peerArgs());
        int cores = Runtime.getRuntime().availableProcessors();

        List<Double> losses = new ArrayList<>();
        SameRun.Rep step = i -> {
            long start = System.nanoTime();
            net.fit(data);
            double s = (System.nanoTime() - start) / 1e9;
            losses.add(net.score());
            return s;
        };
        String reason = null;
        Peer peer = null;
        try {
            peer = Peer.start(BenchOptions.peer(cl, spec.peerNeeds().toArray(new String[0])), spec.peerWorkload(), cores, peerArgs);
            res.put("peer", peer.ready());
        } catch (PeerUnavailable e) {
            reason = e.getMessage();
            res.put("peer", "not measured: " + reason);
        }
        SameRun.Outcome r;
        double trainPeak;
        int timedLosses;
        try {
            r = SameRun.run("train step", peer, step, warmup, reps, out);
            trainPeak = ProcessMemory.peakRssBytes() / 1048576.0; // before the scaling runs add their threads' workspaces
            timedLosses = losses.size();
            if (scalingReps > 0 && cores >= 2) {
                scaling(cl, out, res, step, scalingReps, peer, peerArgs);
            }
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
        Map<String, Object> s = res.section("snn4j");
        s.put("train_step_s", r.ours());
        s.put("train_step_median_s", r.oursMedian());
        s.put("losses", losses.subList(0, timedLosses));
        s.put("train_peak_rss_mib", trainPeak);
        s.put("firing_rate", firingRates(net, data));
        Map<String, Object> p = res.section("peer_figures");
        double mem = Double.NaN;
        if (!r.peer().isEmpty()) {
            p.put("train_step_s", r.peer());
            p.put("train_step_median_s", r.peerMedian());
            p.put("train_peak_rss_mib", r.peerPeakMib());
            p.put("firing_rate", r.lastPeerAnswer().get("firing"));
            p.put("loss_last", r.lastPeerAnswer().get("loss"));
            mem = trainPeak / r.peerPeakMib();
        }
        Map<String, Object> ratio = res.section("ratio");
        ratio.put("train_speedup_vs_peer", r.speedup());
        ratio.put("train_memory_vs_peer", mem);
        Targets.speedAndMemory(res, r.speedup(), spec.speedupMin(), mem, spec.memoryMax());
        out.println(SameRun.headline(spec.zooModel() + " train step", r, reason));
        out.printf(Locale.ROOT, "train peak RSS: snn4j %.0f MiB%s%n", trainPeak, Double.isNaN(mem) ? ""
                : String.format(Locale.ROOT, ", peer %.0f MiB (%.2fx)", r.peerPeakMib(), mem));
        out.println("firing rates snn4j: " + s.get("firing_rate"));
        if (!r.peer().isEmpty()) {
            out.println("firing rates peer: " + r.lastPeerAnswer().get("firing"));
        }

        if (inferReps > 0) {
            inference(cl, out, res, net, data, batch, inferReps, reason == null ? peerArgs : null);
        }
        boolean missed = !(r.speedup() >= spec.speedupMin()) || (!Double.isNaN(spec.memoryMax()) && !(mem <= spec.memoryMax()));
        if (!cl.hasOption("no-split")) {
            Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread(); // the split runs without workspaces
            System.gc();
            Map<String, Double> split = layerTypeSplit(net, data);
            res.put("layer_type_split_s", split);
            res.put("layer_type_split_note", (missed ? "target missed: " : "") + "forward+backward of each layer run on its own "
                    + "(the network's activations as inputs), summed per layer type");
            printSplit(out, split, r.oursMedian());
        }
        out.println("results written to " + res.write(BenchOptions.out(cl, "snn-bench-results/" + spec.name() + ".json")));
    }

    private void inference(CommandLine cl, PrintStream out, Results res, MultiLayerNetwork net, DataSet data, int batch,
                           int reps, List<String> peerArgs) throws IOException {
        boolean reset = ProcessMemory.resetPeak();
        SameRun.Rep infer = i -> {
            long start = System.nanoTime();
            net.output(data.getFeatures(), false);
            return (System.nanoTime() - start) / 1e9;
        };
        String reason = peerArgs == null ? "see the training step" : null;
        Peer peer = null;
        if (peerArgs != null) {
            try {
                peer = Peer.start(BenchOptions.peer(cl, spec.peerNeeds().toArray(new String[0])), spec.peerInfer(),
                        Runtime.getRuntime().availableProcessors(), peerArgs);
            } catch (PeerUnavailable e) {
                reason = e.getMessage();
            }
        }
        SameRun.Outcome r;
        try {
            r = SameRun.run("inference", peer, infer, 1, reps, out);
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
        double peak = reset ? ProcessMemory.peakRssBytes() / 1048576.0 : Double.NaN;
        Map<String, Object> s = res.section("snn4j");
        s.put("infer_batch_s", r.ours());
        s.put("infer_samples_per_s", batch / r.oursMedian());
        s.put("infer_peak_rss_mib", peak);
        Map<String, Object> ratio = res.section("ratio");
        ratio.put("infer_speedup_vs_peer", r.speedup());
        if (!r.peer().isEmpty()) {
            Map<String, Object> p = res.section("peer_figures");
            p.put("infer_batch_s", r.peer());
            p.put("infer_samples_per_s", batch / r.peerMedian());
            p.put("infer_peak_rss_mib", r.peerPeakMib());
            Map<String, Object> tg = res.section("targets");
            tg.put("infer_speedup_min", spec.inferMin());
            tg.put("infer_speedup_met", r.speedup() >= spec.inferMin());
            if (r.speedup() < spec.inferMin()) {
                tg.put("infer_speedup_missed_by", spec.inferMin() / r.speedup());
            }
        }
        out.println(SameRun.headline("inference batch of " + batch, r, reason));
        out.printf(Locale.ROOT, "inference: snn4j %.3f samples/s%s%n", batch / r.oursMedian(), r.peer().isEmpty() ? ""
                : String.format(Locale.ROOT, ", peer %.3f samples/s", batch / r.peerMedian()));
    }

    /** Peak memory is taken before this (the 1-thread peer is another process; ours reuses the network). */
    private void scaling(CommandLine cl, PrintStream out, Results res, SameRun.Rep step, int reps, Peer peer,
                         List<String> peerArgs) throws IOException {
        Peer one = null;
        if (peer != null) {
            try {
                one = Peer.start(BenchOptions.peer(cl, spec.peerNeeds().toArray(new String[0])), spec.peerWorkload(), 1, peerArgs);
            } catch (PeerUnavailable e) {
                res.section("thread_scaling").put("peer_1_thread", "not measured: " + e.getMessage());
            }
        }
        try {
            ThreadScaling.run(res, out, "train step", step, one, one == null ? null : peer, reps);
        } finally {
            if (one != null) {
                one.close();
            }
        }
    }

    /** Mean output of every spiking layer (neurons and the fused blocks ending in a neuron) in one training-mode forward. */
    static Map<String, Double> firingRates(MultiLayerNetwork net, DataSet data) {
        Map<String, Double> rates = new LinkedHashMap<>();
        List<INDArray> acts = net.feedForward(data.getFeatures(), true);
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            if (isSpiking(layer)) {
                rates.put(i + ":" + layer.conf().getLayer().getClass().getSimpleName(), acts.get(i + 1).meanNumber().doubleValue());
            }
        }
        net.clear();
        return rates;
    }

    static boolean isSpiking(Layer layer) {
        Object c = layer.conf().getLayer();
        return c instanceof SpikingNeuron || c.getClass().getSimpleName().contains("Spike");
    }

    /** Input counts ~ Poisson(rate) per element, laid out [N, T*channels, size, size], and random one-hot labels. */
    static DataSet poissonBatch(int batch, int t, int channels, int size, int classes, double rate, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[batch * t * channels * size * size];
        double limit = Math.exp(-rate);
        for (int i = 0; i < x.length; i++) {
            int k = 0;
            double p = rnd.nextDouble();
            while (p > limit) {
                k++;
                p *= rnd.nextDouble();
            }
            x[i] = k;
        }
        INDArray labels = Nd4j.zeros(DataType.FLOAT, batch, classes);
        for (int n = 0; n < batch; n++) {
            labels.putScalar(n, rnd.nextInt(classes), 1f);
        }
        return new DataSet(Nd4j.create(x, new long[]{batch, (long) t * channels, size, size}, 'c'), labels);
    }

    /**
     * Forward + backward time of every layer run on its own, summed per layer type: the layers are run in
     * order, each on the previous layer's output (training mode, no workspaces), with a random upstream
     * gradient, holding only one layer's tensors at a time. The output layer is left out (it needs labels;
     * its cost is negligible here). One untimed pass first (JIT, oneDNN primitives).
     */
    static Map<String, Double> layerTypeSplit(MultiLayerNetwork net, DataSet batch) {
        layerPass(net, batch);
        return layerPass(net, batch);
    }

    private static Map<String, Double> layerPass(MultiLayerNetwork net, DataSet batch) {
        Nd4j.getRandom().setSeed(SEED);
        Map<String, Double> split = new LinkedHashMap<>();
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        INDArray in = batch.getFeatures();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer layer = net.getLayer(i);
            if (layer instanceof IOutputLayer) {
                break;
            }
            InputPreProcessor pre = net.getLayerWiseConfigurations().getInputPreProcess(i);
            if (pre != null) {
                in = pre.preProcess(in, (int) in.size(0), mgr);
            }
            long start = System.nanoTime();
            INDArray y = layer.activate(in, true, mgr);
            double forward = (System.nanoTime() - start) / 1e9;
            INDArray eps = Nd4j.rand(y.dataType(), y.shape()).subi(0.5);
            start = System.nanoTime();
            layer.backpropGradient(eps, mgr);
            double backward = (System.nanoTime() - start) / 1e9;
            split.merge(category(layer), forward + backward, Double::sum);
            layer.clear();
            in = y;
        }
        return split;
    }

    /** The layer's configuration class, with DL4J's own layers under their short names. */
    static String category(Layer layer) {
        return layer.conf().getLayer().getClass().getSimpleName();
    }

    private static void printSplit(PrintStream out, Map<String, Double> split, double step) {
        double total = split.values().stream().mapToDouble(Double::doubleValue).sum();
        out.println("per layer type (forward+backward, each layer run on its own):");
        for (Map.Entry<String, Double> e : split.entrySet()) {
            out.printf(Locale.ROOT, "  %-28s %7.2f s  %5.1f %%%n", e.getKey(), e.getValue(), 100 * e.getValue() / total);
        }
        out.printf(Locale.ROOT, "  sum %.2f s%s%n", total, step >= total
                ? String.format(Locale.ROOT, "; the rest of the step (updater, workspaces, loss) is %.2f s", step - total)
                : String.format(Locale.ROOT, " (more than the %.2f s step: each layer runs on fresh arrays here)", step));
    }
}
