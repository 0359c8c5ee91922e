package org.snn4j.data.io;

/** What a reader does with an event that is decodable but invalid (outside the sensor, or earlier than its predecessor). */
public enum BadEventPolicy {
    /** Throw an {@link EventFormatException} naming the file and byte offset of the event (default). */
    FAIL,
    /** Drop the event and count it; the count is stored in the stream's metadata (keys {@code dropped.*}). */
    DROP
}
