package org.snn4j.core.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Writes files so a reader never sees a half-written one: a temporary file in the same folder, then a
 * rename (atomic where the file system supports it). Used for checkpoints, run records, caches, split files
 * and event files alike.
 *
 * <p>The temporary is {@code .<target name>.<16 hex digits>.snn4j-tmp}, created with {@link Files#createFile}
 * and no explicit permissions, so the final file gets the user's umask exactly as a plain
 * {@code Files.newOutputStream} would (not the 0600 of {@code Files.createTempFile}).
 *
 * <p>A process killed while writing leaves its temporary behind. {@link #removeStaleTemporaries} deletes, in one
 * folder (not below it), the regular files whose name matches our temporary pattern (or the pattern
 * {@code .<name><digits>.tmp} of earlier snn4j versions) and that were last modified more than
 * {@link #STALE_AFTER} ago: no snn4j write keeps a temporary open that long, so a younger one may belong to a
 * writer that is still running (another process sharing the folder) and is left alone.
 */
public final class AtomicFiles {
    /** Suffix of every temporary this class creates. */
    public static final String TEMP_SUFFIX = ".snn4j-tmp";
    /** Age after which a temporary is considered abandoned. */
    public static final Duration STALE_AFTER = Duration.ofHours(1);
    private static final Pattern OURS = Pattern.compile("\\..+\\.[0-9a-f]{16}" + Pattern.quote(TEMP_SUFFIX));
    private static final Pattern LEGACY = Pattern.compile("\\..+[0-9]{6,}\\.tmp");
    private static final SecureRandom RANDOM = new SecureRandom();

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
        Path tmp = createTemporary(dir, target.getFileName().toString());
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

    /**
     * A new empty file {@code dir/.<name>.<random>.snn4j-tmp} with the default permissions (the umask applies).
     * Callers write it and rename it over the target.
     */
    public static Path createTemporary(Path dir, String name) throws IOException {
        byte[] r = new byte[8];
        for (int attempt = 0; ; attempt++) {
            RANDOM.nextBytes(r);
            Path tmp = dir.resolve("." + name + "." + HexFormat.of().formatHex(r) + TEMP_SUFFIX);
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 10) {
                    throw e;
                }
            }
        }
    }

    /** Whether {@code fileName} is one of our temporaries (or an earlier version's). */
    public static boolean isTemporaryName(String fileName) {
        return OURS.matcher(fileName).matches() || LEGACY.matcher(fileName).matches();
    }

    /**
     * Deletes abandoned temporaries in {@code dir} (see the class comment; {@code olderThan} is usually
     * {@link #STALE_AFTER}); returns how many were deleted. A missing folder has none.
     */
    public static int removeStaleTemporaries(Path dir, Duration olderThan) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant limit = Instant.now().minus(olderThan);
        int removed = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, p -> isTemporaryName(p.getFileName().toString()))) {
            for (Path p : entries) {
                BasicFileAttributes a;
                try {
                    a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                } catch (NoSuchFileException e) {
                    continue; // its writer just renamed or deleted it
                }
                if (a.isRegularFile() && a.lastModifiedTime().toInstant().isBefore(limit) && Files.deleteIfExists(p)) {
                    removed++;
                }
            }
        }
        return removed;
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
