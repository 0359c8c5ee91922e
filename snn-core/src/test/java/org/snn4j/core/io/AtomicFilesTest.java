package org.snn4j.core.io;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class AtomicFilesTest {
    @TempDir
    Path dir;

    /** The final file gets the permissions a plain create gives (the umask), not createTempFile's 0600. */
    @Test
    void finalFileKeepsTheUmask() throws Exception {
        assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "POSIX permissions");
        Set<PosixFilePermission> plain = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain.txt")));
        Path target = dir.resolve("written.txt");
        AtomicFiles.writeString(target, "hello");
        assertEquals("hello", Files.readString(target));
        assertEquals(plain, Files.getPosixFilePermissions(target));
        AtomicFiles.writeBytes(target, new byte[]{1, 2}); // replacing keeps them too
        assertEquals(plain, Files.getPosixFilePermissions(target));
        // the probe is meaningful only if the umask leaves group or other some access (0600 would be indistinguishable)
        if (!plain.equals(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE))) {
            assertFalse(Files.getPosixFilePermissions(Files.createTempFile(dir, "x", ".tmp")).equals(plain),
                    "createTempFile differs from the umask here, so the check above can fail");
        }
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(AtomicFiles.TEMP_SUFFIX)), "no temporary left");
        }
    }

    @Test
    void staleTemporariesOfOursAreRemovedOthersKept() throws Exception {
        Path stale = Files.createFile(dir.resolve(".abc.frames.0123456789abcdef" + AtomicFiles.TEMP_SUFFIX));
        Path legacy = Files.createFile(dir.resolve(".0f1e2d3c4b5a69788796a5b4.frames1234567890123.tmp"));
        Path young = AtomicFiles.createTemporary(dir, "abc.frames");
        Path foreign = Files.createFile(dir.resolve("notes.tmp"));
        Path userFile = Files.createFile(dir.resolve("abc.frames"));
        Path sub = Files.createDirectories(dir.resolve("sub"));
        Path deeper = Files.createFile(sub.resolve(".abc.frames.fedcba9876543210" + AtomicFiles.TEMP_SUFFIX));
        FileTime old = FileTime.from(Instant.now().minus(Duration.ofHours(2)));
        for (Path p : new Path[]{stale, legacy, foreign, userFile, deeper}) {
            Files.setLastModifiedTime(p, old);
        }
        assertEquals(2, AtomicFiles.removeStaleTemporaries(dir, AtomicFiles.STALE_AFTER));
        assertFalse(Files.exists(stale));
        assertFalse(Files.exists(legacy));
        assertTrue(Files.exists(young), "a temporary younger than an hour may be another writer's");
        assertTrue(Files.exists(foreign) && Files.exists(userFile) && Files.exists(deeper), "only our names, only this folder");
        assertEquals(0, AtomicFiles.removeStaleTemporaries(dir.resolve("missing"), AtomicFiles.STALE_AFTER));
    }
}
