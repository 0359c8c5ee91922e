package org.snn4j.data.io;

import org.snn4j.core.io.AtomicFiles;
import org.snn4j.data.events.EventStream;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedOutputStream;

/**
 * snn4j's own interchange format for event streams ({@code .snne}), documented in docs/data.md. All
 * integers little-endian:
 * <pre>
 *  0  4 bytes  magic "SNNE"
 *  4  uint16   version (1)
 *  6  uint16   reserved (0)
 *  8  int32    sensor width  (1..65535)
 * 12  int32    sensor height (1..65535)
 * 16  int64    event count n
 * 24  int32    metadata length m
 * 28  m bytes  metadata, UTF-8 lines "key=value\n" (keys/values without '\n'; '=' not allowed in keys)
 * 28+m         n records of 13 bytes: int64 t (us), uint16 x, uint16 y, uint8 p
 * end-4 int32  CRC32 of every preceding byte
 * </pre>
 * Rows rather than columns so that writer and reader stream. The file size is fully determined by the
 * header, so truncation is detected before decoding, and the CRC catches bit flips.
 */
public final class SnneFormat implements EventFileReader {
    public static final String EXTENSION = ".snne";
    static final byte[] MAGIC = {'S', 'N', 'N', 'E'};
    static final int VERSION = 1;
    static final int RECORD = 13;
    private static final int FIXED_HEADER = 28;
    private static final int MAX_META = 1 << 20;

    private final ReadOptions options;

    public SnneFormat(ReadOptions options) {
        this.options = options;
    }

    public static SnneFormat strict() {
        return new SnneFormat(ReadOptions.STRICT);
    }

    /** Writes {@code ev} to {@code file} atomically (temporary sibling, then rename). */
    public static void write(EventStream ev, Path file) throws IOException {
        AtomicFiles.write(file, tmp -> {
            try (OutputStream raw = Files.newOutputStream(tmp);
                 CheckedOutputStream crc = new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), new CRC32())) {
                byte[] meta = encodeMeta(ev.metadata());
                byte[] head = new byte[FIXED_HEADER];
                System.arraycopy(MAGIC, 0, head, 0, 4);
                head[4] = (byte) VERSION;
                Bytes.putI32le(head, 8, ev.width());
                Bytes.putI32le(head, 12, ev.height());
                Bytes.putI64le(head, 16, ev.size());
                Bytes.putI32le(head, 24, meta.length);
                crc.write(head);
                crc.write(meta);
                byte[] rec = new byte[RECORD];
                for (int i = 0; i < ev.size(); i++) {
                    Bytes.putI64le(rec, 0, ev.t(i));
                    rec[8] = (byte) ev.x(i);
                    rec[9] = (byte) (ev.x(i) >>> 8);
                    rec[10] = (byte) ev.y(i);
                    rec[11] = (byte) (ev.y(i) >>> 8);
                    rec[12] = (byte) ev.p(i);
                    crc.write(rec);
                }
                byte[] tail = new byte[4];
                Bytes.putI32le(tail, 0, (int) crc.getChecksum().getValue());
                crc.write(tail);
            }
        });
    }

    private static byte[] encodeMeta(Map<String, String> meta) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (e.getKey().contains("=") || e.getKey().contains("\n") || e.getValue().contains("\n")) {
                throw new IllegalArgumentException("metadata entry cannot be stored: " + e);
            }
            sb.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public EventStream read(Path file) throws IOException {
        long fileSize = Files.size(file);
        CRC32 crc = new CRC32();
        try (ByteInput in = new ByteInput(file)) {
            if (fileSize < FIXED_HEADER + 4) {
                throw EventFormatException.atByte(file, fileSize, "file truncated: " + fileSize
                        + " bytes, an .snne file has at least " + (FIXED_HEADER + 4));
            }
            byte[] head = in.bytes(FIXED_HEADER, "header");
            crc.update(head);
            for (int i = 0; i < 4; i++) {
                if (head[i] != MAGIC[i]) {
                    throw EventFormatException.atByte(file, 0, "bad magic: expected 'SNNE'");
                }
            }
            int version = Bytes.u16le(head, 4);
            if (version != VERSION) {
                throw EventFormatException.atByte(file, 4, "unsupported .snne version " + version + ", expected " + VERSION);
            }
            int w = Bytes.i32le(head, 8);
            int h = Bytes.i32le(head, 12);
            if (w <= 0 || h <= 0 || w > 65535 || h > 65535) {
                throw EventFormatException.atByte(file, 8, "sensor size " + w + "x" + h + " outside 1..65535");
            }
            long n = Bytes.i64le(head, 16);
            int m = Bytes.i32le(head, 24);
            if (m < 0 || m > MAX_META) {
                throw EventFormatException.atByte(file, 24, "metadata length " + m + " outside 0.." + MAX_META);
            }
            if (n < 0 || n > (fileSize / RECORD)) {
                // No size to compare with: n * RECORD would be negative or overflow.
                throw EventFormatException.atByte(file, 16, "header says " + n + " events, "
                        + (n < 0 ? "a negative count" : "more than a file of " + fileSize + " bytes can hold")
                        + " (corrupted header or truncated file)");
            }
            long expected = FIXED_HEADER + (long) m + n * RECORD + 4;
            if (expected != fileSize) {
                throw EventFormatException.atByte(file, 16, "header says " + n + " events and " + m
                        + " metadata bytes, so the file should be " + expected + " bytes, but it is " + fileSize
                        + (expected > fileSize ? " (truncated)" : ""));
            }
            byte[] metaBytes = in.bytes(m, "metadata");
            crc.update(metaBytes);
            Map<String, String> meta = decodeMeta(file, metaBytes);
            EventCollector out = new EventCollector(file, w, h, options);
            long left = n;
            while (left > 0) {
                int avail = in.request(RECORD);
                int k = (int) Math.min(left, avail / RECORD);
                byte[] b = in.buffer();
                int o0 = in.position();
                crc.update(b, o0, k * RECORD);
                for (int r = 0, o = o0; r < k; r++, o += RECORD) {
                    out.add(Bytes.i64le(b, o), Bytes.u16le(b, o + 8), Bytes.u16le(b, o + 10), b[o + 12] & 0xFF,
                            in.offset() + (o - o0));
                }
                in.advance(k * RECORD);
                left -= k;
            }
            long crcAt = in.offset();
            int stored = in.i32le("CRC32");
            if (stored != (int) crc.getValue()) {
                throw EventFormatException.atByte(file, crcAt, "CRC32 mismatch: stored 0x" + Integer.toHexString(stored)
                        + ", computed 0x" + Long.toHexString(crc.getValue()) + " (file corrupted)");
            }
            return out.build(meta);
        }
    }

    private static Map<String, String> decodeMeta(Path file, byte[] bytes) throws EventFormatException {
        Map<String, String> meta = new LinkedHashMap<>();
        String text = new String(bytes, StandardCharsets.UTF_8);
        int line = 0;
        for (String l : text.split("\n")) {
            line++;
            if (l.isEmpty()) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0) {
                throw EventFormatException.atByte(file, FIXED_HEADER, "metadata line " + line + " is not key=value: '"
                        + HeaderLines.abbreviate(l) + "'");
            }
            meta.put(l.substring(0, eq), l.substring(eq + 1));
        }
        return meta;
    }
}
