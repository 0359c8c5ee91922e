package org.snn4j.core.bench;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.snn4j.core.attention.ScaleActivation;
import org.snn4j.core.attention.SpikingMultiscaleAttention;
import org.snn4j.core.backend.OneDnnHelpers;
import org.snn4j.core.neuron.NeuronImplementation;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Locale;

/**
 * SMA(C, T) forward + backward at layer level (training mode, float32, no workspaces) against one DL4J 3x3
 * convolution of the same width measured in the same run, as in the issue: SMA(128, T=16), N=4, 32x32.
 * Times the fused implementation with LIF scales (SMA-VGG code) and with ReLU scales (ImageNet code); with
 * the optional last argument {@code samediff} also the SameDiff oracle with LIF scales (small N only: it
 * needs ~6 GB at N=1). Prints and writes the medians, the ratios, the load average and the process peak
 * memory (VmHWM) after each part.
 *
 * <pre>java ... org.snn4j.core.bench.AttentionBenchmark [C=128] [T=16] [N=4] [HW=32] [reps=3] [out=attention-benchmark.txt] [samediff]</pre>
 */
public final class AttentionBenchmark {
    private AttentionBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        OneDnnHelpers.enable();
        int c = arg(args, 0, 128);
        int t = arg(args, 1, 16);
        int n = arg(args, 2, 4);
        int hw = arg(args, 3, 32);
        int reps = arg(args, 4, 3);
        Path out = Paths.get(args.length > 5 ? args[5] : "attention-benchmark.txt");
        boolean withSameDiff = args.length > 6 && args[6].equals("samediff");
        String load = loadAverage();
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);

        INDArray x = Nd4j.rand(DataType.FLOAT, (long) t * n, c, hw, hw).muli(4);
        INDArray eps = Nd4j.rand(DataType.FLOAT, (long) t * n, c, hw, hw);

        Layer conv = layerOf(new ConvolutionLayer.Builder(3, 3).nOut(c).convolutionMode(ConvolutionMode.Same)
                .activation(Activation.IDENTITY).build(), c, hw);
        double[] convMs = time(conv, x, eps, reps);
        long convPeak = peakRssKb();

        Layer sma = layerOf(sma(t, ScaleActivation.SPIKING, NeuronImplementation.FUSED), c, hw);
        double[] smaMs = time(sma, x, eps, reps);
        long smaPeak = peakRssKb();
        sma = null;
        System.gc();

        // The ReLU variant (ImageNet code) separates the cost of the four LIF branches.
        Layer relu = layerOf(sma(t, ScaleActivation.RELU, NeuronImplementation.FUSED), c, hw);
        double[] reluMs = time(relu, x, eps, reps);
        long reluPeak = peakRssKb();
        relu = null;
        System.gc();

        StringBuilder report = new StringBuilder(String.format(Locale.ROOT,
                "AttentionBenchmark SMA(C=%d, T=%d) N=%d %dx%d input [%d,%d,%d,%d] float32, %d reps after 1 warm-up, "
                        + "OMP threads %s, load average at start %s%n"
                        + "conv3x3 %d->%d       : forward %.0f ms, backward %.0f ms, total %.0f ms (median)%n"
                        + "SMA fused, LIF     : forward %.0f ms, backward %.0f ms, total %.0f ms (median)%n"
                        + "SMA fused, ReLU    : forward %.0f ms, backward %.0f ms, total %.0f ms (median)%n"
                        + "ratio SMA / conv3x3 (forward+backward): LIF %.1f, ReLU %.1f%n"
                        + "SMA trainable parameters: %d%n"
                        + "peak RSS (VmHWM) after conv part: %.2f GB, after fused LIF-SMA: %.2f GB, after fused ReLU-SMA: "
                        + "%.2f GB%n",
                c, t, n, hw, hw, t * n, c, hw, hw, reps, System.getenv("OMP_NUM_THREADS"), load,
                c, c, convMs[0], convMs[1], convMs[0] + convMs[1],
                smaMs[0], smaMs[1], smaMs[0] + smaMs[1],
                reluMs[0], reluMs[1], reluMs[0] + reluMs[1],
                (smaMs[0] + smaMs[1]) / (convMs[0] + convMs[1]), (reluMs[0] + reluMs[1]) / (convMs[0] + convMs[1]),
                trainableParams(t, c, hw),
                convPeak / 1048576.0, smaPeak / 1048576.0, reluPeak / 1048576.0));
        if (withSameDiff) {
            // The SameDiff oracle with LIF scales: ~6 GB at N=1 and >13 GB at N=4, so only on request.
            Layer oracle = layerOf(sma(t, ScaleActivation.SPIKING, NeuronImplementation.SAMEDIFF), c, hw);
            double[] oracleMs = time(oracle, x, eps, reps);
            report.append(String.format(Locale.ROOT,
                    "SMA SameDiff, LIF  : forward %.0f ms, backward %.0f ms, total %.0f ms (median); fused speed-up %.1fx; "
                            + "peak RSS after it: %.2f GB%n",
                    oracleMs[0], oracleMs[1], oracleMs[0] + oracleMs[1],
                    (oracleMs[0] + oracleMs[1]) / (smaMs[0] + smaMs[1]), peakRssKb() / 1048576.0));
        }
        System.out.print(report);
        Files.write(out, report.toString().getBytes(StandardCharsets.UTF_8));
        System.out.println("written to " + out.toAbsolutePath());
    }

    private static long trainableParams(int t, int c, int hw) {
        SpikingMultiscaleAttention conf = sma(t, ScaleActivation.SPIKING, NeuronImplementation.FUSED);
        conf.setNIn(InputType.convolutional(hw, hw, c), true);
        return conf.numTrainableParams();
    }

    private static SpikingMultiscaleAttention sma(int t, ScaleActivation activation, NeuronImplementation impl) {
        return new SpikingMultiscaleAttention.Builder().timesteps(t).activation(activation).implementation(impl).build();
    }

    private static Layer layerOf(org.deeplearning4j.nn.conf.layers.Layer layer, int c, int hw) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().dataType(DataType.FLOAT).seed(1)
                .updater(new NoOp()).list().layer(layer).setInputType(InputType.convolutional(hw, hw, c)).build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        net.initGradientsView();               // layer-level backprop writes into the gradient views
        return net.getLayer(0);
    }

    /** Median forward and backward milliseconds over {@code reps} runs after one warm-up. */
    private static double[] time(Layer layer, INDArray x, INDArray eps, int reps) {
        LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
        double[] fwd = new double[reps];
        double[] bwd = new double[reps];
        for (int r = -1; r < reps; r++) {
            long t0 = System.nanoTime();
            layer.setInput(x, mgr);
            layer.activate(true, mgr);
            long t1 = System.nanoTime();
            layer.backpropGradient(eps, mgr);
            long t2 = System.nanoTime();
            if (r >= 0) {
                fwd[r] = (t1 - t0) / 1e6;
                bwd[r] = (t2 - t1) / 1e6;
            }
            System.out.printf(Locale.ROOT, "  %s run %d: forward %.0f ms, backward %.0f ms%n",
                    layer.getClass().getSimpleName(), r, (t1 - t0) / 1e6, (t2 - t1) / 1e6);
        }
        return new double[]{median(fwd), median(bwd)};
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int m = s.length / 2;
        return s.length % 2 == 1 ? s[m] : (s[m - 1] + s[m]) / 2;
    }

    private static int arg(String[] args, int i, int dflt) {
        return args.length > i ? Integer.parseInt(args[i]) : dflt;
    }

    /** The 1/5/15-minute load averages (the machine may be shared: timings are then contended). */
    private static String loadAverage() {
        try {
            String[] f = Files.readAllLines(Paths.get("/proc/loadavg")).get(0).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** Process peak resident set (VmHWM, kB) from /proc; -1 where unavailable. */
    private static long peakRssKb() {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
