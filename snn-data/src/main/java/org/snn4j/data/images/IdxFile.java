package org.snn4j.data.images;

import org.snn4j.data.io.ByteInput;
import org.snn4j.data.io.EventFormatException;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * An IDX file (LeCun's MNIST format, also Fashion-MNIST): two zero bytes, a type byte (0x08 = unsigned
 * byte, the only type used by these datasets), the number of dimensions, one big-endian int32 per
 * dimension, then the data in row-major order. Gzipped files ({@code .gz}, as Debian ships them) are
 * decompressed on the fly.
 *
 * @param dims the dimension sizes (images: count, rows, cols; labels: count)
 * @param data the unsigned bytes
 */
public record IdxFile(int[] dims, byte[] data) {
    private static final int UBYTE = 0x08;
    private static final long MAX_BYTES = 1L << 30;

    public static IdxFile read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file))) {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw) : raw;
            try (ByteInput bi = new ByteInput(file, in)) {
                if (bi.u8("magic") != 0 || bi.u8("magic") != 0) {
                    throw EventFormatException.atByte(file, 0, "IDX magic must start with two zero bytes");
                }
                int type = bi.u8("IDX data type");
                if (type != UBYTE) {
                    throw EventFormatException.atByte(file, 2, "IDX data type 0x" + Integer.toHexString(type)
                            + ", only unsigned byte (0x08) is supported");
                }
                int nd = bi.u8("IDX dimension count");
                if (nd < 1 || nd > 4) {
                    throw EventFormatException.atByte(file, 3, "IDX dimension count " + nd + " outside 1..4");
                }
                int[] dims = new int[nd];
                long total = 1;
                for (int i = 0; i < nd; i++) {
                    dims[i] = bi.i32be("IDX dimension " + i);
                    if (dims[i] < 0) {
                        throw EventFormatException.atByte(file, 4 + 4L * i, "negative IDX dimension " + dims[i]);
                    }
                    total *= dims[i];
                }
                if (total > MAX_BYTES) {
                    throw EventFormatException.atByte(file, 4, "IDX data of " + total + " bytes is implausibly large");
                }
                byte[] data = bi.bytes((int) total, "IDX data (" + total + " bytes)");
                return new IdxFile(dims, data);
            }
        }
    }
}
