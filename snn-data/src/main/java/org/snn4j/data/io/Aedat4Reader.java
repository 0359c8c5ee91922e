package org.snn4j.data.io;

import org.snn4j.data.events.EventStream;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.DataFormatException;

/**
 * AEDAT 4.0 (iniVation DV; docs/data.md): {@code #!AER-DAT4.0\r\n}, an int32 length and an IOHeader
 * flatbuffer (compression, dataTablePosition, infoNode XML), then packets {@code int32 streamId, int32 size,
 * payload} up to dataTablePosition. Payloads of the event streams (typeIdentifier EVTS in the XML) are LZ4
 * frames (or uncompressed) holding a size-prefixed {@code EVTS} flatbuffer whose field 0 is a vector of
 * 16-byte structs {@code int64 t, int16 x, int16 y, uint8 on, 3 pad}. Other streams (IMU, triggers, frames)
 * are skipped. Packets are read one at a time. Timestamps stay absolute UNIX microseconds as stored; the
 * stream's tsOffset goes into the metadata. ZSTD-compressed files are rejected with a clear error.
 */
public final class Aedat4Reader implements EventFileReader {
    static final byte[] MAGIC = "#!AER-DAT4.0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int EVENT_STRUCT = 16;
    private static final int MAX_HEADER = 1 << 24;
    private static final int MAX_PACKET = 1 << 28;
    private static final Pattern STREAM_NODE = Pattern.compile("<node name=\"(\\d+)\" path=\"[^\"]*/outInfo/\\d+/\">");

    private final ReadOptions options;

    public Aedat4Reader(ReadOptions options) {
        this.options = options;
    }

    public static Aedat4Reader strict() {
        return new Aedat4Reader(ReadOptions.STRICT);
    }

    /** One event output stream described in the infoNode XML. */
    record EventStreamInfo(int id, int width, int height, String source, long tsOffset, java.util.Set<Integer> declared) {
    }

    @Override
    public EventStream read(Path file) throws IOException {
        try (ByteInput in = new ByteInput(file)) {
            byte[] magic = in.bytes(MAGIC.length, "AEDAT4 magic");
            if (!Arrays.equals(magic, MAGIC)) {
                throw EventFormatException.atByte(file, 0, "expected '#!AER-DAT4.0\\r\\n' at file start");
            }
            long headerAt = in.offset();
            int headerLen = in.i32le("IOHeader length");
            if (headerLen <= 0 || headerLen > MAX_HEADER) {
                throw EventFormatException.atByte(file, headerAt, "implausible IOHeader length " + headerLen);
            }
            long fileSize = Files.size(file);
            if (headerLen > fileSize - in.offset()) {
                throw EventFormatException.atByte(file, headerAt, "file truncated: IOHeader length " + headerLen
                        + " exceeds the " + (fileSize - in.offset()) + " bytes left");
            }
            long headerStart = in.offset();
            FlatBuffer header = new FlatBuffer(in.bytes(headerLen, "IOHeader flatbuffer"));
            int compression;
            long dataTable;
            String xml;
            try {
                int root = header.deref(0);
                compression = header.int32(root, 0, 0);
                dataTable = header.int64(root, 1, -1);
                xml = header.string(root, 2);
            } catch (DataFormatException e) {
                throw EventFormatException.atByte(file, headerStart, "bad IOHeader flatbuffer: " + e.getMessage(), e);
            }
            if (compression != 0 && compression != 1 && compression != 2) {
                throw EventFormatException.atByte(file, headerStart, "compression " + compression
                        + " (ZSTD or unknown) is not supported; only none (0) and LZ4 (1, 2)");
            }
            EventStreamInfo info = eventStream(file, headerStart, xml);
            EventCollector out = new EventCollector(file, info.width(), info.height(), options);
            long packets = 0;
            while (!in.atEnd() && (dataTable < 0 || in.offset() < dataTable)) {
                long packetAt = in.offset();
                int stream = in.i32le("packet stream id");
                int size = in.i32le("packet size");
                if (size < 0 || size > MAX_PACKET || size > fileSize - in.offset()) {
                    throw EventFormatException.atByte(file, packetAt + 4, "packet size " + size
                            + " is negative or exceeds the " + (fileSize - in.offset()) + " bytes left (truncated or corrupt)");
                }
                if (stream != info.id()) {
                    if (!info.declared().contains(stream)) {
                        throw EventFormatException.atByte(file, packetAt, "packet of stream " + stream
                                + ", which the IOHeader infoNode XML does not declare (declared streams: " + info.declared()
                                + "; corrupt packet header or XML)");
                    }
                    in.skip(size, "packet of stream " + stream);
                    continue;
                }
                byte[] payload = in.bytes(size, "event packet payload");
                try {
                    decodeEvents(payload, compression, out, packetAt + 8);
                } catch (DataFormatException e) {
                    throw EventFormatException.atByte(file, packetAt, "bad event packet: " + e.getMessage(), e);
                }
                packets++;
            }
            if (dataTable >= 0 && in.offset() != dataTable) {
                throw EventFormatException.atByte(file, in.offset(), "packets end at " + in.offset()
                        + " but the IOHeader's dataTablePosition is " + dataTable);
            }
            if (out.size() == 0) {
                throw EventFormatException.ofFile(file, "no polarity events in EVTS stream " + info.id() + " ("
                        + packets + " event packets): empty or damaged recording");
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "aedat4");
            meta.put("source", info.source());
            meta.put("tsOffset", Long.toString(info.tsOffset()));
            meta.put("eventPackets", Long.toString(packets));
            return out.build(meta);
        }
    }

