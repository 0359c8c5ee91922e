package org.snn4j.data.cache;

import org.snn4j.core.io.AtomicFiles;
import org.snn4j.data.events.EventDataset;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.Frames;
import org.snn4j.data.io.Bytes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32;

/**
 * On-disk cache of converted frames. Layout (docs/data.md "Frame cache"):
 * {@code <root>/<dataset>/<sha256(spec.key())[0:16]>/<sha256(clipId)[0:24]>.frames}, plus a human-readable
 * {@code spec.txt} in each parameter folder. An entry stores a format version, the full spec key, the clip
 * id, the source stamp (file size + mtime) and a CRC32 over everything; {@link #load} verifies all of them
 * and the exact file size, so a stale (source changed, other parameters, older version) or corrupt entry is
 * never returned: {@link #getOrCompute} rebuilds it. Entries are written to a temporary file in the same
 * folder and renamed, so readers (and concurrent converters) see either the old entry or the new one,
 * never a partial file.
 */
public final class FrameCache {
    /** Bump when the entry layout or the integration semantics change: older entries become stale. */
    public static final int VERSION = 1;
    static final byte[] MAGIC = {'S', 'N', 'N', 'F'};

    private final Path root;
    private final AtomicLong hits = new AtomicLong();
    private final AtomicLong built = new AtomicLong();
    private final AtomicLong stale = new AtomicLong();
    private final AtomicLong corrupt = new AtomicLong();

    private final AtomicLong temporariesRemoved = new AtomicLong();
    private final java.util.Set<Path> swept = java.util.concurrent.ConcurrentHashMap.newKeySet();

    public FrameCache(Path root) {
        this.root = root;
    }

    /**
     * Deletes the temporaries an interrupted writer (e.g. a killed {@code snn convert}) left in this dataset's and
     * spec's cache folder: only files named like {@link AtomicFiles}' temporaries, in that folder, last modified more
     * than {@link AtomicFiles#STALE_AFTER} ago. Runs by itself the first time this object touches a folder; returns
     * how many files were deleted.
     */
    public int removeStaleTemporaries(String dataset, FrameSpec spec) {
        Path dir = entryPath(dataset, "", spec).getParent();
        swept.add(dir);
        try {
            int n = AtomicFiles.removeStaleTemporaries(dir, AtomicFiles.STALE_AFTER);
            temporariesRemoved.addAndGet(n);
            return n;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stale temporaries deleted so far by this object. */
    public long temporariesRemoved() {
        return temporariesRemoved.get();
    }

    private void sweepOnce(String dataset, FrameSpec spec, Path entry) {
        if (!swept.contains(entry.getParent())) {
            removeStaleTemporaries(dataset, spec);
        }
    }

    public Path root() {
        return root;
    }

    /** Where the entry for this dataset, clip and spec lives. */
    public Path entryPath(String dataset, String clipId, FrameSpec spec) {
        if (!dataset.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("dataset name must be a plain folder name, got '" + dataset + "'");
        }
        return root.resolve(dataset).resolve(sha256(spec.key()).substring(0, 16))
                .resolve(sha256(clipId).substring(0, 24) + ".frames");
    }

    /** Cached frames of clip {@code index} of {@code ds}, converting and storing them on a miss. */
    public Frames getOrCompute(String dataset, EventDataset ds, int index, FrameSpec spec) {
        String clip = ds.clipId(index);
        long stamp = ds.sourceStamp(index);
        Frames f = load(dataset, clip, spec, stamp);
        if (f != null) {
            hits.incrementAndGet();
            return f;
        }
        Frames fresh = spec.integrate(ds.events(index));
        store(dataset, clip, spec, stamp, fresh);
        built.incrementAndGet();
        return fresh;
    }

    /** The entry if present, current and intact; null otherwise (counted as stale or corrupt). */
    public Frames load(String dataset, String clipId, FrameSpec spec, long sourceStamp) {
        Path p = entryPath(dataset, clipId, spec);
        byte[] b;
        try {
            b = Files.readAllBytes(p);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteBuffer in = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        try {
            if (b.length < 12 || b[0] != MAGIC[0] || b[1] != MAGIC[1] || b[2] != MAGIC[2] || b[3] != MAGIC[3]) {
                corrupt.incrementAndGet();
                return null;
            }
            CRC32 crc = new CRC32();
            crc.update(b, 0, b.length - 4);
            if ((int) crc.getValue() != Bytes.i32le(b, b.length - 4)) {
                corrupt.incrementAndGet();
                return null;
            }
            in.position(4);
            int version = in.getInt();
            long stamp = in.getLong();
            String key = string(in);
            String clip = string(in);
            if (version != VERSION || stamp != sourceStamp || !key.equals(spec.key()) || !clip.equals(clipId)) {
                stale.incrementAndGet();
                return null;
            }
            int frames = in.getInt();
            int channels = in.getInt();
            int h = in.getInt();
            int w = in.getInt();
            long values = (long) frames * channels * h * w;
            if (frames < 0 || channels < 0 || h < 0 || w < 0 || in.remaining() != values * 4 + 4) {
                corrupt.incrementAndGet();
                return null;
            }
            float[] data = new float[(int) values];
            in.asFloatBuffer().get(data);
            return new Frames(data, frames, channels, h, w);
        } catch (RuntimeException e) { // buffer underflow or bad lengths: a damaged entry is rebuilt
            corrupt.incrementAndGet();
            return null;
        }
    }

    /** Writes an entry atomically (temporary file in the same folder, then rename). */
    public void store(String dataset, String clipId, FrameSpec spec, long sourceStamp, Frames f) {
        Path p = entryPath(dataset, clipId, spec);
        sweepOnce(dataset, spec, p);
        try {
            Files.createDirectories(p.getParent());
            Path specTxt = p.getParent().resolve("spec.txt");
            if (!Files.exists(specTxt)) {
                AtomicFiles.writeBytes(specTxt, (spec.key() + "\nversion=" + VERSION + "\n").getBytes(StandardCharsets.UTF_8));
            }
            byte[] key = spec.key().getBytes(StandardCharsets.UTF_8);
            byte[] clip = clipId.getBytes(StandardCharsets.UTF_8);
            ByteBuffer bb = ByteBuffer.allocate(4 + 4 + 8 + 4 + key.length + 4 + clip.length + 16 + f.data().length * 4 + 4)
                    .order(ByteOrder.LITTLE_ENDIAN);
            bb.put(MAGIC).putInt(VERSION).putLong(sourceStamp).putInt(key.length).put(key).putInt(clip.length).put(clip)
                    .putInt(f.frames()).putInt(f.channels()).putInt(f.height()).putInt(f.width());
            bb.asFloatBuffer().put(f.data());
            bb.position(bb.position() + f.data().length * 4);
            CRC32 crc = new CRC32();
            crc.update(bb.array(), 0, bb.position());
            bb.putInt((int) crc.getValue());
            AtomicFiles.writeBytes(p, bb.array());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String string(ByteBuffer in) {
        int n = in.getInt();
        if (n < 0 || n > in.remaining()) {
            throw new IllegalStateException("bad string length " + n);
        }
        byte[] s = new byte[n];
        in.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public long hits() {
        return hits.get();
    }

    /** Entries converted (misses, including stale and corrupt rebuilds). */
    public long built() {
        return built.get();
    }

    public long staleFound() {
        return stale.get();
    }

    public long corruptFound() {
        return corrupt.get();
    }
}
