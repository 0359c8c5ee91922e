package org.snn4j.cli.plot;

import org.snn4j.core.io.AtomicFiles;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.snn4j.train.EpochMetrics;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The pictures of {@code snn visualize}: charts through XChart, pixel maps (event frames, heat maps)
 * through Java's ImageIO. Every file is written atomically.
 */
public final class Pictures {
    private static final int SCALE = 6;

    private Pictures() {
    }

    /** Event frames {@code [T][2][H][W]} as a row of tiles: ON events red, OFF events blue, both magenta. */
    public static void eventFrames(float[] frames, int t, int h, int w, String title, Path file) throws IOException {
        int tile = w * SCALE;
        int gap = 4;
        BufferedImage img = new BufferedImage(t * (tile + gap) + gap, h * SCALE + 2 * gap + 20, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = header(img, title);
        float max = 1;
        for (float f : frames) {
            max = Math.max(max, f);
        }
        for (int s = 0; s < t; s++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float off = frames[((s * 2) * h + y) * w + x] / max;
                    float on = frames[((s * 2 + 1) * h + y) * w + x] / max;
                    g.setColor(new Color(Math.min(1f, on * 3), 0f, Math.min(1f, off * 3)));
                    g.fillRect(gap + s * (tile + gap) + x * SCALE, 20 + gap + y * SCALE, SCALE, SCALE);
                }
            }
        }
        g.dispose();
        write(img, file);
    }

    /** A heat map of {@code values[h][w]} in the jet colours of the MA-SNN figures (dark blue 0 .. red max). */
    public static void heatMap(double[][] values, String title, Path file) throws IOException {
        int h = values.length;
        int w = values[0].length;
        int scale = Math.max(4, 256 / Math.max(h, w));
        BufferedImage img = new BufferedImage(Math.max(w * scale + 60, 7 * title.length() + 10), h * scale + 30,
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = header(img, title);
        double max = 1e-12;
        for (double[] row : values) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                g.setColor(jet(values[y][x] / max));
                g.fillRect(x * scale, 24 + y * scale, scale, scale);
            }
        }
        for (int i = 0; i < h * scale; i++) {
            g.setColor(jet(1 - i / (double) (h * scale)));
            g.fillRect(w * scale + 10, 24 + i, 12, 1);
        }
        g.setColor(Color.WHITE);
        g.drawString(String.format(java.util.Locale.ROOT, "%.3f", max), w * scale + 24, 34);
        g.drawString("0", w * scale + 24, 24 + h * scale);
        g.dispose();
        write(img, file);
    }

    /** Spike raster: one dot per (time step, neuron) spike. */
    public static void raster(List<int[]> spikes, int timesteps, int neurons, String title, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("time step")
                .yAxisTitle("neuron").build();
        chart.getStyler().setDefaultSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        chart.getStyler().setLegendVisible(false);
        chart.getStyler().setMarkerSize(4);
        chart.getStyler().setXAxisMin(-0.5).setXAxisMax(timesteps - 0.5).setYAxisMin(-0.5).setYAxisMax(neurons - 0.5);
        double[] xs = new double[Math.max(1, spikes.size())];
        double[] ys = new double[xs.length];
        for (int i = 0; i < spikes.size(); i++) {
            xs[i] = spikes.get(i)[0];
            ys[i] = spikes.get(i)[1];
        }
        if (spikes.isEmpty()) {
            xs[0] = -1;
            ys[0] = -1;
        }
        chart.addSeries("spikes", xs, ys).setMarker(SeriesMarkers.CIRCLE).setMarkerColor(Color.BLACK);
        save(chart, file);
    }

    /** Training curves from a run's metrics: loss and accuracy per epoch. */
    public static void curves(List<EpochMetrics> epochs, String title, Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle("epoch").build();
        double[] x = new double[epochs.size()];
        double[][] y = new double[4][epochs.size()];
        for (int i = 0; i < epochs.size(); i++) {
            EpochMetrics m = epochs.get(i);
            x[i] = m.epoch();
            y[0][i] = m.trainLoss();
            y[1][i] = m.testLoss();
            y[2][i] = m.trainAccuracy();
            y[3][i] = m.testAccuracy();
        }
        String[] names = {"train loss", "test loss", "train accuracy", "test accuracy"};
        for (int k = 0; k < 4; k++) {
            chart.addSeries(names[k], x, y[k]);
        }
        save(chart, file);
    }

    /** Lines, one per series (e.g. attention weight of each scale over time). */
    public static void lines(String title, String xTitle, String yTitle, double[] x, List<String> names, List<double[]> series,
                             Path file) throws IOException {
        XYChart chart = new XYChartBuilder().width(800).height(500).title(title).xAxisTitle(xTitle).yAxisTitle(yTitle).build();
        for (int i = 0; i < names.size(); i++) {
            chart.addSeries(names.get(i), x, series.get(i));
        }
        save(chart, file);
    }

    static Color jet(double v) {
        double x = Math.max(0, Math.min(1, v));
        double r = clamp(1.5 - Math.abs(4 * x - 3));
        double g = clamp(1.5 - Math.abs(4 * x - 2));
        double b = clamp(1.5 - Math.abs(4 * x - 1));
        return new Color((float) r, (float) g, (float) b);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }

    private static Graphics2D header(BufferedImage img, String title) {
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(Color.WHITE);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(title, 4, 15);
        return g;
    }

    private static void save(XYChart chart, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (java.io.OutputStream o = java.nio.file.Files.newOutputStream(tmp)) {
                BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG);
            }
        });
    }

    private static void write(BufferedImage img, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            if (!ImageIO.write(img, "png", tmp.toFile())) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
