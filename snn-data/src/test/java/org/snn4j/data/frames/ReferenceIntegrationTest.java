package org.snn4j.data.frames;

import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.testutil.Fixtures;
import org.snn4j.data.testutil.Json;
import org.snn4j.core.TestData;

import java.util.Iterator;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Frames must equal SpikingJelly's (test resources reference/integrate_events*.json) exactly, both for the events
 * stored in the JSON and for the events we decode ourselves from the real N-MNIST file.
 */
class ReferenceIntegrationTest {
    private static final JsonNode REF = TestData.json("reference/integrate_events.json");
    private static final JsonNode REF_DURATION = TestData.json("reference/integrate_events_duration.json");

    static EventStream jsonEvents() {
        JsonNode e = REF.get("events");
        int h = REF.get("settings").get("H").asInt();
        int w = REF.get("settings").get("W").asInt();
        byte[] p = new byte[e.get("p").size()];
        int[] pi = Json.ints(e.get("p"));
        for (int i = 0; i < p.length; i++) {
            p[i] = (byte) pi[i];
        }
        return new EventStream(Json.longs(e.get("t")), Json.ints(e.get("x")), Json.ints(e.get("y")), p, w, h, Map.of());
    }

    @Test
    void decodedFileEqualsReferenceEvents() {
        EventStream json = jsonEvents();
        EventStream file = Fixtures.nmnist();
        assertEquals(REF.get("n_events").asInt(), file.size());
        assertArrayEquals(json.timestamps(), file.timestamps());
        assertArrayEquals(json.xs(), file.xs());
        assertArrayEquals(json.ys(), file.ys());
        assertArrayEquals(json.polarities(), file.polarities());
    }

    @Test
    void fixedFramesNumberMatchesSpikingJelly() {
        int checked = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = REF.get("frames").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode set = e.getValue();
            JsonNode args = set.get("args");
            SplitBy splitBy = SplitBy.valueOf(args.get("split_by").asText().toUpperCase());
            int n = args.get("frames_num").asInt();
            for (EventStream ev : new EventStream[]{jsonEvents(), Fixtures.nmnist()}) {
                Frames f = FrameSpec.frameCount(n, splitBy).integrate(ev);
                assertArrayEquals(Json.ints(set.get("shape")), new int[]{f.frames(), f.channels(), f.height(), f.width()}, e.getKey());
                assertArrayEquals(Json.floats(set.get("frames")), f.data(), e.getKey());
                assertArrayEquals(f.data(), FrameIntegrator.byFrameCount(ev, n, splitBy), e.getKey());
                int[] b = splitBy == SplitBy.NUMBER ? FrameIntegrator.boundsByNumber(ev.size(), n)
                        : FrameIntegrator.boundsByTime(ev.timestamps(), n);
                int[] jl = Json.ints(set.get("j_l"));
                int[] jr = Json.ints(set.get("j_r"));
                for (int i = 0; i < n; i++) {
                    assertEquals(jl[i], b[2 * i], e.getKey() + " j_l[" + i + "]");
                    assertEquals(jr[i], b[2 * i + 1], e.getKey() + " j_r[" + i + "]");
                }
            }
            checked++;
        }
        assertEquals(4, checked);
    }

    @Test
    void fixedDurationMatchesSpikingJelly() {
        JsonNode set = REF_DURATION.get("frames").get("fixed_duration/duration=50000");
        long duration = set.get("args").get("duration").asLong();
        for (EventStream ev : new EventStream[]{jsonEvents(), Fixtures.nmnist()}) {
            Frames f = FrameSpec.fixedDuration(duration).integrate(ev);
            assertArrayEquals(Json.ints(set.get("shape")), new int[]{f.frames(), f.channels(), f.height(), f.width()});
            assertArrayEquals(Json.floats(set.get("frames")), f.data());
            int[] perFrame = Json.ints(set.get("events_per_frame"));
            for (int i = 0; i < f.frames(); i++) {
                float sum = 0;
                for (int k = 0; k < f.frameSize(); k++) {
                    sum += f.data()[i * f.frameSize() + k];
                }
                assertEquals(perFrame[i], (int) sum, "events in frame " + i);
            }
        }
    }
}
