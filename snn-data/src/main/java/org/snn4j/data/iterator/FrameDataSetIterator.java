package org.snn4j.data.iterator;

import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.data.events.EventDataset;
import org.snn4j.data.frames.FrameIntegrator;
import org.snn4j.data.frames.SplitBy;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;

/**
 * Delivers an {@link EventDataset} as DL4J mini-batches of frames: features {@code [N, T*2, H, W]}
 * (frame t's two polarity channels at channels 2t and 2t+1, the layout snn-core's FoldTime expects),
 * one-hot labels {@code [N, K]}. Events are integrated into T frames split by event count (SpikingJelly's
 * split_by='number', as the SMA-AZO recipes). With a shuffle seed, epoch e visits clips in the order of
 * {@code new Random(seed + e)}; without one, in index order.
 */
public class FrameDataSetIterator implements DataSetIterator {
    private final EventDataset data;
    private final int timesteps;
    private final int batch;
    private final Long shuffleSeed;
    private final List<Integer> order = new ArrayList<>();
    private int cursor;
    private int epoch;
    private DataSetPreProcessor preProcessor;

    public FrameDataSetIterator(EventDataset data, int timesteps, int batch, Long shuffleSeed) {
        if (timesteps <= 0 || batch <= 0) {
            throw new IllegalArgumentException("timesteps and batch must be > 0, got T=" + timesteps + " batch=" + batch);
        }
        this.data = data;
        this.timesteps = timesteps;
        this.batch = batch;
        this.shuffleSeed = shuffleSeed;
        reset();
    }

    /** Frames of one clip, {@code [T*2*H*W]} row-major. */
    public float[] frames(int index) {
        return FrameIntegrator.byFrameCount(data.events(index), timesteps, SplitBy.NUMBER);
    }

    @Override
    public DataSet next(int num) {
        if (!hasNext()) {
            throw new NoSuchElementException("no more clips in this epoch");
        }
        int n = Math.min(num, order.size() - cursor);
        int h = data.height();
        int w = data.width();
        int k = data.numClasses();
        int per = timesteps * 2 * h * w;
        float[] features = new float[n * per];
        float[] labels = new float[n * k];
        for (int i = 0; i < n; i++) {
            int idx = order.get(cursor + i);
            System.arraycopy(frames(idx), 0, features, i * per, per);
            labels[i * k + data.label(idx)] = 1f;
        }
        cursor += n;
        DataSet ds = new DataSet(Nd4j.create(features, new long[]{n, timesteps * 2L, h, w}, 'c'),
                Nd4j.create(labels, new long[]{n, k}, 'c'));
        if (preProcessor != null) {
            preProcessor.preProcess(ds);
        }
        return ds;
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
        return timesteps * 2 * data.height() * data.width();
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
        epoch++;
        cursor = 0;
    }

    @Override
    public int batch() {
        return batch;
    }

    public int timesteps() {
        return timesteps;
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
