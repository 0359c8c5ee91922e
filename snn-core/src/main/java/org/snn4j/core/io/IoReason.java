package org.snn4j.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The reason of a failed file operation in words ({@code NoSuchFileException}'s message is only the path):
 * "permission denied", "a file of that name exists", "no such file or folder"... so that a message can say
 * what is wrong, not just where.
 */
public final class IoReason {
    private IoReason() {
    }

    /** The reason of {@code e}, naming the path it concerns when that is not {@code subject}. */
    public static String of(IOException e, Path subject) {
        String reason = reason(e);
        if (e instanceof FileSystemException fs && fs.getFile() != null
                && (subject == null || !Path.of(fs.getFile()).equals(subject))) {
            return fs.getFile() + ": " + reason;
        }
        return reason;
    }

    /** {@link #of(IOException, Path)} of an {@link UncheckedIOException}'s cause. */
    public static String of(UncheckedIOException e, Path subject) {
        return of(e.getCause(), subject);
    }

    /**
     * The reason an I/O exception class stands for, by its simple name ("NoSuchFileException" -> "no such file or
     * folder"), or null for a class whose message says it: also for messages that only carry the class name.
     */
    public static String phrase(String simpleName) {
        return switch (simpleName) {
            case "AccessDeniedException" -> "permission denied";
            case "FileAlreadyExistsException" -> "it already exists";
            case "NoSuchFileException" -> "no such file or folder";
            case "NotDirectoryException" -> "not a folder";
            case "DirectoryNotEmptyException" -> "the folder is not empty";
            case "EOFException" -> "unexpected end of file";
            default -> null;
        };
    }

    private static String reason(IOException e) {
        if (e instanceof FileAlreadyExistsException fe && fe.getFile() != null && Files.isRegularFile(Path.of(fe.getFile()))) {
            return "a file of that name exists";
        }
        if (e instanceof FileSystemException fs) {
            for (Class<?> c = e.getClass(); c != FileSystemException.class; c = c.getSuperclass()) {
                String phrase = phrase(c.getSimpleName());
                if (phrase != null) {
                    return phrase;
                }
            }
            if (fs.getReason() != null) {
                return fs.getReason().toLowerCase(java.util.Locale.ROOT);
            }
            return "cannot be accessed";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "input/output error" : m;
    }
}