    private static void decodeEvents(byte[] payload, int compression, EventCollector out, long fileOffset)
            throws DataFormatException, EventFormatException {
        byte[] raw = compression == 0 ? payload : Lz4FrameDecoder.decode(payload);
        FlatBuffer fb = new FlatBuffer(raw);
        fb.check(0, 12);
        int root = fb.deref(4);
        String id = new String(raw, 8, 4, StandardCharsets.US_ASCII);
        if (!id.equals("EVTS")) {
            throw new DataFormatException("packet identifier '" + Printable.escape(id) + "', expected EVTS");
        }
        int v = fb.vector(root, 0, EVENT_STRUCT);
        if (v < 0) {
            return;
        }
        int count = fb.vectorLength(v);
        for (int k = 0, o = v; k < count; k++, o += EVENT_STRUCT) {
            out.add(Bytes.i64le(raw, o), Bytes.i16le(raw, o + 8), Bytes.i16le(raw, o + 10), raw[o + 12] & 0xFF,
                    fileOffset);
        }
    }

    static EventStreamInfo eventStream(Path file, long at, String xml) throws EventFormatException {
        Matcher m = STREAM_NODE.matcher(xml);
        List<int[]> starts = new ArrayList<>();
        java.util.Set<Integer> declared = new java.util.TreeSet<>();
        while (m.find()) {
            int id;
            try {
                id = Integer.parseInt(m.group(1));
            } catch (NumberFormatException e) {
                throw EventFormatException.atByte(file, at, "stream id '" + Printable.quote(m.group(1))
                        + "' in the infoNode XML is not an int32");
            }
            starts.add(new int[]{m.start(), id});
            declared.add(id);
        }
        for (int i = 0; i < starts.size(); i++) {
            int end = i + 1 < starts.size() ? starts.get(i + 1)[0] : xml.length();
            String node = xml.substring(starts.get(i)[0], end);
            if ("EVTS".equals(attr(node, "typeIdentifier"))) {
                String w = attr(node, "sizeX");
                String h = attr(node, "sizeY");
                String ts = attr(node, "tsOffset");
                try {
                    return new EventStreamInfo(starts.get(i)[1], Integer.parseInt(w), Integer.parseInt(h),
                            String.valueOf(attr(node, "source")), ts == null ? 0 : Long.parseLong(ts), declared);
                } catch (NumberFormatException e) {
                    throw EventFormatException.atByte(file, at, "EVTS stream " + starts.get(i)[1]
                            + " has no integer sizeX/sizeY/tsOffset in the infoNode XML");
                }
            }
        }
        throw EventFormatException.atByte(file, at, "the IOHeader infoNode XML declares no EVTS (polarity event) stream");
    }

    private static String attr(String node, String key) {
        Matcher m = Pattern.compile("<attr key=\"" + key + "\" type=\"[a-z]+\">([^<]*)</attr>").matcher(node);
        return m.find() ? m.group(1) : null;
    }
}
