package org.snn4j.core.neuron.fast;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel is chosen at run time: the Vector API kernel when {@code jdk.incubator.vector} is present
 * (Surefire adds it), the scalar one in a JVM started without the module.
 */
class KernelChoiceTest {

    /** Entry point of the child JVM: prints the chosen kernel's name. */
    public static void main(String[] args) {
        System.out.print(FloatNeuronKernel.get().name());
    }

    @Test
    void vectorKernelWhenModulePresent() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(), "tests run with the module");
        assertTrue(FloatNeuronKernel.choose("").name().startsWith("vector"));
        assertEquals("scalar", FloatNeuronKernel.choose("scalar").name());
    }

    @Test
    void scalarKernelInAJvmWithoutTheModule() throws IOException, InterruptedException {
        String java = Paths.get(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), KernelChoiceTest.class.getName())
                .redirectErrorStream(false).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), err);
        assertEquals("scalar", out.trim(), err);
        // and it says so, once, as a warning (an application that logs warnings only still sees it)
        assertEquals(1, err.lines().filter(l -> l.contains("WARN") && l.contains("the fused neurons use the scalar float kernel"))
                .count(), err);
    }
}
