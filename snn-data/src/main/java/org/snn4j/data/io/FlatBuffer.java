package org.snn4j.data.io;

import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;

/**
 * Minimal bounds-checked flatbuffer access (tables through their vtables, scalars, strings, vectors of
 * structs), enough for the AEDAT 4.0 IOHeader and EventPacket tables; avoids the flatbuffers runtime
 * and generated classes. All positions are absolute indices into {@link #bytes}.
 */
final class FlatBuffer {
    final byte[] bytes;

    FlatBuffer(byte[] bytes) {
        this.bytes = bytes;
    }

    /** The table the uoffset at {@code at} points to. */
    int deref(int at) throws DataFormatException {
        check(at, 4);
        long target = (long) at + (Bytes.i32le(bytes, at) & 0xFFFFFFFFL);
        if (target > bytes.length - 4) {
            throw new DataFormatException("flatbuffer offset at " + at + " points outside the buffer");
        }
        return (int) target;
    }

    /** Absolute position of field {@code index} of the table at {@code table}, or -1 when absent. */
    int field(int table, int index) throws DataFormatException {
        check(table, 4);
        long vt = (long) table - Bytes.i32le(bytes, table);
        if (vt < 0 || vt > bytes.length - 4) {
            throw new DataFormatException("flatbuffer vtable of table at " + table + " outside the buffer");
        }
        int vtSize = Bytes.u16le(bytes, (int) vt);
        int slot = 4 + 2 * index;
        if (slot + 2 > vtSize) {
            return -1;
        }
        check((int) vt + slot, 2);
        int off = Bytes.u16le(bytes, (int) vt + slot);
        return off == 0 ? -1 : table + off;
    }

    int int32(int table, int index, int dflt) throws DataFormatException {
        int f = field(table, index);
        if (f < 0) {
            return dflt;
        }
        check(f, 4);
        return Bytes.i32le(bytes, f);
    }

    long int64(int table, int index, long dflt) throws DataFormatException {
        int f = field(table, index);
        if (f < 0) {
            return dflt;
        }
        check(f, 8);
        return Bytes.i64le(bytes, f);
    }

    String string(int table, int index) throws DataFormatException {
        int f = field(table, index);
        if (f < 0) {
            return "";
        }
        int s = deref(f);
        int len = Bytes.i32le(bytes, s);
        check(s + 4, len);
        return new String(bytes, s + 4, len, StandardCharsets.UTF_8);
    }

    /** Start of the vector at field {@code index} (its element count is the int32 before it), -1 when absent. */
    int vector(int table, int index, int elementSize) throws DataFormatException {
        int f = field(table, index);
        if (f < 0) {
            return -1;
        }
        int v = deref(f);
        long count = Bytes.i32le(bytes, v) & 0xFFFFFFFFL;
        if (count * elementSize > bytes.length - (long) v - 4) {
            throw new DataFormatException("flatbuffer vector of " + count + " elements at " + v + " overruns the buffer");
        }
        return v + 4;
    }

    int vectorLength(int vectorStart) {
        return Bytes.i32le(bytes, vectorStart - 4);
    }

    void check(int at, int n) throws DataFormatException {
        if (at < 0 || n < 0 || at > bytes.length - n) {
            throw new DataFormatException("flatbuffer read of " + n + " bytes at " + at + " outside the buffer of "
                    + bytes.length);
        }
    }
}
