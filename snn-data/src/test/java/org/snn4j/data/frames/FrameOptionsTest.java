package org.snn4j.data.frames;

import org.junit.jupiter.api.Test;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.testutil.Fixtures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** MA-SNN dt windows, downsampling, merged polarity and binarisation, each against an independent computation. */
class FrameOptionsTest {
    private final EventStream ev = Fixtures.nmnist();

    @Test
    void dtWindowsEqualPerEventWindowIndex() {
        long dt = 15_000;
        int T = 12;
        Frames f = FrameSpec.dtWindows(dt, T).integrate(ev);
        float[] expect = new float[T * 2 * 34 * 34];
        long t0 = ev.t(0);
        for (int i = 0; i < ev.size(); i++) {
            long w = (ev.t(i) - t0) / dt;
            if (w < T) {
                expect[(int) ((w * 2 + ev.p(i)) * 34 * 34 + ev.y(i) * 34 + ev.x(i))]++;
            }
        }
        assertArrayEquals(expect, f.data());
    }

    @Test
    void dtWindowsFromStartSkipEarlierEvents() {
        long start = 100_000;
        Frames f = FrameIntegrator.dtWindowsFrom(ev, start, FrameSpec.dtWindows(10_000, 3));
        int expected = 0;
        for (int i = 0; i < ev.size(); i++) {
            expected += ev.t(i) >= start && ev.t(i) < start + 30_000 ? 1 : 0;
        }
        assertEquals(expected, (int) sum(f.data()));
        assertThrows(IllegalArgumentException.class,
                () -> FrameIntegrator.dtWindowsFrom(ev, 0, FrameSpec.frameCount(3, SplitBy.NUMBER)));
    }

    @Test
    void downsamplingSumPoolsFullResolutionFrames() {
        for (int ds : new int[]{2, 3, 4}) {
            Frames full = FrameSpec.frameCount(4, SplitBy.NUMBER).integrate(ev);
            Frames small = FrameSpec.frameCount(4, SplitBy.NUMBER).withDownsample(ds).integrate(ev);
            int h = (34 + ds - 1) / ds;
            assertEquals(h, small.height());
            float[] pooled = new float[4 * 2 * h * h];
            for (int c = 0; c < 8; c++) {
                for (int y = 0; y < 34; y++) {
                    for (int x = 0; x < 34; x++) {
                        pooled[c * h * h + (y / ds) * h + x / ds] += full.data()[c * 34 * 34 + y * 34 + x];
                    }
                }
            }
            assertArrayEquals(pooled, small.data(), "ds=" + ds);
        }
    }

    @Test
    void mergedPolarityAddsChannelsAndBinariseClips() {
        Frames two = FrameSpec.frameCount(5, SplitBy.TIME).integrate(ev);
        Frames one = FrameSpec.frameCount(5, SplitBy.TIME).withMergedPolarity(true).integrate(ev);
        Frames bin = FrameSpec.frameCount(5, SplitBy.TIME).withBinarise(true).integrate(ev);
        int plane = 34 * 34;
        boolean sawCountAboveOne = false;
        for (int f = 0; f < 5; f++) {
            for (int k = 0; k < plane; k++) {
                float off = two.data()[(2 * f) * plane + k];
                float on = two.data()[(2 * f + 1) * plane + k];
                assertEquals(off + on, one.data()[f * plane + k]);
                assertEquals(off > 0 ? 1f : 0f, bin.data()[(2 * f) * plane + k]);
                sawCountAboveOne |= on > 1;
            }
        }
        assertEquals(true, sawCountAboveOne, "sample must exercise binarisation");
        assertEquals(ev.size(), (int) sum(two.data()));
    }

    @Test
    void keyNamesEveryParameter() {
        FrameSpec a = FrameSpec.frameCount(10, SplitBy.NUMBER);
        assertEquals(false, a.key().equals(a.withDownsample(2).key()));
        assertEquals(false, a.key().equals(a.withBinarise(true).key()));
        assertEquals(false, a.key().equals(a.withMergedPolarity(true).key()));
        assertEquals(false, a.key().equals(FrameSpec.frameCount(10, SplitBy.TIME).key()));
        assertEquals(a, FrameSpec.frameCount(10, SplitBy.NUMBER));
    }

    static double sum(float[] a) {
        double s = 0;
        for (float v : a) {
            s += v;
        }
        return s;
    }
}
