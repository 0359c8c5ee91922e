package org.snn4j.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A cheap test for recordings that cannot hold an event: 0 bytes, or only a text header (AEDAT 2.0/3.x
 * {@code #} lines, Prophesee {@code %} lines plus the 2-byte event type/size), or a {@code .snne} file
 * whose header counts 0 events. Only the header is read, so datasets can apply it to every file when
 * asked to skip empty recordings. Anything else (including malformed headers) is left to the reader.
 */
public final class EmptyFiles {
    private EmptyFiles() {
    }

    /** Whether {@code file} (a regular file) holds no event records; see the class comment. */
    public static boolean hasNoEventRecords(Path file) throws IOException {
        RegularFiles.require(file);
        long size = Files.size(file);
        if (size == 0) {
            return true;
        }
        byte[] head = new byte[28];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String s = new String(head, 0, n, StandardCharsets.ISO_8859_1);
        if (s.startsWith("SNNE")) {
            return n >= 24 && Bytes.i64le(head, 16) == 0;
        }
        char comment = s.startsWith("#!AER-DAT2") || s.startsWith("#!AER-DAT3") ? '#' : s.startsWith("%") ? '%' : 0;
        if (comment == 0) {
            return false;
        }
        try (ByteInput in = new ByteInput(file)) {
            HeaderLines.read(in, comment);
            long rest = size - in.offset();
            return rest == 0 || (comment == '%' && rest == 2);
        } catch (EventFormatException e) {
            return false; // a malformed header is the reader's error to report
        }
    }
}
