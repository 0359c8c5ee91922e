package org.snn4j.data.io;

import java.util.List;

/**
 * The parsed jAER AEDAT 2.0 text header.
 *
 * @param version          "2.0"
 * @param creationTimeMs   the {@code System.currentTimeMillis()} value of "# Creation time:", or -1 if absent
 * @param chipClass        the jAER chip class of "# AEChip:", or "" if absent
 * @param lines            all header lines, without line endings
 * @param headerBytes      size of the header; the 8-byte records start here
 */
public record Aedat2Header(String version, long creationTimeMs, String chipClass, List<String> lines, long headerBytes) {
}
