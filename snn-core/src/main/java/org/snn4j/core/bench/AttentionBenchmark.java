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
 * Also times the ReLU-branch SMA (the ImageNet variant) to separate the cost of the unrolled LIF loops.
 * Prints and writes the medians, the ratios and the process peak memory (VmHWM) after each part.
 *
 * <pre>java ... org.snn4j.core.bench.AttentionBenchmark [C=128] [T=16] [N=4] [HW=32] [reps=3] [out=attention-benchmark.txt]</pre>
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
        Nd4j.setDefaultDataTypes(DataType.FLOAT, DataType.FLOAT);

        INDArray x = Nd4j.rand(DataType.FLOAT, (long) t * n, c, hw, hw).muli(4);
        INDArray eps = Nd4j.rand(DataType.FLOAT, (long) t * n, c, hw, hw);

        Layer conv = layerOf(new ConvolutionLayer.Builder(3, 3).nOut(c).convolutionMode(ConvolutionMode.Same)
                .activation(Activation.IDENTITY).build(), c, hw);
        double[] convMs = time(conv, x, eps, reps);
        long convPeak = peakRssKb();

        Layer sma = layerOf(new SpikingMultiscaleAttention.Builder().timesteps(t).build(), c, hw);
        double[] smaMs = time(sma, x, eps, reps);
        long smaPeak = peakRssKb();
        sma = null;
        System.gc();

        // The ReLU variant isolates the cost of the four unrolled LIF loops.
        Layer relu = layerOf(new SpikingMultiscaleAttention.Builder().timesteps(t)
                .activation(ScaleActivation.RELU).build(), c, hw);
        double[] reluMs = time(relu, x, eps, reps);

        String report = String.format(Locale.ROOT,
                "AttentionBenchmark SMA(C=%d, T=%d) N=%d %dx%d input [%d,%d,%d,%d] float32, %d reps after 1 warm-up, "
                        + "OMP threads %s%n"
                        + "conv3x3 %d->%d : forward %.0f ms, backward %.0f ms, total %.0f ms (median)%n"
                        + "SMA          : forward %.0f ms, backward %.0f ms, total %.0f ms (median)%n"
                        + "SMA (ReLU)   : forward %.0f ms, backward %.0f ms, total %.0f ms (median)%n"
                        + "ratio SMA / conv3x3 (forward+backward): %.1f; ReLU-SMA / conv3x3: %.1f%n"
                        + "SMA trainable parameters: %d%n"
                        + "peak RSS after conv part: %.2f GB, after LIF-SMA part: %.2f GB%n",
                c, t, n, hw, hw, t * n, c, hw, hw, reps, System.getenv("OMP_NUM_THREADS"),
                c, c, convMs[0], convMs[1], convMs[0] + convMs[1],
                smaMs[0], smaMs[1], smaMs[0] + smaMs[1],
                reluMs[0], reluMs[1], reluMs[0] + reluMs[1],
                (smaMs[0] + smaMs[1]) / (convMs[0] + convMs[1]), (reluMs[0] + reluMs[1]) / (convMs[0] + convMs[1]),
                ((SpikingMultiscaleAttention) relu.conf().getLayer()).numTrainableParams(),
                convPeak / 1048576.0, smaPeak / 1048576.0);
        System.out.print(report);
        Files.write(out, report.getBytes(StandardCharsets.UTF_8));
        System.out.println("written to " + out.toAbsolutePath());
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
