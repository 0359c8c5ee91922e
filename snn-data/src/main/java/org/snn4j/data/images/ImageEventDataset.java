package org.snn4j.data.images;

import org.snn4j.data.events.EventDataset;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.Frames;
import org.snn4j.data.frames.SplitBy;
import org.snn4j.data.io.EventFormatException;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.iterator.FrameSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A static image dataset in IDX format seen as events: clip i is image i converted by simulated saccades
 * ({@link SaccadeConverter}, seeded per image), on a sensor {@code margin} pixels larger than the image.
 * {@link #repeatedFrames} gives the other common encoding, the grey image (scaled to [0, 1], padded to the
 * same sensor) repeated for every time step ("direct encoding").
 */
public final class ImageEventDataset implements EventDataset {
    /** Fashion-MNIST class names (Xiao et al. 2017), label order of the IDX files. */
    public static final List<String> FASHION_MNIST_CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    /** Where Debian's dataset-fashion-mnist package installs the files. */
    public static final Path DEBIAN_FASHION_MNIST = Path.of("/usr/share/datasets/fashion-mnist");

    private final byte[] pixels;
    private final byte[] labels;
    private final int count;
    private final int rows;
    private final int cols;
    private final List<String> classNames;
    private final SaccadeConverter converter;
    private final long seed;

    public ImageEventDataset(IdxFile images, IdxFile labelFile, List<String> classNames, SaccadeConverter converter,
                             long seed, int limit) {
        if (images.dims().length != 3 || labelFile.dims().length != 1 || images.dims()[0] != labelFile.dims()[0]) {
            throw new IllegalArgumentException("need images [n, rows, cols] and labels [n] with the same n, got "
                    + java.util.Arrays.toString(images.dims()) + " and " + java.util.Arrays.toString(labelFile.dims()));
        }
        this.count = Math.min(limit, images.dims()[0]);
        this.rows = images.dims()[1];
        this.cols = images.dims()[2];
        this.pixels = images.data();
        this.labels = labelFile.data();
        this.classNames = List.copyOf(classNames);
        this.converter = converter;
        this.seed = seed;
        for (int i = 0; i < count; i++) {
            if ((labels[i] & 0xFF) >= classNames.size()) {
                throw new IllegalArgumentException("label " + (labels[i] & 0xFF) + " of image " + i + " outside the "
                        + classNames.size() + " classes");
            }
        }
    }

    /**
     * Fashion-MNIST from a folder holding {@code train-images-idx3-ubyte[.gz]} etc. (Debian: {@link #DEBIAN_FASHION_MNIST}).
     *
     * @param limit use only the first {@code limit} images
     */
    public static ImageEventDataset fashionMnist(Path dir, boolean train, int limit, long seed) throws IOException {
        String prefix = train ? "train" : "t10k";
        return new ImageEventDataset(IdxFile.read(find(dir, prefix + "-images-idx3-ubyte")),
                IdxFile.read(find(dir, prefix + "-labels-idx1-ubyte")), FASHION_MNIST_CLASSES, SaccadeConverter.nmnistLike(),
                seed, limit);
    }

    private static Path find(Path dir, String name) throws IOException {
        for (String n : new String[]{name, name + ".gz"}) {
            if (Files.isRegularFile(dir.resolve(n))) {
                return dir.resolve(n);
            }
        }
        throw EventFormatException.ofFile(dir.resolve(name), "IDX file missing (also looked for .gz)");
    }

    @Override
    public int size() {
        return count;
    }

    @Override
    public EventStream events(int index) {
        check(index);
        return converter.convert(pixels, index * rows * cols, rows, cols, seed * 0x9E3779B97F4A7C15L + index);
    }

    /** Image {@code index} scaled to [0, 1] and padded to the sensor, repeated T times: {@code [T, 1, H, W]}. */
    public Frames repeatedFrames(int index, int timesteps) {
        check(index);
        int w = width();
        int h = height();
        int mx = (w - cols) / 2;
        int my = (h - rows) / 2;
        float[] one = new float[h * w];
        for (int y = 0; y < rows; y++) {
            for (int x = 0; x < cols; x++) {
                one[(y + my) * w + x + mx] = (pixels[index * rows * cols + y * cols + x] & 0xFF) / 255f;
            }
        }
        float[] all = new float[timesteps * h * w];
        for (int t = 0; t < timesteps; t++) {
            System.arraycopy(one, 0, all, t * h * w, h * w);
        }
        return new Frames(all, timesteps, 1, h, w);
    }

    /** Batches {@code [N, T, H, W]} of repeated grey frames (direct encoding), shuffled by seed. */
    public static FrameDataSetIterator repeatedFrameIterator(ImageEventDataset ds, int timesteps, int batch, Long shuffleSeed) {
        FrameSource source = (data, index) -> ((ImageEventDataset) data).repeatedFrames(index, timesteps);
        return new FrameDataSetIterator(ds, FrameSpec.frameCount(timesteps, SplitBy.NUMBER).withMergedPolarity(true), source,
                batch, shuffleSeed);
    }

    private void check(int index) {
        if (index < 0 || index >= count) {
            throw new IndexOutOfBoundsException("image " + index + " outside [0, " + count + ")");
        }
    }

    @Override
    public int label(int index) {
        check(index);
        return labels[index] & 0xFF;
    }

    @Override
    public List<String> classNames() {
        return classNames;
    }

    @Override
    public String clipId(int index) {
        return "image-" + index + "-seed-" + seed;
    }

    @Override
    public int width() {
        return converter.sensorWidth(cols);
    }

    @Override
    public int height() {
        return converter.sensorHeight(rows);
    }
}
