package org.snn4j.data.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Only regular files are read: a FIFO named {@code *.bin} would block the reader forever, a folder named
 * {@code *.aedat} would fail with a bare "Is a directory". Every reader entry point ({@link ByteInput},
 * {@link EventFormat#detect}) and every dataset folder listing checks with {@link #require} first.
 * Symbolic links are followed (a link to a regular file is fine).
 */
public final class RegularFiles {
    private static final int S_IFMT = 0170000;

    private RegularFiles() {
    }

    /** Throws {@link EventFormatException} "X is not a regular file (a directory)" unless {@code file} is one. */
    public static void require(Path file) throws EventFormatException {
        String kind = kind(file);
        if (!"a regular file".equals(kind)) {
            throw EventFormatException.notRegularFile(file, kind);
        }
    }

    /** Whether {@code file} is a regular file (after following links). */
    public static boolean isRegular(Path file) {
        return "a regular file".equals(kind(file));
    }

    /**
     * What {@code file} is: "a regular file", "a directory", "a named pipe (FIFO)", "a socket", "a character device",
     * "a block device", "a special file", "unreadable: ..." or null when it does not exist.
     */
    public static String kind(Path file) {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return Files.isSymbolicLink(file) ? "a dangling symbolic link" : null;
        } catch (IOException e) {
            return "unreadable: " + e.getMessage();
        }
        if (a.isRegularFile()) {
            return "a regular file";
        }
        if (a.isDirectory()) {
            return "a directory";
        }
        try {
            Object mode = Files.getAttribute(file, "unix:mode");
            if (mode instanceof Integer m) {
                return switch (m & S_IFMT) {
                    case 0010000 -> "a named pipe (FIFO)";
                    case 0140000 -> "a socket";
                    case 0020000 -> "a character device";
                    case 0060000 -> "a block device";
                    default -> "a special file";
                };
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // no unix view: fall through
        }
        return "a special file";
    }

}
