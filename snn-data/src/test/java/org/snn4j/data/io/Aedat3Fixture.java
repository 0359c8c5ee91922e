package org.snn4j.data.io;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds AEDAT 3.1 files from the byte layout of docs/data.md (no real DVS128 Gesture recording is
 * available): CRLF header, 28-byte little-endian packet headers, 8-byte polarity events.
 */
public final class Aedat3Fixture {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    public Aedat3Fixture() {
        out.writeBytes("#!AER-DAT3.1\r\n#Format: RAW\r\n#Source 1: DVS128\r\n#!END-HEADER\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    /** A polarity packet; each event is {x, y, p, t, valid}. */
    public Aedat3Fixture polarityPacket(int overflow, int[]... events) {
        header(1, 8, overflow, events.length);
        for (int[] e : events) {
            int data = e[0] << 17 | e[1] << 2 | e[2] << 1 | e[4];
            int32(data);
            int32(e[3]);
        }
        return this;
    }

    /** A packet of another event type, filled with 0xFF bytes. */
    public Aedat3Fixture otherPacket(int type, int size, int number) {
        header(type, size, 0, number);
        for (int i = 0; i < size * number; i++) {
            out.write(0xFF);
        }
        return this;
    }

    private void header(int type, int size, int overflow, int number) {
        byte[] h = new byte[28];
        h[0] = (byte) type;
        h[2] = 1;
        Bytes.putI32le(h, 4, size);
        Bytes.putI32le(h, 8, 4);
        Bytes.putI32le(h, 12, overflow);
        Bytes.putI32le(h, 16, number);
        Bytes.putI32le(h, 20, number);
        Bytes.putI32le(h, 24, number);
        out.writeBytes(h);
    }

    private void int32(int v) {
        byte[] b = new byte[4];
        Bytes.putI32le(b, 0, v);
        out.writeBytes(b);
    }

    public byte[] bytes() {
        return out.toByteArray();
    }
}
