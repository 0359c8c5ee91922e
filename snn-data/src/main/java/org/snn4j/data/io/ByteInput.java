package org.snn4j.data.io;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Buffered sequential reader over a file that knows its absolute byte offset, so every decode error can
 * name the offset. Reads in 64 KiB chunks: large recordings are streamed, never loaded whole.
 * Multi-byte reads are explicit about endianness because event formats mix both.
 */
public final class ByteInput implements AutoCloseable {
    private static final int CHUNK = 1 << 16;
    private final Path file;
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int limit;
    private long bufferStart;
    private boolean eof;

    /** Opens {@code file}, which must be a regular file ({@link RegularFiles#require}). */
    public ByteInput(Path file) throws IOException {
        this(file, open(file));
    }

    private static InputStream open(Path file) throws IOException {
        RegularFiles.require(file);
        return Files.newInputStream(file);
    }

    public ByteInput(Path file, InputStream in) {
        this.file = file;
        this.in = in;
        this.buf = new byte[CHUNK];
    }

    public Path file() {
        return file;
    }

    /** Absolute offset of the next byte. */
    public long offset() {
        return bufferStart + pos;
    }

    /** Makes at least {@code n} (at most the chunk size) bytes available; returns how many are (fewer only at EOF). */
    public int request(int n) throws IOException {
        if (limit - pos >= n || eof) {
            return limit - pos;
        }
        System.arraycopy(buf, pos, buf, 0, limit - pos);
        bufferStart += pos;
        limit -= pos;
        pos = 0;
        while (limit < n && !eof) {
            int r = in.read(buf, limit, buf.length - limit);
            if (r < 0) {
                eof = true;
            } else {
                limit += r;
            }
        }
        return limit - pos;
    }

    /** Direct access to the buffer for fast record loops: valid bytes are [position(), position() + available). */
    public byte[] buffer() {
        return buf;
    }

    /** One fixed-size record at {@code buf[o, o + size)}, which starts at byte {@code at} of the file. */
    @FunctionalInterface
    public interface RecordHandler {
        void record(byte[] buf, int o, long at) throws IOException;
    }

    /**
     * Calls {@code handler} for every {@code size}-byte record up to the end of the file. A partial record at
     * the end is an error naming its offset; {@code layout} (e.g. " (int32 address, int32 timestamp)") is added
     * to that message.
     */
    public void forEachRecord(int size, String layout, RecordHandler handler) throws IOException {
        while (true) {
            int avail = request(size);
            if (avail == 0) {
                return;
            }
            if (avail < size) {
                throw EventFormatException.atByte(file, offset(), "file truncated: " + avail
                        + " trailing bytes, records are " + size + " bytes" + layout);
            }
            int end = pos + (avail / size) * size;
            for (int o = pos; o < end; o += size) {
                handler.record(buf, o, bufferStart + o);
            }
            pos = end;
        }
    }

    public int position() {
        return pos;
    }

    public void advance(int n) {
        pos += n;
    }

    public boolean atEnd() throws IOException {
        return request(1) == 0;
    }

    /** Peeks the next byte without consuming it, -1 at EOF. */
    public int peek() throws IOException {
        return request(1) == 0 ? -1 : buf[pos] & 0xFF;
    }

    private void require(int n, String what) throws IOException {
        if (request(n) < n) {
            throw EventFormatException.atByte(file, offset(), "file truncated: needed " + n + " bytes for " + what
                    + " but only " + (limit - pos) + " remain", new EOFException());
        }
    }

    public int u8(String what) throws IOException {
        require(1, what);
        return buf[pos++] & 0xFF;
    }

    public int u16le(String what) throws IOException {
        require(2, what);
        int v = (buf[pos] & 0xFF) | (buf[pos + 1] & 0xFF) << 8;
        pos += 2;
        return v;
    }

    public int i32le(String what) throws IOException {
        require(4, what);
        int v = Bytes.i32le(buf, pos);
        pos += 4;
        return v;
    }

    public int i32be(String what) throws IOException {
        require(4, what);
        int v = Bytes.i32be(buf, pos);
        pos += 4;
        return v;
    }

    public long i64le(String what) throws IOException {
        require(8, what);
        long v = Bytes.i64le(buf, pos);
        pos += 8;
        return v;
    }

    /** Reads exactly {@code len} bytes into a new array. */
    public byte[] bytes(int len, String what) throws IOException {
        if (len < 0) {
            throw EventFormatException.atByte(file, offset(), "negative length " + len + " for " + what);
        }
        byte[] out = new byte[len];
        int done = 0;
        while (done < len) {
            int avail = request(Math.min(CHUNK, len - done));
            if (avail == 0) {
                throw EventFormatException.atByte(file, offset(), "file truncated: needed " + (len - done)
                        + " more bytes for " + what, new EOFException());
            }
            int k = Math.min(avail, len - done);
            System.arraycopy(buf, pos, out, done, k);
            pos += k;
            done += k;
        }
        return out;
    }

    /** Skips exactly {@code n} bytes. */
    public void skip(long n, String what) throws IOException {
        long left = n;
        while (left > 0) {
            int avail = request((int) Math.min(CHUNK, left));
            if (avail == 0) {
                throw EventFormatException.atByte(file, offset(), "file truncated: needed " + left
                        + " more bytes to skip " + what, new EOFException());
            }
            int k = (int) Math.min(avail, left);
            pos += k;
            left -= k;
        }
    }

    /**
     * Reads one text line (up to and including LF; CR before LF is stripped) as ISO-8859-1. Lines longer
     * than {@code maxLen} are an error: a binary file mistaken for a header must not be read whole.
     */
    public String line(int maxLen) throws IOException {
        StringBuilder sb = new StringBuilder();
        long start = offset();
        while (true) {
            if (request(1) == 0) {
                break;
            }
            byte b = buf[pos++];
            if (b == '\n') {
                break;
            }
            if (sb.length() >= maxLen) {
                throw EventFormatException.atByte(file, start, "header line longer than " + maxLen
                        + " bytes: not a text header");
            }
            sb.append((char) (b & 0xFF));
        }
        int n = sb.length();
        if (n > 0 && sb.charAt(n - 1) == '\r') {
            sb.setLength(n - 1);
        }
        return sb.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
