package org.snn4j.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes files so a reader never sees a half-written one: a temporary file in the same folder, then a
 * rename (atomic where the file system supports it). Used for checkpoints, run records, caches and event
 * files alike.
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** Something that writes a file's content to a path. */
    @FunctionalInterface
    public interface Writer {
        void write(Path target) throws IOException;
    }

    public static void write(Path target, Writer writer) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
        try {
            writer.write(tmp);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    public static void writeBytes(Path target, byte[] bytes) throws IOException {
        write(target, p -> Files.write(p, bytes));
    }

    public static void writeString(Path target, String text) throws IOException {
        write(target, p -> {
            try (OutputStream o = Files.newOutputStream(p)) {
                o.write(text.getBytes(StandardCharsets.UTF_8));
            }
        });
    }
}
