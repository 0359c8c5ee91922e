package org.snn4j.cli.command;

import org.snn4j.train.options.OptionValues;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.cli.CliFailure;
import org.snn4j.train.options.UsageException;
import org.snn4j.train.data.ExperimentData;
import org.snn4j.train.analysis.AttentionWeights;
import org.snn4j.train.analysis.LayerActivations;
import org.snn4j.train.run.RunRecord;
import org.snn4j.cli.plot.Pictures;
import org.snn4j.models.info.SpikeInputs;
import org.snn4j.data.iterator.FrameDataSetIterator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code snn visualize}: PNG pictures of a trained run — the event frames of a test clip, the spike raster
 * and firing-rate heat map (mean over time and channels, MA-SNN Fig. 6) of every spiking layer for that
 * clip, the heat maps averaged over the whole test split, the training curves, and for every SMA layer the
 * temporal attention weight of each scale over time and the channel attention (scale x channel) for that clip.
 * Works on MultiLayerNetwork and ComputationGraph runs ({@link LayerActivations}).
 */
public final class VisualizeCommand implements Command {

    @Override
    public String name() {
        return "visualize";
    }

    @Override
    public String summary() {
        return "PNG pictures of a run: event frames, spike rasters, firing-rate heat maps, SMA attention, training curves";
    }

    @Override
    public Options options() {
        Options o = new Options();
        o.addOption(Option.builder().longOpt("run").hasArg().argName("DIR").required().desc("run directory written by snn train").build());
        o.addOption(Option.builder().longOpt("sample").hasArg().argName("I").desc("test clip to show (default 0)").build());
        o.addOption(Option.builder().longOpt("checkpoint").hasArg().argName("NAME").desc("best (default), last, or a file in DIR/checkpoints").build());
        o.addOption(Option.builder().longOpt("out").hasArg().argName("DIR").desc("where to write the PNGs (default RUN/plots)").build());
        o.addOption(Option.builder().longOpt("force").desc("overwrite existing pictures").build());
        return o;
    }

    @Override
    public int run(CommandLine cmd, PrintStream out) throws UsageException {
        int sample = OptionValues.intValue(cmd, "sample", 0, 0);
        RunRecord record = RunRecord.open(Path.of(cmd.getOptionValue("run")));
        Path dir = Path.of(cmd.getOptionValue("out", record.dir().resolve("plots").toString()));
        ExperimentData data = ExperimentData.fromConfig(record.readJson("config.json"));
        if (sample >= data.test().size()) {
            throw new UsageException("--sample must be < " + data.test().size() + " (test clips of this run), got " + sample);
        }
        Model net = RunRecord.loadModel(EvalCommand.checkpoint(record, cmd.getOptionValue("checkpoint", "best")));
        List<Path> written = new ArrayList<>();
        try {
            Files.createDirectories(dir);
            int t = data.timesteps();
            int h = data.test().height();
            int w = data.test().width();
            String clip = "test clip " + sample + " (" + data.test().classNames().get(data.test().label(sample)) + ")";
            FrameDataSetIterator frames = data.testIterator();
            written.add(target(dir, "frames-sample" + sample + ".png", cmd));
            Pictures.eventFrames(frames.frames(sample), t, h, w, "event frames, " + clip + ", ON red / OFF blue",
                    last(written));

            INDArray x = Nd4j.create(frames.frames(sample), new long[]{1, 2L * t, h, w}, 'c');
            List<LayerActivations.Entry> acts = LayerActivations.of(net, x);
            Map<Integer, double[][]> testAverage = averageHeatMaps(net, data);
            for (LayerActivations.Entry a : acts) {
                int i = a.index();
                AttentionWeights att = AttentionWeights.of(a, t);
                if (att != null) {
                    attentionPictures(att, i, sample, clip, t, dir, cmd, written);
                }
                if (!SpikeInputs.emitsSpikes(a.conf())) {
                    continue;
                }
                INDArray s = a.output();
                written.add(target(dir, "raster-layer" + i + "-sample" + sample + ".png", cmd));
                Pictures.raster(raster(s, t, 120), t, 120, "spikes of layer " + i + " (120 of " + s.length() / t
                        + " neurons), " + clip, last(written));
                if (s.rank() == 4) {
                    written.add(target(dir, "heatmap-layer" + i + "-sample" + sample + ".png", cmd));
                    Pictures.heatMap(heatMap(s), "layer " + i + " firing rate (mean over T, C), " + clip, last(written));
                    written.add(target(dir, "heatmap-layer" + i + "-test-average.png", cmd));
                    Pictures.heatMap(testAverage.get(i), "layer " + i + " firing rate, mean over the test split", last(written));
                }
            }
            written.add(target(dir, "curves.png", cmd));
            Pictures.curves(record.readMetrics(), "training curves, " + record.dir().getFileName(), last(written));
        } catch (IOException e) {
            throw new CliFailure("cannot write pictures into " + dir + ": " + e.getMessage(), e);
        }
        for (Path p : written) {
            out.println("written " + p);
        }
        return 0;
    }

