package org.snn4j.data.io;

import org.snn4j.data.events.EventStream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Prophesee/Chronocam DAT (N-CARS, Gen1; docs/data.md): {@code %} text header lines, then two bytes
 * (event type, must be 0 = 2D change detection; event size, must be 8), then little-endian records
 * {@code uint32 t, uint32 data} with {@code x = data & 0x3FFF}, {@code y = (data >> 14) & 0x3FFF},
 * {@code p = (data >> 28) & 0xF} (must be 0 or 1). The sensor size is taken from {@code % Width}/{@code % Height}
 * header lines when present, else from the constructor, else inferred (N-CARS crops vary).
 */
public final class PropheseeDatReader implements EventFileReader {
    private final int width;
    private final int height;
    private final ReadOptions options;

    public PropheseeDatReader(int width, int height, ReadOptions options) {
        this.width = width;
        this.height = height;
        this.options = options;
    }

    /** Size inferred from the data, strict validation. */
    public static PropheseeDatReader inferSize() {
        return new PropheseeDatReader(-1, -1, ReadOptions.STRICT);
    }

    @Override
    public EventStream read(Path file) throws IOException {
        try (ByteInput in = new ByteInput(file)) {
            List<String> lines = HeaderLines.read(in, '%');
            if (lines.isEmpty()) {
                throw EventFormatException.atByte(file, 0, "expected a '%' text header (Prophesee DAT)");
            }
            int w = headerInt(file, lines, "% Width", width);
            int h = headerInt(file, lines, "% Height", height);
            long typeAt = in.offset();
            int type = in.u8("event type byte");
            int size = in.u8("event size byte");
            if (type != 0 || size != 8) {
                throw EventFormatException.atByte(file, typeAt, "event type " + type + " / size " + size
                        + ": only type 0 (2D CD events) of size 8 is supported");
            }
            EventCollector out = new EventCollector(file, w, h, options);
            in.forEachRecord(8, "", (b, o, at) -> {
                long t = Bytes.i32le(b, o) & 0xFFFFFFFFL;
                int d = Bytes.i32le(b, o + 4);
                int p = (d >>> 28) & 0xF;
                if (p > 1) {
                    throw EventFormatException.atByte(file, at, "polarity field " + p + ", expected 0 or 1");
                }
                out.add(t, d & 0x3FFF, (d >>> 14) & 0x3FFF, p, at);
            });
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "prophesee-dat");
            meta.put("header", String.join(" | ", lines));
            return out.build(meta);
        }
    }

    private static int headerInt(Path file, List<String> lines, String key, int fallback) throws EventFormatException {
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.startsWith(key + " ")) {
                try {
                    return Integer.parseInt(l.substring(key.length()).trim());
                } catch (NumberFormatException e) {
                    throw EventFormatException.atLine(file, i + 1, "'" + key + "' value is not an integer: " + Printable.quote(l));
                }
            }
        }
        return fallback;
    }
}
