package org.snn4j.nir;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NIR reference package's own reader ({@code nir.read}, with its type checks) reads what we write: the
 * zoo's small-snn and dvs-gesture-net, and sees the node types, edges and array contents we wrote. Needs
 * Python with h5py and numpy and the NIR source tree: tag {@code nir-python}, left out of the default run;
 * run with
 * {@code NIR_SOURCE=/path/to/NIR mvn -B -pl snn-nir test -Dsnn.excludedGroups= -Dgroups=nir-python}
 * (python: {@code /usr/bin/python3}, or the environment variable {@code NIR_PYTHON}).
 */
@Tag("nir-python")
class NirPythonReaderTest {
    @TempDir
    Path dir;

    @Test
    @SuppressWarnings("unchecked")
    void theNirPackageReadsOurZooExports() throws Exception {
        String source = System.getenv("NIR_SOURCE");
        assertTrue(source != null && Files.isDirectory(Path.of(source, "nir")),
                "set NIR_SOURCE to a NIR source tree (a folder holding the 'nir' package), got " + source);
        String python = System.getenv().getOrDefault("NIR_PYTHON", "/usr/bin/python3");

        MultiLayerNetwork small = (MultiLayerNetwork) ModelZoo.build("small-snn",
                ModelZoo.get("small-snn").defaults().timesteps(4)).init();
        ModelOptions d = ModelZoo.get("dvs-gesture-net").defaults().timesteps(2); // the published size: 1.7 M parameters
        MultiLayerNetwork dvs = (MultiLayerNetwork) ModelZoo.build("dvs-gesture-net", d).init();
        NirRoundTripTest.randomizeBatchNorm(dvs, 3);
        Path f1 = dir.resolve("small-snn.nir");
        Path f2 = dir.resolve("dvs-gesture-net.nir");
        NirExporter.export(small, new long[] {2, 32, 32}, 1e-3, f1);
        NirExporter.export(dvs, new long[] {2, 128, 128}, 1e-4, f2);

        Path script = Path.of(getClass().getResource("/nir/read_with_nir.py").toURI());
        ProcessBuilder pb = new ProcessBuilder(python, script.toString(), f1.toString(), f2.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT);
        pb.environment().put("PYTHONPATH", source + File.pathSeparator + pb.environment().getOrDefault("PYTHONPATH", ""));
        Process p = pb.start();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), "the NIR reader failed (its message is on stderr); output: " + json);
        Map<String, Object> all = new ObjectMapper().readValue(json, Map.class);

        for (Path f : List.of(f1, f2)) {
            NirGraph ours = NirFile.read(f);
            Map<String, Object> theirs = (Map<String, Object>) all.get(f.toString());
            assertEquals(NirGraph.VERSION, theirs.get("version"));
            Map<String, Object> nodes = (Map<String, Object>) theirs.get("nodes");
            assertEquals(ours.nodes().keySet(), nodes.keySet());
            assertEquals(ours.edges().size(), ((List<?>) theirs.get("edges")).size());
            for (Map.Entry<String, NirNode> e : ours.nodes().entrySet()) {
                Map<String, Object> n = (Map<String, Object>) nodes.get(e.getKey());
                assertEquals(e.getValue().type(), n.get("type"), e.getKey());
                Map<String, Object> fields = (Map<String, Object>) n.get("fields");
                for (Map.Entry<String, Object> fld : e.getValue().fields().entrySet()) {
                    if (!(fld.getValue() instanceof NirArray) || !fields.containsKey(fld.getKey())) {
                        continue;
                    }
                    NirArray a = (NirArray) fld.getValue();
                    Map<String, Object> s = (Map<String, Object>) fields.get(fld.getKey());
                    String where = f.getFileName() + " " + e.getKey() + "." + fld.getKey();
                    long[] shape = ((List<Number>) s.get("shape")).stream().mapToLong(Number::longValue).toArray();
                    assertArrayEquals(a.shape(), shape, where);
                    double sum = 0;
                    for (double v : a.values()) {
                        sum += a.kind() == NirArray.Kind.FLOAT32 ? (float) v : v;
                    }
                    assertEquals(sum, ((Number) s.get("sum")).doubleValue(), 1e-6 * Math.max(1, Math.abs(sum)), where);
                }
                boolean io = e.getValue().type().equals("Input") || e.getValue().type().equals("Output");
                assertTrue(io || fields.keySet().containsAll(e.getValue().fields().keySet().stream()
                        .filter(k -> e.getValue().fields().get(k) instanceof NirArray).toList()), e.getKey() + " " + fields.keySet());
            }
        }
        // the reader's own shape inference reaches the output: (11) classes for small-snn, 11 votes for dvs
        Map<String, Object> out1 = (Map<String, Object>) ((Map<String, Object>) all.get(f1.toString())).get("output_type");
        assertEquals(List.of(11), out1.values().iterator().next());
        Map<String, Object> out2 = (Map<String, Object>) ((Map<String, Object>) all.get(f2.toString())).get("output_type");
        assertEquals(List.of(11), out2.values().iterator().next());
    }
}
