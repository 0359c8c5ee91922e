package org.snn4j.data.iterator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.snn4j.data.cache.FrameCache;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.SplitBy;
import org.snn4j.data.synthetic.SyntheticEventDataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FrameDataSetIteratorTest {
    @TempDir
    Path tmp;

    private final SyntheticEventDataset ds = new SyntheticEventDataset(9, 0, 10, 32);

    @Test
    void layoutLabelsAndShuffleBySeed() {
        FrameDataSetIterator it = new FrameDataSetIterator(ds, 5, 4, 42L);
        DataSet b = it.next();
        assertArrayEquals(new long[]{4, 10, 32, 32}, b.getFeatures().shape());
        assertArrayEquals(new long[]{4, 11}, b.getLabels().shape());
        List<Integer> labels1 = labels(new FrameDataSetIterator(ds, 5, 3, 42L));
        assertEquals(labels1, labels(new FrameDataSetIterator(ds, 5, 3, 42L)));
        assertEquals(10, labels1.size());
        // frames of clip t are at channels [2t, 2t+2)
        FrameDataSetIterator plain = new FrameDataSetIterator(ds, 5, 10, null);
        DataSet all = plain.next();
        float[] clip3 = FrameSpec.frameCount(5, SplitBy.NUMBER).integrate(ds.events(3)).data();
        assertArrayEquals(clip3, all.getFeatures().slice(3).dup().data().asFloat());
    }

    @Test
    void batchesFromTheEpochOrderAreTheIteratorsBatches() {
        FrameDataSetIterator it = new FrameDataSetIterator(ds, 3, 4, 7L);
        it.reset();
        int[] order = it.order();
        assertEquals(10, order.length);
        assertEquals(45, java.util.Arrays.stream(order).sum()); // a permutation of 0..9
        for (int start = 0; start < order.length; start += 4) {
            DataSet expected = it.next();
            DataSet built = it.batchOf(java.util.Arrays.copyOfRange(order, start, Math.min(order.length, start + 4)));
            assertEquals(expected.getFeatures(), built.getFeatures());
            assertEquals(expected.getLabels(), built.getLabels());
        }
        org.junit.jupiter.api.Assertions.assertThrows(IndexOutOfBoundsException.class, () -> it.batchOf(new int[]{10}));
    }

    @Test
    void downsampledMergedSpecCachedAndAsync() throws Exception {
        FrameSpec spec = FrameSpec.dtWindows(10_000, 6).withDownsample(4).withMergedPolarity(true);
        FrameCache cache = new FrameCache(tmp);
        FrameDataSetIterator direct = new FrameDataSetIterator(ds, spec, 4, 1L);
        FrameDataSetIterator cached = new FrameDataSetIterator(ds, spec, FrameSource.cached(cache, "syn", spec), 4, 1L);
        DataSetIterator async = cached.async(2);
        int batches = 0;
        while (direct.hasNext()) {
            DataSet a = direct.next();
            assertEquals(true, async.hasNext()); // ND4J's async iterator fills its next element in hasNext()
            DataSet b = async.next();
            assertArrayEquals(new long[]{a.numExamples(), 6, 8, 8}, a.getFeatures().shape());
            assertEquals(a.getFeatures(), b.getFeatures());
            assertEquals(a.getLabels(), b.getLabels());
            batches++;
        }
        assertEquals(false, async.hasNext());
        assertEquals(3, batches);
        assertEquals(10, cache.built());
    }

    private static List<Integer> labels(FrameDataSetIterator it) {
        List<Integer> out = new ArrayList<>();
        while (it.hasNext()) {
            DataSet d = it.next();
            for (int i = 0; i < d.numExamples(); i++) {
                out.add(d.getLabels().getRow(i).argMax().getInt(0));
            }
        }
        return out;
    }
}
