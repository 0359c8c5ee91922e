package org.snn4j.cli;

import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The snn command's class path (the one snn.jar is shaded from) holds exactly one libnd4j build: one native
 * jar of nd4j-native or nd4j-cuda, not the plain build beside the oneDNN one.
 */
class OneNativeBackendTest {
    @Test
    void exactlyOneLibnd4jBuild() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> natives = Arrays.stream(cp.split(File.pathSeparator))
                .map(e -> new File(e).getName())
                .filter(n -> n.matches("nd4j-(native|cuda-[0-9.]+)-\\d.*-(linux|macosx|windows|android)-.*\\.jar"))
                .toList();
        assertEquals(1, natives.size(), "libnd4j builds on the class path: " + natives);
    }
}
