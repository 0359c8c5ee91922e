package org.snn4j.data.augment;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.Frames;
import org.snn4j.data.frames.SplitBy;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.synthetic.SyntheticEventDataset;
import org.snn4j.data.testutil.Fixtures;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AugmentationTest {
    private final EventStream ev = Fixtures.nmnist();

    /** One draw per clip: every frame and polarity of the augmented clip is the original shifted by the same (dx, dy). */
    @Test
    void flipTranslateMovesAllFramesTogether() {
        FrameSpec spec = FrameSpec.frameCount(4, SplitBy.NUMBER);
        Frames orig = spec.integrate(ev);
        EventStream moved = FlipTranslate.transform(ev, true, 2, -3);
        Frames f = FrameSpec.frameCount(4, SplitBy.TIME).integrate(moved); // any framing: compare per-pixel totals
        float[] expect = new float[2 * 34 * 34];
        float[] got = new float[2 * 34 * 34];
        for (int c = 0; c < 8; c++) {
            for (int y = 0; y < 34; y++) {
                for (int x = 0; x < 34; x++) {
                    int nx = 33 - x + 2;
                    int ny = y - 3;
                    if (nx >= 0 && nx < 34 && ny >= 0 && ny < 34) {
                        expect[(c % 2) * 34 * 34 + ny * 34 + nx] += orig.data()[c * 34 * 34 + y * 34 + x];
                    }
                    got[(c % 2) * 34 * 34 + y * 34 + x] += f.data()[c * 34 * 34 + y * 34 + x];
                }
            }
        }
        assertArrayEquals(expect, got);
        EventStream a = new FlipTranslate(0.5, 5).apply(ev, new SplittableRandom(7));
        EventStream b = new FlipTranslate(0.5, 5).apply(ev, new SplittableRandom(7));
        assertArrayEquals(a.xs(), b.xs());
    }

    @Test
    void eventDropAndTemporalDeleteAreSeededAndRemoveEvents() {
        EventStream d = new EventDrop(0.3).apply(ev, new SplittableRandom(1));
        assertTrue(Math.abs(d.size() - 0.7 * ev.size()) < 0.05 * ev.size(), "kept " + d.size());
        assertEquals(d.size(), new EventDrop(0.3).apply(ev, new SplittableRandom(1)).size());
        EventStream t = new TemporalDelete(0.5).apply(ev, new SplittableRandom(3));
        assertTrue(t.size() < ev.size());
        // the removed events form one contiguous time window
        long lastKeptBeforeGap = -1;
        int gaps = 0;
        for (int i = 0, j = 0; i < ev.size(); i++) {
            boolean kept = j < t.size() && t.t(j) == ev.t(i) && t.x(j) == ev.x(i) && t.y(j) == ev.y(i);
            if (kept) {
                j++;
            } else if (i > 0 && lastKeptBeforeGap == i - 1) {
                gaps++;
            }
            if (kept) {
                lastKeptBeforeGap = i;
            }
        }
        assertTrue(gaps <= 1, "deleted events must form one window, found " + gaps + " gaps");
    }

    @Test
    void augmentedDatasetChangesPerEpochButIsReproducible() {
        SyntheticEventDataset base = new SyntheticEventDataset(2, 0, 4, 32);
        AugmentedDataset a = new AugmentedDataset(base, 11, new FlipTranslate(0.5, 3), new EventDrop(0.1));
        AugmentedDataset b = new AugmentedDataset(base, 11, new FlipTranslate(0.5, 3), new EventDrop(0.1));
        assertArrayEquals(a.events(2).xs(), b.events(2).xs());
        FrameDataSetIterator it = new FrameDataSetIterator(a, 4, 2, 5L);
        float[] epoch0 = it.frames(2);
        it.reset();
        assertFalse(java.util.Arrays.equals(epoch0, it.frames(2)));
    }

    @Test
    void randomErasingZeroesOneRectanglePerClipAndMixupMixesLabels() {
        DataSet ds = new DataSet(Nd4j.ones(DataType.FLOAT, 3, 4, 10, 10), Nd4j.eye(3).castTo(DataType.FLOAT));
        new RandomErasing(1.0, 0.1, 0.1, 4).preProcess(ds);
        for (int n = 0; n < 3; n++) {
            double zeros = 400 - ds.getFeatures().slice(n).sumNumber().doubleValue();
            assertEquals(4 * 9, zeros, 1e-6); // side round(sqrt(10)) = 3 -> 9 px in each of 4 channels
        }
        DataSet m = new DataSet(Nd4j.rand(DataType.FLOAT, 4, 2, 3, 3), Nd4j.eye(4).castTo(DataType.FLOAT));
        new FrameMixup(0.4, 9).preProcess(m);
        for (int n = 0; n < 4; n++) {
            assertEquals(1.0, m.getLabels().getRow(n).sumNumber().doubleValue(), 1e-6);
        }
    }
}
