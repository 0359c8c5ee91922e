package org.snn4j.data.io;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the text header shared by jAER/iniVation (lines starting with {@code #}) and Prophesee DAT
 * ({@code %}) files: whole lines are read while the next byte is the comment character, the robust
 * rule of docs/data.md (no fixed line count, {@code #!END-HEADER} not required). LF and CRLF
 * endings are both accepted.
 */
final class HeaderLines {
    static final int MAX_LINE = 1 << 16;
    static final int MAX_LINES = 100_000;

    private HeaderLines() {
    }

    static List<String> read(ByteInput in, char comment) throws IOException {
        List<String> lines = new ArrayList<>();
        while (in.peek() == comment) {
            if (lines.size() >= MAX_LINES) {
                throw EventFormatException.atByte(in.file(), in.offset(), "more than " + MAX_LINES + " header lines");
            }
            lines.add(in.line(MAX_LINE));
        }
        return lines;
    }

    /** Checks that the first line is exactly {@code magic}. */
    static void expectMagic(ByteInput in, List<String> lines, String magic) throws EventFormatException {
        if (lines.isEmpty() || !lines.get(0).equals(magic)) {
            throw EventFormatException.atByte(in.file(), 0, "expected first line '" + magic + "' but found '"
                    + (lines.isEmpty() ? "<no header line>" : abbreviate(lines.get(0))) + "'");
        }
    }

    /** Header text for an error message: cut to 60 characters, control characters escaped ({@link Printable}). */
    static String abbreviate(String s) {
        return Printable.quote(s);
    }
}
