package org.snn4j.nir;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One node of a NIR graph: its type (NIR's class name: Conv2d, LIF, ...) and its fields as NIR's
 * {@code to_dict} writes them (numeric arrays and strings), plus the optional metadata group.
 */
public final class NirNode {
    private final String type;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, Object> metadata = new LinkedHashMap<>();

    public NirNode(String type) {
        this.type = type;
    }

    public String type() {
        return type;
    }

    /** Adds a field: a {@link NirArray} or a String. */
    public NirNode put(String key, Object value) {
        if (!(value instanceof NirArray) && !(value instanceof String)) {
            throw new IllegalArgumentException("a NIR field is an array or a string, got " + value.getClass().getSimpleName());
        }
        fields.put(key, value);
        return this;
    }

    public NirNode meta(String key, Object value) {
        if (!(value instanceof NirArray) && !(value instanceof String)) {
            throw new IllegalArgumentException("a NIR metadata entry is an array or a string");
        }
        metadata.put(key, value);
        return this;
    }

    public Map<String, Object> fields() {
        return Collections.unmodifiableMap(fields);
    }

    public Map<String, Object> metadata() {
        return Collections.unmodifiableMap(metadata);
    }

    public boolean has(String key) {
        return fields.containsKey(key);
    }

    /** A numeric field; absent or a string is an error naming the field. */
    public NirArray array(String key) {
        Object v = fields.get(key);
        if (!(v instanceof NirArray)) {
            throw new NirFormatException(type + " node has no numeric field '" + key + "'"
                    + (v == null ? "" : " (it is a string)"));
        }
        return (NirArray) v;
    }

    public String metaString(String key) {
        Object v = metadata.get(key);
        return v instanceof String ? (String) v : null;
    }
}
