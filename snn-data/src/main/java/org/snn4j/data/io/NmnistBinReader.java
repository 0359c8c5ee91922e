package org.snn4j.data.io;

import org.snn4j.data.events.EventStream;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * N-MNIST / N-Caltech101 {@code .bin} (Orchard et al. 2015; docs/data.md): headerless 5-byte
 * records {@code x, y, p<<7 | t[22:16], t[15:8], t[7:0]}. A record with y == 240 is a timestamp-overflow
 * marker, not an event: like tonic's {@code read_mnist_file} (after gorchard's eventvision.py) it adds
 * 2^13 to all later timestamps. Polarity is the raw bit (1 = ON).
 */
public final class NmnistBinReader implements EventFileReader {
    /** N-MNIST's sensor crop. */
    public static final int NMNIST_SIZE = 34;
    static final int OVERFLOW_Y = 240;
    static final long OVERFLOW_STEP = 1L << 13;

    private final int width;
    private final int height;
    private final ReadOptions options;

    /** @param width sensor width, or -1 to infer it (N-Caltech101) */
    public NmnistBinReader(int width, int height, ReadOptions options) {
        this.width = width;
        this.height = height;
        this.options = options;
    }

    public static NmnistBinReader nmnist() {
        return new NmnistBinReader(NMNIST_SIZE, NMNIST_SIZE, ReadOptions.STRICT);
    }

    public static NmnistBinReader ncaltech101() {
        return new NmnistBinReader(-1, -1, ReadOptions.STRICT);
    }

    @Override
    public EventStream read(Path file) throws IOException {
        EventCollector out = new EventCollector(file, width, height, options);
        long[] overflow = new long[2]; // {time offset added by overflow records, number of overflow records}
        try (ByteInput in = new ByteInput(file)) {
            in.forEachRecord(5, "", (b, o, at) -> {
                int y = b[o + 1] & 0xFF;
                int b2 = b[o + 2] & 0xFF;
                if (y == OVERFLOW_Y) {
                    overflow[0] += OVERFLOW_STEP;
                    overflow[1]++;
                    return;
                }
                long t = ((long) (b2 & 0x7F) << 16 | (b[o + 3] & 0xFF) << 8 | (b[o + 4] & 0xFF)) + overflow[0];
                out.add(t, b[o] & 0xFF, y, b2 >>> 7, at);
            });
        }
        return out.build(Map.of("format", "nmnist-bin", "overflowRecords", Long.toString(overflow[1])));
    }
}
