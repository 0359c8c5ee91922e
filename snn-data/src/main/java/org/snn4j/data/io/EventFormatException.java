package org.snn4j.data.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A file (or a line of a text side file) does not follow the format its reader expects. The message
 * always names the file and the byte offset or line where the problem was found, and what was expected.
 * Every reader in snn4j reports malformed input with this type only, so callers (and the fuzz test) can
 * tell "bad data" apart from programming errors.
 */
public class EventFormatException extends IOException {
    private final Path file;
    private final long position;
    private final boolean isLine;

    private EventFormatException(Path file, long position, boolean isLine, String message, Throwable cause) {
        super(file + (position < 0 ? "" : isLine ? ": line " + position : ": byte offset " + position) + ": " + message,
                cause);
        this.file = file;
        this.position = position;
        this.isLine = isLine;
    }

    private EventFormatException(Path file, String fullMessage) {
        super(fullMessage);
        this.file = file;
        this.position = -1;
        this.isLine = false;
    }

    /**
     * {@code file} exists but is not a regular file ("X is not a regular file (a directory)"), or does not exist
     * ("X does not exist"): readers never open FIFOs, devices or folders, so nothing can hang or fail without a path.
     */
    public static EventFormatException notRegularFile(Path file, String kind) {
        return new EventFormatException(file, kind == null ? file + " does not exist"
                : file + " is not a regular file (" + kind + ")");
    }

    /** A problem at byte {@code offset} of {@code file} (offset -1: the file as a whole). */
    public static EventFormatException atByte(Path file, long offset, String message) {
        return new EventFormatException(file, offset, false, message, null);
    }

    public static EventFormatException atByte(Path file, long offset, String message, Throwable cause) {
        return new EventFormatException(file, offset, false, message, cause);
    }

    /** A problem on 1-based {@code line} of a text file. */
    public static EventFormatException atLine(Path file, long line, String message) {
        return new EventFormatException(file, line, true, message, null);
    }

    /** A problem with the file as a whole (missing, empty clip list...). */
    public static EventFormatException ofFile(Path file, String message) {
        return new EventFormatException(file, -1, false, message, null);
    }

    public Path file() {
        return file;
    }

    /** Byte offset or line number (see {@link #isLine()}), -1 if the problem concerns the whole file. */
    public long position() {
        return position;
    }

    public boolean isLine() {
        return isLine;
    }
}
