package org.snn4j.models.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.backend.OneDnnHelpers;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Whole-network benchmark of issue 10: the zoo's DVSGestureNet on exactly the SpikingJelly baseline setting
 * of peers.md §B (channels 128, T=16, batch 4, input 2x128x128 Poisson(0.3) counts, MSE between the
 * mean-over-T output and one-hot(11), Adam lr 1e-3, fixed seed, one fixed batch). Reports the median
 * training-step time over the timed steps after warm-up, inference samples/s, peak RSS (VmHWM) of the
 * training phase and (after a peak reset) of the inference phase, the ratios to SpikingJelly's 25.1 s,
 * 5239 MiB and 0.525 samples/s, and the share of step time per layer type, measured by running every
 * layer's forward and backward on its own (the network's recorded activations as inputs).
 *
 * <p>Run: see docs/performance.md, section "Whole network". Options: {@code --steps N} (timed steps, default
 * 5), {@code --warmup N} (default 2), {@code --infer N} (default 5), {@code --out FILE} (JSON results), {@code --split-only} (only the per-layer-type split), {@code --unfused}
 * (each block's BN, LIF and max pool as three layers instead of the default fused {@code BatchNormSpikePool}).
 */
public final class NetworkBenchmark {
    static final double SJ_STEP_S = 25.1;
    static final double SJ_PEAK_MIB = 5239;
    static final double SJ_INFER_SAMPLES_PER_S = 0.525;
    static final double SJ_INFER_PEAK_MIB = 1523;
    static final int T = 16;
    static final int BATCH = 4;
    static final int CLASSES = 11;
    static final int SIZE = 128;
    static final long SEED = 2026;

    private NetworkBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int steps = intArg(args, "--steps", 5);
        int warmup = intArg(args, "--warmup", 2);
        int inferRuns = intArg(args, "--infer", 5);
        String out = stringArg(args, "--out", null);
        boolean fused = !Arrays.asList(args).contains("--unfused");
        ModelOptions o = ModelZoo.get("dvs-gesture-net").defaults().seed(SEED).variant("fused", String.valueOf(fused));
        if (Arrays.asList(args).contains("--split-only")) {
            MultiLayerNetwork net = (MultiLayerNetwork) ModelZoo.build("dvs-gesture-net", o).init();
            net.initGradientsView();
            long cpu = ProcessMemory.cpuNanos();
            Map<String, Double> split = layerTypeSplit(net, poissonBatch(SEED));
            System.out.printf(Locale.ROOT, "process CPU for two passes: %.1f s%n", (ProcessMemory.cpuNanos() - cpu) / 1e9);
            printSplit(split, Double.NaN);
            if (out != null) {
                Files.writeString(Path.of(out), toJson(Map.of("layerTypeSecondsIsolated", split)));
            }
            return;
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("setting", "dvs-gesture-net, channels 128, T=16, batch 4, 2x128x128 Poisson(0.3), MSE, Adam 1e-3");
        result.put("fusedBlocks", fused);
        result.put("onednnNative", OneDnnHelpers.nativeSupport());
        result.put("helpersRequested", OneDnnHelpers.requested());
        result.put("threads", System.getenv("OMP_NUM_THREADS"));
        result.put("jvm", ManagementFactory.getRuntimeMXBean().getInputArguments());

        MultiLayerNetwork net = (MultiLayerNetwork) ModelZoo.build("dvs-gesture-net", o).init();
        DataSet batch = poissonBatch(SEED);
        result.put("params", net.numParams());
        result.put("rssAfterSetupMiB", mib(ProcessMemory.rssBytes()));

        double[] loadBefore = loadAverage();
        List<Double> times = new ArrayList<>();
        List<Double> cpuTimes = new ArrayList<>();
        List<Double> losses = new ArrayList<>();
        for (int i = 0; i < warmup + steps; i++) {
            long start = System.nanoTime();
            long cpuStart = ProcessMemory.cpuNanos();
            net.fit(batch);
            double s = (System.nanoTime() - start) / 1e9;
            double cpu = (ProcessMemory.cpuNanos() - cpuStart) / 1e9;
            losses.add(net.score());
            if (i >= warmup) {
                times.add(s);
                cpuTimes.add(cpu);
            }
            System.out.printf(Locale.ROOT, "step %d%s: %.2f s (process CPU %.2f s), loss %.5f, RSS %.0f MiB, peak %.0f MiB, "
                            + "workspaces %.0f MiB%n", i + 1, i < warmup ? " (warm-up)" : "", s, cpu, net.score(),
                    mib(ProcessMemory.rssBytes()), mib(ProcessMemory.peakRssBytes()), mib(workspaceBytes()));
        }
        // CPU seconds per step do not depend on other jobs sharing the cores: on an idle 2-core machine the
        // step can take no less than half of them
        result.put("trainStepCpuSeconds", cpuTimes);
        result.put("trainStepCpuMedianS", median(cpuTimes));
        double stepMedian = median(times);
        double trainPeak = mib(ProcessMemory.peakRssBytes());
        result.put("trainStepTimesS", times);
        result.put("trainStepMedianS", stepMedian);
        result.put("losses", losses);
        result.put("trainPeakRssMiB", trainPeak);

        boolean reset = ProcessMemory.resetPeak();
        List<Double> inferTimes = new ArrayList<>();
        for (int i = 0; i < inferRuns + 1; i++) {
            long start = System.nanoTime();
            net.output(batch.getFeatures(), false);
            double s = (System.nanoTime() - start) / 1e9;
            if (i > 0) {
                inferTimes.add(s);
            }
        }
        double inferMedian = median(inferTimes);
        result.put("inferBatchTimesS", inferTimes);
        result.put("inferSamplesPerS", BATCH / inferMedian);
        result.put("inferPeakRssMiB", reset ? mib(ProcessMemory.peakRssBytes()) : null);
        result.put("loadAverageBeforeAfter", List.of(loadBefore[0], loadAverage()[0]));

        result.put("ratioStepVsSpikingJelly", SJ_STEP_S / stepMedian);
        result.put("ratioPeakVsSpikingJelly", trainPeak / SJ_PEAK_MIB);
        result.put("ratioInferVsSpikingJelly", (BATCH / inferMedian) / SJ_INFER_SAMPLES_PER_S);
        printHeadline(result, stepMedian, trainPeak, inferMedian);
        Nd4j.getWorkspaceManager().destroyAllWorkspacesForCurrentThread(); // the split runs without workspaces
        System.gc();
        Map<String, Double> split = layerTypeSplit(net, batch);
        result.put("layerTypeSecondsIsolated", split);
        printSplit(split, stepMedian);
        if (out != null) {
            Files.writeString(Path.of(out), toJson(result));
            System.out.println("results written to " + out);
        }
    }

    /** Input counts ~ Poisson(0.3) per element and random one-hot labels, from a fixed seed. */
    static DataSet poissonBatch(long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[BATCH * T * 2 * SIZE * SIZE];
        double limit = Math.exp(-0.3);
        for (int i = 0; i < x.length; i++) {
            int k = 0;
            double p = rnd.nextDouble();
            while (p > limit) {
                k++;
                p *= rnd.nextDouble();
            }
            x[i] = k;
        }
        INDArray labels = Nd4j.zeros(DataType.FLOAT, BATCH, CLASSES);
        for (int n = 0; n < BATCH; n++) {
            labels.putScalar(n, rnd.nextInt(CLASSES), 1f);
        }
        return new DataSet(Nd4j.create(x, new long[]{BATCH, (long) T * 2, SIZE, SIZE}, 'c'), labels);
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
        for (String k : List.of("conv", "batchnorm", "spiking", "pooling", "conv-bn-spike-pool", "bn-spike-pool", "dense", "other")) {
            split.put(k, 0.0);
        }
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

    static String category(Layer layer) {
        String n = layer.getClass().getName();
        if (layer.conf().getLayer() instanceof org.snn4j.core.block.ConvBatchNormSpikePool) {
            return "conv-bn-spike-pool";
        }
        if (layer.conf().getLayer() instanceof org.snn4j.core.block.BatchNormSpikePool) {
            return "bn-spike-pool";
        }
        if (n.endsWith("ConvolutionLayer")) {
            return "conv";
        }
        if (n.endsWith(".BatchNormalization")) {
            return "batchnorm";
        }
        if (layer.conf().getLayer() instanceof org.snn4j.core.neuron.SpikingNeuron) {
            return "spiking";
        }
        if (n.endsWith(".SubsamplingLayer")) {
            return "pooling";
        }
        if (n.endsWith(".DenseLayer")) {
            return "dense";
        }
        return "other";
    }

    private static void printHeadline(Map<String, Object> r, double step, double peak, double infer) {
        System.out.println();
        System.out.printf(Locale.ROOT, "train step (median of %d): %.2f s  vs SpikingJelly %.1f s  -> %.2fx faster%n",
                ((List<?>) r.get("trainStepTimesS")).size(), step, SJ_STEP_S, SJ_STEP_S / step);
        System.out.printf(Locale.ROOT, "train peak RSS: %.0f MiB  vs %.0f MiB  -> %.2fx of SpikingJelly's%n", peak, SJ_PEAK_MIB, peak / SJ_PEAK_MIB);
        System.out.printf(Locale.ROOT, "inference: %.3f samples/s (%.2f s per batch of 4) vs %.3f -> %.2fx; peak RSS %s MiB (SJ %.0f)%n",
                BATCH / infer, infer, SJ_INFER_SAMPLES_PER_S, (BATCH / infer) / SJ_INFER_SAMPLES_PER_S, r.get("inferPeakRssMiB") instanceof Number n ? String.format(Locale.ROOT, "%.0f", n.doubleValue()) : "not measured",
                SJ_INFER_PEAK_MIB);
    }

    private static void printSplit(Map<String, Double> split, double step) {
        double total = split.values().stream().mapToDouble(Double::doubleValue).sum();
        System.out.println("per layer type (forward+backward, each layer run on its own):");
        for (Map.Entry<String, Double> e : split.entrySet()) {
            System.out.printf(Locale.ROOT, "  %-10s %7.2f s  %5.1f %%%n", e.getKey(), e.getValue(), 100 * e.getValue() / total);
        }
        System.out.printf(Locale.ROOT, "  sum %.2f s%s%n", total, Double.isNaN(step) ? ""
                : step >= total ? String.format(Locale.ROOT, "; the rest of the step (updater, workspaces, loss) is %.2f s", step - total)
                : String.format(Locale.ROOT, " (more than the %.2f s step: each layer runs on fresh arrays here)", step));
    }

    /** Bytes held by this thread's ND4J workspaces (DL4J's training and inference workspaces live there). */
    static long workspaceBytes() {
        long total = 0;
        for (org.nd4j.linalg.api.memory.MemoryWorkspace ws : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            total += ws.getCurrentSize();
        }
        return total;
    }

    private static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double mib(long bytes) {
        return bytes / (1024.0 * 1024.0);
    }

    private static double[] loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return new double[]{Double.parseDouble(f[0])};
        } catch (IOException | RuntimeException e) {
            return new double[]{Double.NaN};
        }
    }

    private static int intArg(String[] args, String name, int fallback) {
        String v = stringArg(args, name, null);
        return v == null ? fallback : Integer.parseInt(v);
    }

    private static String stringArg(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        if (i < 0) {
            return fallback;
        }
        if (i + 1 >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i + 1];
    }

    /** Minimal JSON for numbers, strings, booleans, lists and maps. */
    static String toJson(Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof Map) {
            StringBuilder sb = new StringBuilder("{");
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                sb.append(sb.length() > 1 ? ", " : "").append(toJson(String.valueOf(e.getKey()))).append(": ").append(toJson(e.getValue()));
            }
            return sb.append('}').toString();
        }
        if (v instanceof List) {
            StringBuilder sb = new StringBuilder("[");
            for (Object x : (List<?>) v) {
                sb.append(sb.length() > 1 ? ", " : "").append(toJson(x));
            }
            return sb.append(']').toString();
        }
        if (v instanceof Number || v instanceof Boolean) {
            return String.valueOf(v);
        }
        return "\"" + String.valueOf(v).replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
