package org.snn4j.data.frames;

import org.junit.jupiter.api.Test;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.testutil.Fixtures;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TimeSlicesTest {
    private final EventStream ev = Fixtures.nmnist(); // t 654 .. 311175

    @Test
    void randomStartStaysInsideTheSample() {
        SplittableRandom rnd = new SplittableRandom(1);
        long window = 10 * 15_000;
        for (int i = 0; i < 200; i++) {
            long s = TimeSlices.randomStart(ev, window, rnd);
            assertTrue(s >= 654 && s < 311175 - window, "start " + s);
        }
        assertEquals(654, TimeSlices.randomStart(ev, 1_000_000, rnd));
    }

    @Test
    void evenStartsCoverFirstToLastWindow() {
        long window = 60_000;
        long[] s = TimeSlices.evenStarts(ev, window, 10);
        assertEquals(654, s[0]);
        assertEquals(311175 - window, s[9]);
        for (int i = 1; i < 10; i++) {
            assertTrue(s[i] > s[i - 1]);
        }
        Frames f = FrameIntegrator.dtWindowsFrom(ev, s[9], FrameSpec.dtWindows(6_000, 10));
        double sum = 0;
        for (float v : f.data()) {
            sum += v;
        }
        int expected = 0;
        for (int i = 0; i < ev.size(); i++) {
            expected += ev.t(i) >= s[9] && ev.t(i) < s[9] + window ? 1 : 0;
        }
        assertEquals(expected, (int) sum);
    }
}
