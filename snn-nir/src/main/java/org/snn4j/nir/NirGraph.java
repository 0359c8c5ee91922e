package org.snn4j.nir;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A NIR graph: named nodes, directed edges (source, target), graph metadata; the file's root {@code version}. */
public final class NirGraph {
    /** The NIR version this writer targets. */
    public static final String VERSION = "1.0.8";

    private final Map<String, NirNode> nodes = new LinkedHashMap<>();
    private final List<String[]> edges = new ArrayList<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();
    private String version = VERSION;

    public NirGraph add(String name, NirNode node) {
        if (nodes.putIfAbsent(name, node) != null) {
            throw new IllegalArgumentException("duplicate NIR node name '" + name + "'");
        }
        return this;
    }

    public NirGraph edge(String from, String to) {
        edges.add(new String[] {from, to});
        return this;
    }

    public NirGraph meta(String key, Object value) {
        if (!(value instanceof NirArray) && !(value instanceof String)) {
            throw new IllegalArgumentException("a NIR metadata entry is an array or a string");
        }
        metadata.put(key, value);
        return this;
    }

    public Map<String, NirNode> nodes() {
        return Collections.unmodifiableMap(nodes);
    }

    public List<String[]> edges() {
        return Collections.unmodifiableList(edges);
    }

    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    public String version() {
        return version;
    }

    void version(String v) {
        this.version = v;
    }

    /**
     * The nodes from the single Input to the single Output, in order, for a graph that is one chain
     * (every node has at most one predecessor and one successor); anything else is refused.
     */
    public List<String> chain() {
        Map<String, String> next = new LinkedHashMap<>();
        Map<String, String> prev = new LinkedHashMap<>();
        for (String[] e : edges) {
            for (String end : e) {
                if (!nodes.containsKey(end)) {
                    throw new NirFormatException("edge " + e[0] + " -> " + e[1] + " names no node '" + end + "'");
                }
            }
            if (next.put(e[0], e[1]) != null) {
                throw new UnsupportedNirException("node '" + e[0] + "' feeds more than one node: only sequential "
                        + "graphs (one chain from Input to Output) are imported");
            }
            if (prev.put(e[1], e[0]) != null) {
                throw new UnsupportedNirException("node '" + e[1] + "' has more than one input (a sum or a recurrent "
                        + "edge): only sequential graphs are imported");
            }
        }
        List<String> inputs = new ArrayList<>();
        for (Map.Entry<String, NirNode> n : nodes.entrySet()) {
            if (n.getValue().type().equals("Input")) {
                inputs.add(n.getKey());
            }
        }
        if (inputs.size() != 1) {
            throw new UnsupportedNirException("expected one Input node, found " + inputs.size() + " " + inputs);
        }
        List<String> order = new ArrayList<>();
        String at = inputs.get(0);
        while (at != null) {
            if (order.contains(at)) {
                throw new UnsupportedNirException("the graph has a cycle through '" + at + "': recurrent graphs are not imported");
            }
            order.add(at);
            at = next.get(at);
        }
        if (!nodes.get(order.get(order.size() - 1)).type().equals("Output")) {
            throw new UnsupportedNirException("the chain from '" + inputs.get(0) + "' ends at '" + order.get(order.size() - 1)
                    + "', not at an Output node");
        }
        if (order.size() != nodes.size()) {
            List<String> off = new ArrayList<>(nodes.keySet());
            off.removeAll(order);
            throw new UnsupportedNirException("nodes " + off + " are not on the chain from Input to Output");
        }
        return order;
    }
}
