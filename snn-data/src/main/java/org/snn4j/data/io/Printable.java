package org.snn4j.data.io;

/**
 * Makes header text safe to echo in an error message: every reader passes the bytes it quotes (AEDAT 2/3
 * header lines, AEDAT 4 XML and packet identifiers, Prophesee header lines, .snne metadata) through
 * {@link #escape}, so a corrupt file cannot put a raw carriage return or terminal control sequence on the
 * user's screen. CR, LF and TAB become {@code \r}, {@code \n}, {@code \t}; other control characters (C0, DEL
 * and C1) become {@code \xNN}; a backslash stays as it is.
 */
public final class Printable {
    /** Longest quoted text; longer text is cut and ends in "...". */
    public static final int MAX_QUOTE = 60;

    private Printable() {
    }

    /** {@code s} with control characters escaped (see the class comment); null stays "null". */
    public static String escape(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> sb.append("\\r");
                case '\n' -> sb.append("\\n");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
                        sb.append(String.format("\\x%02x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }

    /** The first {@link #MAX_QUOTE} characters of {@code s} (then "..."), escaped. */
    public static String quote(String s) {
        if (s == null) {
            return "null";
        }
        return s.length() > MAX_QUOTE ? escape(s.substring(0, MAX_QUOTE)) + "..." : escape(s);
    }
}
