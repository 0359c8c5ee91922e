package org.snn4j.data.io;

import org.snn4j.data.events.EventStream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * jAER AEDAT 2.0 (CIFAR10-DVS and other DVS128 recordings; docs/data.md): a {@code #} text header
 * whose first line is {@code #!AER-DAT2.0}, then big-endian 8-byte records {@code int32 address, int32
 * timestamp (us)}. The address decoding is chosen by {@link AddressDecoder}: fixed by the constructor, or
 * from the header's {@code # AEChip:} line when null.
 */
public final class Aedat2Reader implements EventFileReader {
    static final String MAGIC = "#!AER-DAT2.0";
    private static final String CREATION = "# Creation time: System.currentTimeMillis()";
    private static final String CHIP = "# AEChip:";

    private final AddressDecoder decoder;
    private final ReadOptions options;

    public Aedat2Reader(AddressDecoder decoder, ReadOptions options) {
        this.decoder = decoder;
        this.options = options;
    }

    /** CIFAR10-DVS: DVS128 addresses, strict validation. */
    public static Aedat2Reader cifar10Dvs() {
        return new Aedat2Reader(AddressDecoder.DVS128, ReadOptions.STRICT);
    }

    /** Parses only the header. */
    public static Aedat2Header readHeader(Path file) throws IOException {
        try (ByteInput in = new ByteInput(file)) {
            return parseHeader(in);
        }
    }

    static Aedat2Header parseHeader(ByteInput in) throws IOException {
        List<String> lines = HeaderLines.read(in, '#');
        HeaderLines.expectMagic(in, lines, MAGIC);
        long creation = -1;
        String chip = "";
        for (String l : lines) {
            if (l.startsWith(CREATION)) {
                String v = l.substring(CREATION.length()).trim();
                try {
                    creation = Long.parseLong(v);
                } catch (NumberFormatException e) {
                    throw EventFormatException.atByte(in.file(), -1, "creation time '" + Printable.quote(v) + "' is not an integer");
                }
            } else if (l.startsWith(CHIP)) {
                chip = l.substring(CHIP.length()).trim();
            }
        }
        return new Aedat2Header("2.0", creation, chip, List.copyOf(lines), in.offset());
    }

    @Override
    public EventStream read(Path file) throws IOException {
        try (ByteInput in = new ByteInput(file)) {
            Aedat2Header header = parseHeader(in);
            AddressDecoder dec = decoder != null ? decoder : AddressDecoder.forChip(header.chipClass());
            EventCollector out = new EventCollector(file, dec.width(), dec.height(), options);
            in.forEachRecord(8, " (int32 address, int32 timestamp)", (b, o, at) -> {
                int a = Bytes.i32be(b, o);
                long t = Bytes.i32be(b, o + 4) & 0xFFFFFFFFL;
                out.add(t, dec.x(a), dec.y(a), dec.p(a), at);
            });
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("format", "aedat2");
            meta.put("chip", header.chipClass());
            meta.put("addressDecoder", dec.name());
            meta.put("creationTimeMs", Long.toString(header.creationTimeMs()));
            return out.build(meta);
        }
    }
}
