package org.snn4j.data.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.Frames;
import org.snn4j.data.frames.SplitBy;
import org.snn4j.data.synthetic.SyntheticEventDataset;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FrameCacheTest {
    @TempDir
    Path root;

    private final SyntheticEventDataset ds = new SyntheticEventDataset(5, 0, 24, 32);
    private final FrameSpec spec = FrameSpec.frameCount(8, SplitBy.NUMBER);

    @Test
    void keyedByDatasetClipAndEveryParameter() {
        FrameCache c = new FrameCache(root);
        Path p = c.entryPath("syn", "a", spec);
        assertEquals(p, c.entryPath("syn", "a", FrameSpec.frameCount(8, SplitBy.NUMBER)));
        for (Path other : List.of(c.entryPath("syn2", "a", spec), c.entryPath("syn", "b", spec),
                c.entryPath("syn", "a", spec.withDownsample(2)), c.entryPath("syn", "a", spec.withBinarise(true)),
                c.entryPath("syn", "a", spec.withMergedPolarity(true)), c.entryPath("syn", "a", FrameSpec.frameCount(9, SplitBy.NUMBER)),
                c.entryPath("syn", "a", FrameSpec.frameCount(8, SplitBy.TIME)))) {
            assertNotEquals(p, other);
        }
    }

    @Test
    void hitReturnsSameFramesAndStaleOrCorruptEntriesAreRebuilt() throws Exception {
        FrameCache c = new FrameCache(root);
        Frames first = c.getOrCompute("syn", ds, 3, spec);
        assertEquals(1, c.built());
        Frames again = c.getOrCompute("syn", ds, 3, spec);
        assertEquals(1, c.hits());
        assertArrayEquals(first.data(), again.data());
        assertArrayEquals(spec.integrate(ds.events(3)).data(), again.data());

        assertNull(c.load("syn", ds.clipId(3), spec, 99)); // source changed
        assertEquals(1, c.staleFound());

        Path entry = c.entryPath("syn", ds.clipId(3), spec);
        byte[] b = Files.readAllBytes(entry);
        b[b.length / 2] ^= 1;
        Files.write(entry, b);
        Frames rebuilt = c.getOrCompute("syn", ds, 3, spec);
        assertEquals(1, c.corruptFound());
        assertEquals(2, c.built());
        assertArrayEquals(first.data(), rebuilt.data());

        Files.write(entry, java.util.Arrays.copyOf(Files.readAllBytes(entry), 40)); // truncated entry
        assertNull(c.load("syn", ds.clipId(3), spec, 0));
        assertEquals(2, c.corruptFound());
    }

    @Test
    void parallelConversionWithProgressThenAllHits() throws Exception {
        FrameCache c = new FrameCache(root);
        List<Integer> seen = Collections.synchronizedList(new ArrayList<>());
        CacheConverter.Report r = CacheConverter.convert("syn", ds, spec, c, 3, (done, total) -> {
            assertEquals(ds.size(), total);
            seen.add(done);
        });
        assertEquals(ds.size(), r.converted());
        assertEquals(ds.size(), seen.size());
        assertTrue(seen.contains(ds.size()));
        CacheConverter.Report r2 = CacheConverter.convert("syn", ds, spec, c, 2, (d, t) -> { });
        assertEquals(ds.size(), r2.cacheHits());
        assertEquals(0, r2.converted());
        try (Stream<Path> s = Files.walk(root)) {
            assertEquals(0, s.filter(p -> p.toString().endsWith(".tmp")).count(), "temporary files left behind");
        }
    }

    /** Concurrent writers of one entry and a concurrent reader: the reader never sees a partial entry. */
    @Test
    void concurrentWritesAreAtomic() throws Exception {
        FrameCache c = new FrameCache(root);
        Frames f = spec.integrate(ds.events(1));
        String clip = ds.clipId(1);
        AtomicInteger partial = new AtomicInteger();
        AtomicInteger complete = new AtomicInteger();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            threads.add(new Thread(() -> {
                for (int k = 0; k < 40; k++) {
                    c.store("syn", clip, spec, 0, f);
                }
            }));
        }
        threads.add(new Thread(() -> {
            for (int k = 0; k < 200; k++) {
                Frames got = c.load("syn", clip, spec, 0);
                if (got != null) {
                    if (java.util.Arrays.equals(got.data(), f.data())) {
                        complete.incrementAndGet();
                    } else {
                        partial.incrementAndGet();
                    }
                }
            }
        }));
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        // The reader may have run before the first write completed (2 cores, loaded machine): one load
        // after the writers finished must see a complete file.
        Frames last = c.load("syn", clip, spec, 0);
        if (last != null && java.util.Arrays.equals(last.data(), f.data())) {
            complete.incrementAndGet();
        }
        assertEquals(0, partial.get());
        assertEquals(0, c.corruptFound());
        assertTrue(complete.get() > 0);
    }

    /** A killed convert leaves temporaries; the next conversion into the same cache folder deletes the abandoned ones. */
    @Test
    void nextConversionRemovesStaleTemporariesOfItsCacheFolder() throws Exception {
        FrameCache c = new FrameCache(root);
        java.nio.file.Path folder = c.entryPath("syn", "x", spec).getParent();
        java.nio.file.Files.createDirectories(folder);
        java.nio.file.Path stale = org.snn4j.core.io.AtomicFiles.createTemporary(folder, "0123.frames");
        java.nio.file.Files.setLastModifiedTime(stale, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofHours(3))));
        java.nio.file.Path young = org.snn4j.core.io.AtomicFiles.createTemporary(folder, "4567.frames");
        CacheConverter.convert("syn", ds, spec, c, 1, (done, total) -> { });
        org.junit.jupiter.api.Assertions.assertFalse(java.nio.file.Files.exists(stale));
        org.junit.jupiter.api.Assertions.assertTrue(java.nio.file.Files.exists(young), "may belong to a running writer");
        assertEquals(1, c.temporariesRemoved());
    }
}
