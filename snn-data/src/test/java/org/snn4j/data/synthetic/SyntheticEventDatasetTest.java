package org.snn4j.data.synthetic;

import org.junit.jupiter.api.Test;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.frames.FrameIntegrator;
import org.snn4j.data.frames.SplitBy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticEventDatasetTest {

    @Test
    void sameSeedAndIndexGiveIdenticalEvents() {
        EventStream a = SyntheticEventDataset.train(7, 22, 32).events(13);
        EventStream b = SyntheticEventDataset.train(7, 22, 32).events(13);
        assertArrayEquals(a.timestamps(), b.timestamps());
        assertArrayEquals(a.xs(), b.xs());
        assertArrayEquals(a.ys(), b.ys());
        assertArrayEquals(a.polarities(), b.polarities());
    }

    @Test
    void testRangeContinuesTheTrainStreamWithoutOverlap() {
        SyntheticEventDataset train = SyntheticEventDataset.train(7, 22, 32);
        SyntheticEventDataset test = SyntheticEventDataset.test(7, 22, 11, 32);
        // Clip 0 of the test range is clip 22 of the stream: same as a train range that reaches it.
        SyntheticEventDataset longer = SyntheticEventDataset.train(7, 23, 32);
        assertArrayEquals(longer.events(22).timestamps(), test.events(0).timestamps());
        assertFalse(java.util.Arrays.equals(train.events(0).timestamps(), test.events(0).timestamps()));
        assertEquals(22 % 11, test.label(0));
    }

    @Test
    void differentSeedsGiveDifferentClips() {
        assertFalse(java.util.Arrays.equals(SyntheticEventDataset.train(1, 1, 32).events(0).xs(),
                SyntheticEventDataset.train(2, 1, 32).events(0).xs()));
    }

    @Test
    void eventsAreTimeOrderedInsideTheSensorWithBothPolarities() {
        SyntheticEventDataset d = SyntheticEventDataset.train(3, 33, 32);
        for (int i = 0; i < d.size(); i++) {
            EventStream ev = d.events(i);
            assertTrue(ev.size() > 100, "clip " + i + " has only " + ev.size() + " events");
            int on = 0;
            for (int k = 0; k < ev.size(); k++) {
                if (k > 0) {
                    assertTrue(ev.t(k) >= ev.t(k - 1), "time order broken at event " + k + " of clip " + i);
                }
                assertTrue(ev.x(k) >= 0 && ev.x(k) < 32 && ev.y(k) >= 0 && ev.y(k) < 32);
                on += ev.p(k);
            }
            assertTrue(on > 0 && on < ev.size(), "clip " + i + " lacks one polarity");
        }
    }

    @Test
    void labelsCycleThroughAllElevenClasses() {
        SyntheticEventDataset d = SyntheticEventDataset.train(3, 22, 32);
        int[] counts = new int[11];
        for (int i = 0; i < d.size(); i++) {
            counts[d.label(i)]++;
        }
        for (int c : counts) {
            assertEquals(2, c);
        }
    }

    @Test
    void framesCountEveryEventOnce() {
        EventStream ev = SyntheticEventDataset.train(5, 11, 32).events(4);
        for (SplitBy split : SplitBy.values()) {
            float[] frames = FrameIntegrator.byFrameCount(ev, 8, split);
            double total = 0;
            for (float f : frames) {
                total += f;
            }
            assertEquals(ev.size(), total, 0.0, "split by " + split);
        }
    }

    @Test
    void rightwardBrightShapeHasOnEventsAheadOfOffEvents() {
        // Physics check of the simulated sensor: a bright shape entering pixels makes ON events, so for
        // class 0 (moving right) the mean x of ON events exceeds that of OFF events when the shape is bright.
        SyntheticEventDataset d = SyntheticEventDataset.train(11, 110, 32);
        int checked = 0;
        for (int i = 0; i < d.size(); i += 11) {
            EventStream ev = d.events(i);
            double[] sum = new double[2];
            int[] n = new int[2];
            for (int k = 0; k < ev.size(); k++) {
                sum[ev.p(k)] += ev.x(k);
                n[ev.p(k)]++;
            }
            double diff = sum[1] / n[1] - sum[0] / n[0];
            assertTrue(Math.abs(diff) > 1.0, "ON and OFF events of a moving shape should be displaced, clip " + i);
            checked++;
        }
        assertEquals(10, checked);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> SyntheticEventDataset.train(1, 10, 8));
        assertThrows(IndexOutOfBoundsException.class, () -> SyntheticEventDataset.train(1, 10, 32).events(10));
    }
}
