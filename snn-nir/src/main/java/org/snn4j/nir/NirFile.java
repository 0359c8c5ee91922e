package org.snn4j.nir;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.Dataset;
import io.jhdf.api.DatasetCreationOptions;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import io.jhdf.api.WritableGroup;
import org.snn4j.core.io.AtomicFiles;

import java.io.IOException;
import java.lang.reflect.Array;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Reads and writes NIR's HDF5 layout (as the reference package's {@code nir.write}/{@code nir.read} do):
 * a root string dataset {@code version} and a group {@code node} holding the graph: {@code type}
 * ("NIRGraph"), a group {@code nodes} with one group per node (its {@code type} string and fields), and
 * {@code edges}, an (E, 2) string dataset. Arrays of more than one element are gzip-compressed as
 * {@code nir.write} does by default; empty metadata groups are left out, as there.
 */
public final class NirFile {
    private NirFile() {
    }

    /** Writes the graph to {@code target} atomically (a reader never sees half a file). */
    public static void write(NirGraph graph, Path target) throws IOException {
        AtomicFiles.write(target, tmp -> {
            // jhdf creates the file itself
            Files.delete(tmp);
            try (WritableHdfFile f = HdfFile.write(tmp)) {
                f.putDataset("version", graph.version());
                writeGraph(f.putGroup("node"), graph);
            } catch (RuntimeException e) {
                throw new IOException("cannot write NIR file " + target + ": " + e.getMessage(), e);
            }
        });
    }