    private static Path last(List<Path> paths) {
        return paths.get(paths.size() - 1);
    }

    private static Path target(Path dir, String name, CommandLine cmd) {
        Path p = dir.resolve(name);
        if (Files.exists(p) && !cmd.hasOption("force")) {
            throw new CliFailure(p + " already exists; pass --force to overwrite pictures");
        }
        return p;
    }

    /** (step, neuron) pairs of spikes for {@code shown} neurons spread evenly over the layer. */
    static List<int[]> raster(INDArray spikes, int t, int shown) {
        INDArray perStep = spikes.reshape('c', t, spikes.length() / t);
        long n = perStep.size(1);
        List<int[]> out = new ArrayList<>();
        for (int k = 0; k < shown && k < n; k++) {
            long neuron = k * n / Math.min(shown, n);
            for (int step = 0; step < t; step++) {
                if (perStep.getDouble(step, neuron) != 0) {
                    out.add(new int[]{step, k});
                }
            }
        }
        return out;
    }

    /** R[h, w] = mean over (T, C) of a folded spike tensor {@code [T, C, H, W]} of one sample. */
    static double[][] heatMap(INDArray spikes) {
        INDArray r = spikes.mean(0, 1);
        return r.toDoubleMatrix();
    }

    /**
     * The SMA pictures of one layer: the temporal attention weight of each scale over the steps (lines), and
     * the channel attention averaged over the steps as a scale x channel heat map.
     */
    private static void attentionPictures(AttentionWeights att, int layer, int sample, String clip, int t, Path dir,
                                          CommandLine cmd, List<Path> written) throws IOException {
        double[] steps = new double[t];
        List<String> names = new ArrayList<>();
        List<double[]> series = new ArrayList<>();
        for (int step = 0; step < t; step++) {
            steps[step] = step;
        }
        for (int s = 0; s < att.kernels().length; s++) {
            names.add("scale " + (s + 1) + " (" + att.kernels()[s] + "x" + att.kernels()[s] + ")");
            series.add(att.time()[s]);
        }
        written.add(target(dir, "attention-time-layer" + layer + "-sample" + sample + ".png", cmd));
        Pictures.lines("SMA layer " + layer + " temporal attention per scale, " + clip, "time step", "weight", steps,
                names, series, last(written));
        written.add(target(dir, "attention-channel-layer" + layer + "-sample" + sample + ".png", cmd));
        Pictures.heatMap(att.channel(), "SMA layer " + layer + " channel attention (rows: scales "
                + Arrays.toString(att.kernels()) + ", columns: channels; mean over T), " + clip, last(written));
    }

    /** Per spiking layer index (rank-4 output): R[h, w] averaged over the whole test split. */
    private static Map<Integer, double[][]> averageHeatMaps(Model net, ExperimentData data) {
        Map<Integer, INDArray> sums = new HashMap<>();
        long clips = 0;
        FrameDataSetIterator it = data.testIterator();
        while (it.hasNext()) {
            DataSet ds = it.next();
            for (LayerActivations.Entry a : LayerActivations.of(net, ds.getFeatures())) {
                INDArray s = a.output();
                if (SpikeInputs.emitsSpikes(a.conf()) && s.rank() == 4) {
                    INDArray m = s.mean(0, 1).muli(ds.numExamples());
                    sums.merge(a.index(), m, INDArray::addi);
                }
            }
            clips += ds.numExamples();
        }
        Map<Integer, double[][]> out = new HashMap<>();
        for (Map.Entry<Integer, INDArray> e : sums.entrySet()) {
            out.put(e.getKey(), e.getValue().divi(clips).toDoubleMatrix());
        }
        return out;
    }
}
