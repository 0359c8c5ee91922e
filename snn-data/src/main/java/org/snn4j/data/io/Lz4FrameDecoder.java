package org.snn4j.data.io;

import java.util.Arrays;
import java.util.zip.DataFormatException;

/**
 * Decoder for the LZ4 frame format (lz4 "Frame format" v1.6: magic 0x184D2204, FLG/BD descriptor,
 * optional content size and dictionary id, blocks prefixed by a 4-byte size whose top bit marks an
 * uncompressed block, end mark 0, optional checksums) with LZ4 block decoding (token, literal run, 16-bit
 * little-endian offset, match length + 4). Linked blocks work because every block decodes into the same
 * output. Checksums are skipped, not verified: the AEDAT4 reader validates the decoded flatbuffer instead.
 * Written for AEDAT 4.0 packets so snn-data needs no native LZ4 dependency. Every bound is checked: corrupt
 * input raises {@link DataFormatException}, never an index error.
 */
public final class Lz4FrameDecoder {
    static final int MAGIC = 0x184D2204;
    private static final int MAX_OUTPUT = 1 << 26;

    private Lz4FrameDecoder() {
    }

    /** Decodes one or more concatenated LZ4 frames filling {@code src}. */
    public static byte[] decode(byte[] src) throws DataFormatException {
        Output out = new Output(Math.max(64, src.length * 4));
        int ip = 0;
        while (ip < src.length) {
            ip = frame(src, ip, out);
        }
        return Arrays.copyOf(out.buf, out.n);
    }

    private static int frame(byte[] src, int ip, Output out) throws DataFormatException {
        need(src, ip, 7, "frame header");
        int magic = Bytes.i32le(src, ip);
        if (magic != MAGIC) {
            throw new DataFormatException("bad LZ4 frame magic 0x" + Integer.toHexString(magic) + " at " + ip);
        }
        ip += 4;
        int flg = src[ip++] & 0xFF;
        ip++; // BD: max block size, not needed because output grows
        if ((flg >>> 6) != 1) {
            throw new DataFormatException("unsupported LZ4 frame version " + (flg >>> 6));
        }
        boolean blockChecksum = (flg & 0x10) != 0;
        boolean contentSize = (flg & 0x08) != 0;
        boolean contentChecksum = (flg & 0x04) != 0;
        boolean dictId = (flg & 0x01) != 0;
        if (dictId) {
            throw new DataFormatException("LZ4 frames with a dictionary are not supported");
        }
        if (contentSize) {
            need(src, ip, 8, "content size");
            ip += 8;
        }
        need(src, ip, 1, "header checksum");
        ip++;
        while (true) {
            need(src, ip, 4, "block size");
            int raw = Bytes.i32le(src, ip);
            ip += 4;
            if (raw == 0) {
                break;
            }
            int size = raw & 0x7FFFFFFF;
            need(src, ip, size, "block data");
            if ((raw & 0x80000000) != 0) {
                out.append(src, ip, size);
            } else {
                block(src, ip, ip + size, out);
            }
            ip += size;
            if (blockChecksum) {
                need(src, ip, 4, "block checksum");
                ip += 4;
            }
        }
        if (contentChecksum) {
            need(src, ip, 4, "content checksum");
            ip += 4;
        }
        return ip;
    }

    private static void block(byte[] src, int ip, int end, Output out) throws DataFormatException {
        while (ip < end) {
            int token = src[ip++] & 0xFF;
            int lit = token >>> 4;
            if (lit == 15) {
                int b;
                do {
                    need(src, ip, 1, "literal length");
                    b = src[ip++] & 0xFF;
                    lit += b;
                } while (b == 255 && ip < end);
            }
            if (lit > end - ip) {
                throw new DataFormatException("LZ4 literal run of " + lit + " bytes overruns the block");
            }
            out.append(src, ip, lit);
            ip += lit;
            if (ip >= end) {
                break; // the last sequence carries literals only
            }
            if (end - ip < 2) {
                throw new DataFormatException("LZ4 match offset cut off by the block end");
            }
            int offset = Bytes.u16le(src, ip);
            ip += 2;
            int len = token & 15;
            if (len == 15) {
                int b;
                do {
                    if (ip >= end) {
                        throw new DataFormatException("LZ4 match length cut off by the block end");
                    }
                    b = src[ip++] & 0xFF;
                    len += b;
                } while (b == 255);
            }
            out.copyMatch(offset, len + 4);
        }
    }

    private static void need(byte[] src, int ip, int n, String what) throws DataFormatException {
        if (n < 0 || ip > src.length - n) {
            throw new DataFormatException("LZ4 data truncated in " + what + " at " + ip);
        }
    }

    private static final class Output {
        byte[] buf;
        int n;

        Output(int cap) {
            buf = new byte[cap];
        }

        void ensure(int more) throws DataFormatException {
            if ((long) n + more > MAX_OUTPUT) {
                throw new DataFormatException("LZ4 output exceeds " + MAX_OUTPUT + " bytes");
            }
            if (n + more > buf.length) {
                buf = Arrays.copyOf(buf, (int) Math.min(MAX_OUTPUT, Math.max((long) buf.length * 2, (long) n + more)));
            }
        }

        void append(byte[] src, int from, int len) throws DataFormatException {
            ensure(len);
            System.arraycopy(src, from, buf, n, len);
            n += len;
        }

        void copyMatch(int offset, int len) throws DataFormatException {
            if (offset == 0 || offset > n) {
                throw new DataFormatException("LZ4 match offset " + offset + " points before the output start");
            }
            ensure(len);
            int from = n - offset;
            if (offset == 1) {
                Arrays.fill(buf, n, n + len, buf[from]); // run of one byte
            } else {
                // an overlapping match repeats the last `offset` bytes: copy it in chunks of at most `offset`,
                // each chunk's source lies entirely in already-written output
                for (int done = 0; done < len; done += offset) {
                    System.arraycopy(buf, from + done, buf, n + done, Math.min(offset, len - done));
                }
            }
            n += len;
        }
    }
}
