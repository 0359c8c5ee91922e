package org.snn4j.data.iterator;

import org.nd4j.linalg.dataset.AsyncDataSetIterator;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.data.augment.EpochAware;
import org.snn4j.data.events.EventDataset;
import org.snn4j.data.frames.FrameMode;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.Frames;
import org.snn4j.data.frames.SplitBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Delivers an {@link EventDataset} as DL4J mini-batches of frames: features {@code [N, T*C, H, W]}
 * (frame t's C channels at channels [t*C, (t+1)*C), the layout snn-core's FoldTime expects; C = 2
 * polarity channels unless merged), one-hot labels {@code [N, K]}. The default integration is T frames
 * split by event count (SpikingJelly's split_by='number', as the SMA-AZO recipes); any {@link FrameSpec}
 * with a fixed frame count, and the on-disk cache, can be used through a {@link FrameSource}. With a
 * shuffle seed, epoch e visits clips in the order of {@code new Random(seed + e)}; without one, in index
 * order. On each reset an {@link EpochAware} dataset (augmentation) is told the new epoch.
 * {@link #async(int)} wraps the iterator in ND4J's prefetching {@link AsyncDataSetIterator}.
 */
public class FrameDataSetIterator implements DataSetIterator {
    private final EventDataset data;
    private final FrameSpec spec;
    private final FrameSource source;
    private final int batch;
    private final Long shuffleSeed;
    private final List<Integer> order = new ArrayList<>();
    private int cursor;
    private int epoch;
    private DataSetPreProcessor preProcessor;

    public FrameDataSetIterator(EventDataset data, int timesteps, int batch, Long shuffleSeed) {
        this(data, FrameSpec.frameCount(timesteps, SplitBy.NUMBER), batch, shuffleSeed);
    }

    public FrameDataSetIterator(EventDataset data, FrameSpec spec, int batch, Long shuffleSeed) {
        this(data, spec, FrameSource.direct(spec), batch, shuffleSeed);
    }

    /** @param source where frames come from; it must produce frames of {@code spec}'s shape */
    public FrameDataSetIterator(EventDataset data, FrameSpec spec, FrameSource source, int batch, Long shuffleSeed) {
        if (batch <= 0) {
            throw new IllegalArgumentException("batch must be > 0, got " + batch);
        }
        if (spec.mode() == FrameMode.FIXED_DURATION) {
            throw new IllegalArgumentException("fixed-duration frames vary in number per clip; a batch needs a fixed T");
        }
        this.data = data;
        this.spec = spec;
        this.source = source;
        this.batch = batch;
        this.shuffleSeed = shuffleSeed;
        reset();
    }

    /** Frames of one clip, {@code [T*C*H*W]} row-major. */
    public float[] frames(int index) {
        Frames f = source.frames(data, index);
        if (f.frames() != timesteps() || f.channels() != spec.channels() || f.height() != height() || f.width() != width()) {
            throw new IllegalStateException("clip " + data.clipId(index) + " gave frames " + f.frames() + "x" + f.channels()
                    + "x" + f.height() + "x" + f.width() + ", expected " + timesteps() + "x" + spec.channels() + "x"
                    + height() + "x" + width());
        }
        return f.data();
    }

    private int height() {
        return spec.outHeight(data.height());
    }

    private int width() {
        return spec.outWidth(data.width());
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("no more clips in this epoch");
        }
        int n = Math.min(num, order.size() - cursor);
        int[] indices = new int[n];
        for (int i = 0; i < n; i++) {
            indices[i] = order.get(cursor + i);
        }
        cursor += n;
        return batchOf(indices);
    }

    /**
     * The mini-batch of the given clips (dataset indices, in this order), pre-processed as {@link #next()}
     * would: what a distributed engine builds on a worker from the indices of {@link #order()}.
     */
    public DataSet batchOf(int[] indices) {
        int n = indices.length;
        int k = data.numClasses();
        int per = inputColumns();
        float[] features = new float[n * per];
        float[] labels = new float[n * k];
        for (int i = 0; i < n; i++) {
            int idx = indices[i];
            if (idx < 0 || idx >= data.size()) {
                throw new IndexOutOfBoundsException("clip index " + idx + " outside the dataset's 0.." + (data.size() - 1));
            }
            System.arraycopy(frames(idx), 0, features, i * per, per);
            labels[i * k + data.label(idx)] = 1f;
        }
        DataSet ds = new DataSet(Nd4j.create(features, new long[]{n, (long) timesteps() * spec.channels(), height(), width()}, 'c'),
                Nd4j.create(labels, new long[]{n, k}, 'c'));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
    }

    /** The clips (dataset indices) of the current epoch in visiting order, as set by the last {@link #reset()}. */
    public int[] order() {
        return order.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public DataSet next() {
        return next(batch);
    }

    @Override
    public boolean hasNext() {
        return cursor < order.size();
    }

    @Override
    public int inputColumns() {
        return timesteps() * spec.channels() * height() * width();
    }

    @Override
    public int totalOutcomes() {
        return data.numClasses();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    @Override
    public boolean asyncSupported() {
        return true;
    }

    @Override
    public void reset() {
        order.clear();
        for (int i = 0; i < data.size(); i++) {
            order.add(i);
        }
        if (shuffleSeed != null) {
            java.util.Collections.shuffle(order, new Random(shuffleSeed + epoch));
        }
        if (data instanceof EpochAware aware) {
            aware.setEpoch(epoch);
        }
        epoch++;
        cursor = 0;
    }

    /** This iterator behind a background thread that prefetches {@code queueSize} batches. */
    public DataSetIterator async(int queueSize) {
        return new AsyncDataSetIterator(this, queueSize);
    }

    @Override
    public int batch() {
        return batch;
    }

    public int timesteps() {
        return spec.frames();
    }

    public FrameSpec spec() {
        return spec;
    }

    public EventDataset dataset() {
        return data;
    }

    @Override
    public void setPreProcessor(DataSetPreProcessor preProcessor) {
        this.preProcessor = preProcessor;
    }

    @Override
    public DataSetPreProcessor getPreProcessor() {
        return preProcessor;
    }

    @Override
    public List<String> getLabels() {
        return data.classNames();
    }
}
