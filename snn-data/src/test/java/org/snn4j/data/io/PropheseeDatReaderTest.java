package org.snn4j.data.io;

import org.junit.jupiter.api.Test;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.testutil.Fixtures;
import org.snn4j.core.TestData;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PropheseeDatReaderTest {
    /** N-CARS sample: 2009 events, x 0..77, y 0..41, 1350 ON, t 0..99952 (SOURCES.md). */
    @Test
    void realNcarsSample() throws Exception {
        Path f = TestData.recording(Fixtures.NCARS);
        EventStream ev = PropheseeDatReader.inferSize().read(f);
        assertEquals(2009, ev.size());
        assertEquals(78, ev.width());
        assertEquals(42, ev.height());
        int on = 0;
        for (int i = 0; i < ev.size(); i++) {
            on += ev.p(i);
        }
        assertEquals(1350, on);
        assertEquals(0, ev.t(0));
        assertEquals(99952, ev.t(ev.size() - 1));
        assertEquals(EventFormat.PROPHESEE_DAT, EventFormat.detect(f));
    }
}
