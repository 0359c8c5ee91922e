package org.snn4j.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What a timing depends on: CPU model, cores, SIMD width, JVM, and the machine's load. */
public final class Machine {
    private Machine() {
    }

    /** CPU model (from /proc/cpuinfo), logical cores, preferred vector width in bits, JVM, OS. */
    public static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu_model", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("vector_bits", vectorBits());
        m.put("cpu_flags_simd", simdFlags());
        m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        m.put("omp_num_threads", System.getenv("OMP_NUM_THREADS"));
        m.put("heap_max_mib", Runtime.getRuntime().maxMemory() / 1048576);
        return m;
    }

    /** One line: "Intel Xeon ..., 2 cores, 512-bit vectors". */
    public static String oneLine() {
        return cpuModel() + ", " + Runtime.getRuntime().availableProcessors() + " cores, " + vectorBits() + "-bit vectors";
    }

    /** The 1/5/15-minute load averages and running/total tasks (/proc/loadavg), or "n/a". */
    public static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    static String cpuModel() {
        String vendor = null;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
                if (line.startsWith("vendor_id") && vendor == null) {
                    vendor = line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
        return vendor != null ? vendor : System.getProperty("os.arch");
    }

    static String simdFlags() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("flags")) {
                    StringBuilder sb = new StringBuilder();
                    for (String f : line.substring(line.indexOf(':') + 1).trim().split(" ")) {
                        if (f.equals("avx2") || f.equals("avx512f") || f.equals("fma") || f.equals("avx512_bf16")) {
                            sb.append(sb.length() > 0 ? " " : "").append(f);
                        }
                    }
                    return sb.toString();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
        return "n/a";
    }

    /** The Vector API's preferred float vector width, or -1 when the incubator module is not loaded. */
    static int vectorBits() {
        try {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        } catch (Throwable e) { // NoClassDefFoundError without --add-modules jdk.incubator.vector
            return -1;
        }
    }
}
