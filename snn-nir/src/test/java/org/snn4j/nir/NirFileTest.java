package org.snn4j.nir;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What NirFile writes it reads back: strings, scalars, compressed float and integer arrays, edges, metadata. */
class NirFileTest {
    @TempDir
    Path dir;

    static NirGraph sample() {
        NirGraph g = new NirGraph();
        g.add("input", new NirNode("Input").put("shape", NirArray.ints(3)));
        g.add("fc", new NirNode("Affine")
                .put("weight", new NirArray(new double[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, NirArray.Kind.FLOAT32))
                .put("bias", new NirArray(new double[] {0.5, -0.25}, new long[] {2}, NirArray.Kind.FLOAT64)));
        g.add("flat", new NirNode("Flatten").put("start_dim", NirArray.scalar(0)).put("end_dim", NirArray.scalar(-1))
                .meta("note", "kept"));
        g.add("output", new NirNode("Output").put("shape", NirArray.ints(2)));
        g.edge("input", "fc").edge("fc", "flat").edge("flat", "output");
        g.meta("snn4j_timesteps", NirArray.scalar(4));
        return g;
    }

    @Test
    void writesAndReadsBack() throws Exception {
        Path f = dir.resolve("g.nir");
        NirFile.write(sample(), f);
        NirGraph g = NirFile.read(f);
        assertEquals(NirGraph.VERSION, g.version());
        assertEquals(java.util.List.of("input", "fc", "flat", "output"), g.chain());
        NirArray w = g.nodes().get("fc").array("weight");
        assertEquals(NirArray.Kind.FLOAT32, w.kind());
        assertArrayEquals(new long[] {2, 3}, w.shape());
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, w.values());
        assertEquals(NirArray.Kind.FLOAT64, g.nodes().get("fc").array("bias").kind());
        assertArrayEquals(new double[] {0.5, -0.25}, g.nodes().get("fc").array("bias").values());
        NirArray sd = g.nodes().get("flat").array("end_dim");
        assertEquals(0, sd.rank());
        assertEquals(-1, sd.asLongs()[0]);
        assertEquals("kept", g.nodes().get("flat").metaString("note"));
        assertEquals(4, ((NirArray) g.metadata().get("snn4j_timesteps")).asLongs()[0]);
    }

    @Test
    void notHdf5IsOneLineNamingTheFile() throws Exception {
        Path f = dir.resolve("bad.nir");
        Files.writeString(f, "not hdf5");
        NirFormatException e = assertThrows(NirFormatException.class, () -> NirFile.read(f));
        assertTrue(e.getMessage().contains("bad.nir"), e.getMessage());
    }
}
