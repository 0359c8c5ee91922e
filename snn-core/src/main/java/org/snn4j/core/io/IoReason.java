package org.snn4j.core.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
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

    private static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            Path p = ((FileAlreadyExistsException) e).getFile() == null ? null : Path.of(((FileAlreadyExistsException) e).getFile());
            return p != null && Files.isRegularFile(p) ? "a file of that name exists" : "it already exists";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or folder";
        }
        if (e instanceof NotDirectoryException) {
            return "not a folder";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "the folder is not empty";
        }
        if (e instanceof FileSystemException fs) {
            if (fs.getReason() != null) {
                return fs.getReason().toLowerCase(java.util.Locale.ROOT);
            }
            return "cannot be accessed";
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? "input/output error" : m;
    }
}