    private static void writeGraph(WritableGroup g, NirGraph graph) {
        g.putDataset("type", "NIRGraph");
        WritableGroup nodes = g.putGroup("nodes");
        for (Map.Entry<String, NirNode> e : graph.nodes().entrySet()) {
            WritableGroup n = nodes.putGroup(e.getKey());
            n.putDataset("type", e.getValue().type());
            for (Map.Entry<String, Object> f : e.getValue().fields().entrySet()) {
                putValue(n, f.getKey(), f.getValue());
            }
            writeMetadata(n, e.getValue().metadata());
        }
        String[][] edges = new String[graph.edges().size()][];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = graph.edges().get(i).clone();
        }
        if (edges.length > 0) {
            g.putDataset("edges", edges);
        }
        writeMetadata(g, graph.metadata());
    }

    private static void writeMetadata(WritableGroup g, Map<String, Object> metadata) {
        if (!metadata.isEmpty()) {
            WritableGroup m = g.putGroup("metadata");
            metadata.forEach((k, v) -> putValue(m, k, v));
        }
    }

    private static void putValue(WritableGroup g, String key, Object v) {
        if (v instanceof String) {
            g.putDataset(key, v);
            return;
        }
        NirArray a = (NirArray) v;
        if (a.rank() == 0) {
            double x = a.values()[0];
            g.putDataset(key, a.kind() == NirArray.Kind.INT64 ? (Object) (long) x
                    : a.kind() == NirArray.Kind.FLOAT32 ? (Object) (float) x : (Object) x);
            return;
        }
        Object data = nested(a);
        if (a.size() > 1) {
            int[] chunk = new int[a.rank()];
            long[] shape = a.shape();
            for (int i = 0; i < chunk.length; i++) {
                chunk[i] = Math.toIntExact(Math.max(1, shape[i]));
            }
            g.putDataset(key, data, DatasetCreationOptions.builder().chunkDimensions(chunk).deflate(4).build());
        } else {
            g.putDataset(key, data);
        }
    }

    /** A Java multi-dimensional primitive array of the array's shape and element type (what jhdf writes). */
    private static Object nested(NirArray a) {
        long[] shape = a.shape();
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = Math.toIntExact(shape[i]);
        }
        Class<?> elem = a.kind() == NirArray.Kind.INT64 ? long.class
                : a.kind() == NirArray.Kind.FLOAT32 ? float.class : double.class;
        Object out = Array.newInstance(elem, dims);
        fill(out, a.values(), new int[] {0}, elem);
        return out;
    }

    private static void fill(Object arr, double[] values, int[] pos, Class<?> elem) {
        int n = Array.getLength(arr);
        if (arr.getClass().getComponentType().isArray()) {
            for (int i = 0; i < n; i++) {
                fill(Array.get(arr, i), values, pos, elem);
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            double v = values[pos[0]++];
            if (elem == long.class) {
                ((long[]) arr)[i] = (long) v;
            } else if (elem == float.class) {
                ((float[]) arr)[i] = (float) v;
            } else {
                ((double[]) arr)[i] = v;
            }
        }
    }

    /** Reads a NIR file; a file that is not HDF5 or lacks NIR's layout is an error naming the file and the item. */
    public static NirGraph read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new NirFormatException("NIR file " + file + " does not exist");
        }
        try (HdfFile f = new HdfFile(file)) {
            Node root = f.getChild("node");
            if (!(root instanceof Group)) {
                throw new NirFormatException(file + ": no group 'node' (not a NIR file)");
            }
            NirGraph g = readGraph((Group) root, file);
            Node version = f.getChild("version");
            if (version instanceof Dataset) {
                g.version(stringOf((Dataset) version, file));
            }
            return g;
        } catch (NirFormatException | UnsupportedNirException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new NirFormatException(file + " is not a readable HDF5 file: " + e.getMessage(), e);
        }
    }

    private static NirGraph readGraph(Group g, Path file) {
        String type = typeOf(g, file);
        if (!type.equals("NIRGraph")) {
            throw new NirFormatException(file + ": " + g.getPath() + " has type '" + type + "', expected NIRGraph");
        }
        Node nodes = g.getChild("nodes");
        if (!(nodes instanceof Group)) {
            throw new NirFormatException(file + ": " + g.getPath() + " has no group 'nodes'");
        }
        NirGraph graph = new NirGraph();
        for (Node n : (Group) nodes) {
            if (!(n instanceof Group)) {
                throw new NirFormatException(file + ": " + n.getPath() + " is not a group");
            }
            Group ng = (Group) n;
            String nt = typeOf(ng, file);
            if (nt.equals("NIRGraph")) {
                throw new UnsupportedNirException("node '" + n.getName() + "' is a nested NIRGraph: flatten the graph first "
                        + "(nested graphs are not imported)");
            }
            NirNode node = new NirNode(nt);
            for (Node child : ng) {
                if (child.getName().equals("type")) {
                    continue;
                }
                if (child.getName().equals("metadata") && child instanceof Group) {
                    for (Node m : (Group) child) {
                        if (m instanceof Dataset) {
                            node.meta(m.getName(), valueOf((Dataset) m, file));
                        }
                    }
                } else if (child instanceof Dataset) {
                    node.put(child.getName(), valueOf((Dataset) child, file));
                }
            }
            graph.add(n.getName(), node);
        }
        Node edges = g.getChild("edges");
        if (edges instanceof Dataset) {
            Dataset d = (Dataset) edges;
            Object flat = d.getDataFlat();
            if (!(flat instanceof String[])) {
                throw new NirFormatException(file + ": " + d.getPath() + " is not a string dataset");
            }
            String[] s = (String[]) flat;
            if (s.length % 2 != 0) {
                throw new NirFormatException(file + ": " + d.getPath() + " is not a list of (source, target) pairs");
            }
            for (int i = 0; i < s.length; i += 2) {
                graph.edge(s[i], s[i + 1]);
            }
        }
        Node meta = g.getChild("metadata");
        if (meta instanceof Group) {
            for (Node m : (Group) meta) {
                if (m instanceof Dataset) {
                    graph.meta(m.getName(), valueOf((Dataset) m, file));
                }
            }
        }
        return graph;
    }

    private static String typeOf(Group g, Path file) {
        Node t = g.getChild("type");
        if (!(t instanceof Dataset)) {
            throw new NirFormatException(file + ": " + g.getPath() + " has no 'type' dataset");
        }
        return stringOf((Dataset) t, file);
    }

    private static String stringOf(Dataset d, Path file) {
        Object v = d.getData();
        if (v instanceof String) {
            return (String) v;
        }
        if (v instanceof String[] && ((String[]) v).length == 1) {
            return ((String[]) v)[0];
        }
        throw new NirFormatException(file + ": " + d.getPath() + " is not a string");
    }

    private static Object valueOf(Dataset d, Path file) {
        Object flat = d.getDataFlat();
        int[] dims = d.isScalar() ? new int[0] : d.getDimensions();
        long[] shape = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            shape[i] = dims[i];
        }
        if (flat instanceof String) {
            return flat;
        }
        if (flat instanceof String[]) {
            String[] s = (String[]) flat;
            if (s.length == 1) {
                return s[0];
            }
            throw new NirFormatException(file + ": " + d.getPath() + " is a string array, expected a number or one string");
        }
        double[] v;
        NirArray.Kind kind;
        if (flat instanceof float[]) {
            float[] f = (float[]) flat;
            v = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                v[i] = f[i];
            }
            kind = NirArray.Kind.FLOAT32;
        } else if (flat instanceof double[]) {
            v = ((double[]) flat).clone();
            kind = NirArray.Kind.FLOAT64;
        } else if (flat instanceof long[]) {
            v = java.util.Arrays.stream((long[]) flat).asDoubleStream().toArray();
            kind = NirArray.Kind.INT64;
        } else if (flat instanceof int[]) {
            v = java.util.Arrays.stream((int[]) flat).asDoubleStream().toArray();
            kind = NirArray.Kind.INT64;
        } else if (flat instanceof short[] || flat instanceof byte[] || flat instanceof boolean[]) {
            int n = Array.getLength(flat);
            v = new double[n];
            for (int i = 0; i < n; i++) {
                Object x = Array.get(flat, i);
                v[i] = x instanceof Boolean ? ((Boolean) x ? 1 : 0) : ((Number) x).doubleValue();
            }
            kind = NirArray.Kind.INT64;
        } else if (flat != null && flat.getClass().isArray() && Array.getLength(flat) == 1 && !d.isScalar()) {
            throw new NirFormatException(file + ": " + d.getPath() + " has an unsupported element type " + d.getJavaType());
        } else if (flat instanceof Number) {
            v = new double[] {((Number) flat).doubleValue()};
            kind = flat instanceof Float ? NirArray.Kind.FLOAT32 : flat instanceof Double ? NirArray.Kind.FLOAT64 : NirArray.Kind.INT64;
            shape = new long[0];
        } else {
            throw new NirFormatException(file + ": " + d.getPath() + " has an unsupported element type " + d.getJavaType());
        }
        if (d.isScalar()) {
            shape = new long[0];
        }
        return new NirArray(v, shape, kind);
    }
}
