package org.snn4j.cli.command;

import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.cli.CliFailure;
import org.snn4j.cli.UsageException;
import org.snn4j.cli.experiment.ExperimentData;
import org.snn4j.cli.experiment.Networks;
import org.snn4j.cli.experiment.RunRecord;
import org.snn4j.cli.plot.Pictures;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.data.iterator.FrameDataSetIterator;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code snn visualize}: PNG pictures of a trained run — the event frames of a test clip, the spike raster
 * and firing-rate heat map (mean over time and channels, MA-SNN Fig. 6) of every spiking layer for that
 * clip, the heat maps averaged over the whole test split, and the training curves.
 */
public final class VisualizeCommand implements Command {

    @Override
    public String name() {
        return "visualize";
    }

    @Override
    public String summary() {
        return "PNG pictures of a run: event frames, spike rasters, firing-rate heat maps, training curves";
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
        RunRecord record = RunRecord.open(Path.of(cmd.getOptionValue("run")));
        Path dir = Path.of(cmd.getOptionValue("out", record.dir().resolve("plots").toString()));
        ExperimentData data = ExperimentData.fromConfig(record.readJson("config.json"));
        int sample = OptionValues.intValue(cmd, "sample", 0, 0);
        if (sample >= data.test().size()) {
            throw new UsageException("--sample must be < " + data.test().size() + " (test clips of this run), got " + sample);
        }
        MultiLayerNetwork net = Networks.sequential(RunRecord.loadModel(
                EvalCommand.checkpoint(record, cmd.getOptionValue("checkpoint", "best"))), "snn visualize");
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
            List<INDArray> acts = net.feedForward(x, false);
            double[][][] testAverage = averageHeatMaps(net, data);
            Layer[] layers = net.getLayers();
            for (int i = 0; i < layers.length; i++) {
                if (!(layers[i].conf().getLayer() instanceof SpikingNeuron)) {
                    continue;
                }
                INDArray s = acts.get(i + 1);
                written.add(target(dir, "raster-layer" + i + "-sample" + sample + ".png", cmd));
                Pictures.raster(raster(s, t, 120), t, 120, "spikes of layer " + i + " (120 of " + s.length() / t
                        + " neurons), " + clip, last(written));
                if (s.rank() == 4) {
                    written.add(target(dir, "heatmap-layer" + i + "-sample" + sample + ".png", cmd));
                    Pictures.heatMap(heatMap(s), "layer " + i + " firing rate (mean over T, C), " + clip, last(written));
                    written.add(target(dir, "heatmap-layer" + i + "-test-average.png", cmd));
                    Pictures.heatMap(testAverage[i], "layer " + i + " firing rate, mean over the test split", last(written));
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

    private static double[][][] averageHeatMaps(MultiLayerNetwork net, ExperimentData data) {
        Layer[] layers = net.getLayers();
        INDArray[] sums = new INDArray[layers.length];
        long clips = 0;
        FrameDataSetIterator it = data.testIterator();
        while (it.hasNext()) {
            DataSet ds = it.next();
            List<INDArray> acts = net.feedForward(ds.getFeatures(), false);
            for (int i = 0; i < layers.length; i++) {
                INDArray s = acts.get(i + 1);
                if (layers[i].conf().getLayer() instanceof SpikingNeuron && s.rank() == 4) {
                    INDArray m = s.mean(0, 1).muli(ds.numExamples());
                    sums[i] = sums[i] == null ? m : sums[i].addi(m);
                }
            }
            clips += ds.numExamples();
        }
        double[][][] out = new double[layers.length][][];
        for (int i = 0; i < layers.length; i++) {
            if (sums[i] != null) {
                out[i] = sums[i].divi(clips).toDoubleMatrix();
            }
        }
        return out;
    }
}
