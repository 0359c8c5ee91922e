package org.snn4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Peak resident memory (from /proc, Linux) and CPU time of this process; -1 where unavailable. */
public final class ProcessMemory {
    private ProcessMemory() {
    }

    /** VmHWM: peak resident set size since start (or since the last {@link #resetPeak()}), in bytes. */
    public static long peakRssBytes() {
        return statusField("VmHWM:");
    }

    /** VmRSS: current resident set size, in bytes. */
    public static long rssBytes() {
        return statusField("VmRSS:");
    }

    /** Resets VmHWM to the current RSS (writes 5 to /proc/self/clear_refs); false if not permitted. */
    public static boolean resetPeak() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** CPU time (user + system) of the whole process, all threads including native ones, in ns; -1 if unknown. */
    public static long cpuNanos() {
        java.lang.management.OperatingSystemMXBean os = java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean) {
            return ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        }
        return -1;
    }

    private static long statusField(String name) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(name)) {
                    String[] parts = line.substring(name.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
