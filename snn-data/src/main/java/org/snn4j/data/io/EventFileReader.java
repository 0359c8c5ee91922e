package org.snn4j.data.io;

import org.snn4j.data.events.EventStream;

import java.io.IOException;
import java.nio.file.Path;

/** Decodes one event file into an {@link EventStream}. Malformed input raises {@link EventFormatException}. */
@FunctionalInterface
public interface EventFileReader {
    EventStream read(Path file) throws IOException;
}
