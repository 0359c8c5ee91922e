package org.snn4j.data.io;

/** Endian-explicit integer access into byte arrays. */
public final class Bytes {
    private Bytes() {
    }

    public static int i32le(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8 | (b[o + 2] & 0xFF) << 16 | (b[o + 3] & 0xFF) << 24;
    }

    public static int i32be(byte[] b, int o) {
        return (b[o] & 0xFF) << 24 | (b[o + 1] & 0xFF) << 16 | (b[o + 2] & 0xFF) << 8 | (b[o + 3] & 0xFF);
    }

    public static int u16le(byte[] b, int o) {
        return (b[o] & 0xFF) | (b[o + 1] & 0xFF) << 8;
    }

    public static short i16le(byte[] b, int o) {
        return (short) u16le(b, o);
    }

    public static long i64le(byte[] b, int o) {
        return (i32le(b, o) & 0xFFFFFFFFL) | ((long) i32le(b, o + 4)) << 32;
    }

    public static void putI32le(byte[] b, int o, int v) {
        b[o] = (byte) v;
        b[o + 1] = (byte) (v >>> 8);
        b[o + 2] = (byte) (v >>> 16);
        b[o + 3] = (byte) (v >>> 24);
    }

    public static void putI32be(byte[] b, int o, int v) {
        b[o] = (byte) (v >>> 24);
        b[o + 1] = (byte) (v >>> 16);
        b[o + 2] = (byte) (v >>> 8);
        b[o + 3] = (byte) v;
    }

    public static void putI64le(byte[] b, int o, long v) {
        putI32le(b, o, (int) v);
        putI32le(b, o + 4, (int) (v >>> 32));
    }
}
