package org.snn4j.data.io;

/**
 * Validation policy applied by every reader. Timestamps equal to the previous one are always valid;
 * only a decrease counts as "time reversed".
 *
 * @param outOfSensor  events whose x or y lie outside the declared sensor
 * @param timeReversed events whose timestamp is smaller than the previous kept event's
 */
public record ReadOptions(BadEventPolicy outOfSensor, BadEventPolicy timeReversed) {
    /** Fail on any invalid event (the default). */
    public static final ReadOptions STRICT = new ReadOptions(BadEventPolicy.FAIL, BadEventPolicy.FAIL);
    /** Drop and count invalid events. */
    public static final ReadOptions LENIENT = new ReadOptions(BadEventPolicy.DROP, BadEventPolicy.DROP);
}
