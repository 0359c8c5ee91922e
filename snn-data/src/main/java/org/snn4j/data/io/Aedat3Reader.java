package org.snn4j.data.io;

import org.snn4j.data.events.EventStream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AEDAT 3.1 as recorded for DVS128 Gesture (docs/data.md): a {@code #} text header starting with
 * {@code #!AER-DAT3.1}, then packets of a 28-byte little-endian header
 * {@code (eventType, eventSource, eventSize, eventTSOffset, eventTSOverflow, eventCapacity, eventNumber, eventValid)}
 * followed by {@code eventNumber * eventSize} bytes. Only polarity packets (type 1, 8-byte events
 * {@code uint32 data, uint32 ts}) are decoded; other packet types are skipped by size. Unlike tonic, which
 * reads eventCapacity events, we use eventNumber as the format specifies. Events whose valid bit (bit 0)
 * is 0 are skipped and counted ({@code skipped.invalid}); the time is {@code overflow << 31 | ts}.
 */
public final class Aedat3Reader implements EventFileReader {
    static final String MAGIC = "#!AER-DAT3.1";
    static final int POLARITY_EVENT = 1;
    static final int PACKET_HEADER = 28;
    /** Guards against a corrupt eventNumber asking for an absurd skip: 1 GiB per packet is far beyond real files. */
    static final long MAX_PACKET_BYTES = 1L << 30;

    private final int width;
    private final int height;
    private final ReadOptions options;

    public Aedat3Reader(int width, int height, ReadOptions options) {
        this.width = width;
        this.height = height;
        this.options = options;
    }

    /** DVS128 Gesture: 128 x 128, strict. */
    public static Aedat3Reader dvsGesture() {
        return new Aedat3Reader(128, 128, ReadOptions.STRICT);
    }

    @Override
    public EventStream read(Path file) throws IOException {
        EventCollector out = new EventCollector(file, width, height, options);
        long invalid = 0;
        long skippedPackets = 0;
        try (ByteInput in = new ByteInput(file)) {
            List<String> lines = HeaderLines.read(in, '#');
            HeaderLines.expectMagic(in, lines, MAGIC);
            while (!in.atEnd()) {
                long packetAt = in.offset();
                int type = in.u16le("packet eventType");
                in.u16le("packet eventSource");
                int size = in.i32le("packet eventSize");
                in.i32le("packet eventTSOffset");
                long overflow = in.i32le("packet eventTSOverflow") & 0xFFFFFFFFL;
                in.i32le("packet eventCapacity");
                long number = in.i32le("packet eventNumber") & 0xFFFFFFFFL;
                in.i32le("packet eventValid");
                long bytes = number * (size & 0xFFFFFFFFL);
                if (size <= 0 || bytes > MAX_PACKET_BYTES) {
                    throw EventFormatException.atByte(file, packetAt, "packet header has eventSize=" + (size & 0xFFFFFFFFL)
                            + " and eventNumber=" + number + ": not a plausible packet");
                }
                if (type != POLARITY_EVENT) {
                    in.skip(bytes, "packet of eventType " + type);
                    skippedPackets++;
                    continue;
                }
                if (size != 8) {
                    throw EventFormatException.atByte(file, packetAt + 4, "polarity packet has eventSize " + size
                            + ", expected 8");
                }
                for (long k = 0; k < number; k++) {
                    long at = in.offset();
                    int data = in.i32le("polarity event data");
                    long ts = in.i32le("polarity event timestamp") & 0xFFFFFFFFL;
                    if ((data & 1) == 0) {
                        invalid++;
                        continue;
                    }
                    out.add(overflow << 31 | ts, (data >>> 17) & 0x1FFF, (data >>> 2) & 0x1FFF, (data >>> 1) & 1, at);
                }
            }
        }
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "aedat3.1");
        meta.put("skipped.invalid", Long.toString(invalid));
        meta.put("skipped.nonPolarityPackets", Long.toString(skippedPackets));
        return out.build(meta);
    }
}
