package org.snn4j.models.torch;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads a PyTorch state dict saved with {@code torch.save} (the zip format of PyTorch 1.6 and later:
 * {@code <name>/data.pkl}, a pickle, plus one raw little-endian file {@code <name>/data/<key>} per storage).
 * The pickle is interpreted by a restricted machine that knows only the state-dict structure: dicts and
 * ordered dicts, lists, tuples, strings, numbers, booleans, None, tensors ({@code torch._utils._rebuild_tensor_v2},
 * {@code _rebuild_parameter}) and typed storages. Any other global or opcode is refused by name with its byte
 * offset, so a checkpoint cannot run code. A checkpoint that wraps the state dict ({@code {"state_dict": ...}},
 * {@code {"net": ...}}) and DDP's {@code module.} prefix are unwrapped.
 */
public final class TorchStateDict {
    private static final Set<String> GLOBALS = Set.of("collections OrderedDict", "torch._utils _rebuild_tensor_v2",
            "torch._utils _rebuild_parameter", "torch FloatStorage", "torch DoubleStorage", "torch HalfStorage",
            "torch LongStorage", "torch IntStorage", "torch ShortStorage", "torch CharStorage", "torch ByteStorage",
            "torch BoolStorage", "torch BFloat16Storage");
    private static final List<String> WRAPPERS = List.of("state_dict", "model_state_dict", "net", "model", "module");

    private final Map<String, INDArray> tensors;

    private TorchStateDict(Map<String, INDArray> tensors) {
        this.tensors = Collections.unmodifiableMap(tensors);
    }

    /** The tensors by state-dict key, in the file's order; floating storages as FLOAT/DOUBLE, integers as LONG. */
    public Map<String, INDArray> tensors() {
        return tensors;
    }

    public static TorchStateDict read(Path file) throws IOException {
        ZipFile zip;
        try {
            zip = new ZipFile(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": not a torch.save zip archive (PyTorch >= 1.6 format; re-save legacy "
                    + "checkpoints with torch.save(torch.load(f), f)): " + e.getMessage());
        }
        try (zip) {
            ZipEntry pkl = null;
            for (Enumeration<? extends ZipEntry> en = zip.entries(); en.hasMoreElements(); ) {
                ZipEntry e = en.nextElement();
                if (e.getName().endsWith("/data.pkl") && e.getName().indexOf('/') == e.getName().length() - 9) {
                    pkl = e;
                }
            }
            if (pkl == null) {
                throw new IOException(file + ": no <name>/data.pkl entry; not a torch.save archive");
            }
            String root = pkl.getName().substring(0, pkl.getName().length() - "data.pkl".length());
            byte[] bytes;
            try (InputStream in = zip.getInputStream(pkl)) {
                bytes = in.readAllBytes();
            }
            Object top = new Unpickler(file + ":" + pkl.getName(), bytes, key -> storage(zip, root, key, file)).run();
            return new TorchStateDict(select(top, file));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, INDArray> select(Object top, Path file) throws IOException {
        if (!(top instanceof Map)) {
            throw new IOException(file + ": the pickle holds a " + kind(top) + ", not a state dict");
        }
        Map<Object, Object> m = (Map<Object, Object>) top;
        if (!allTensors(m)) {
            for (String w : WRAPPERS) {
                if (m.get(w) instanceof Map && allTensors((Map<Object, Object>) m.get(w))) {
                    m = (Map<Object, Object>) m.get(w);
                    break;
                }
            }
        }
        if (!allTensors(m)) {
            throw new IOException(file + ": the top-level dict (keys " + m.keySet() + ") is not a state dict of "
                    + "tensors and holds none under " + WRAPPERS);
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        boolean ddp = !m.isEmpty() && m.keySet().stream().allMatch(k -> ((String) k).startsWith("module."));
        for (Map.Entry<Object, Object> e : m.entrySet()) {
            String k = (String) e.getKey();
            out.put(ddp ? k.substring("module.".length()) : k, ((Tensor) e.getValue()).array);
        }
        return out;
    }

    private static boolean allTensors(Map<Object, Object> m) {
        return !m.isEmpty() && m.entrySet().stream().allMatch(e -> e.getKey() instanceof String && e.getValue() instanceof Tensor);
    }

    private static String kind(Object o) {
        return o == null ? "None" : o instanceof Tensor ? "tensor" : o.getClass().getSimpleName();
    }

    private static Storage storage(ZipFile zip, String root, String key, Path file) throws IOException {
        ZipEntry e = zip.getEntry(root + "data/" + key);
        if (e == null) {
            throw new IOException(file + ": storage '" + key + "' missing (no entry " + root + "data/" + key + ")");
        }
        try (InputStream in = zip.getInputStream(e)) {
            return new Storage(root + "data/" + key, in.readAllBytes());
        }
    }

    /** A raw storage file; typed when the pickle names it. */
    static final class Storage {
        final String name;
        final byte[] bytes;

        Storage(String name, byte[] bytes) {
            this.name = name;
            this.bytes = bytes;
        }
    }

    /** A rebuilt tensor. */
    static final class Tensor {
        final INDArray array;

        Tensor(INDArray array) {
            this.array = array;
        }
    }

    /** A typed storage reference: (storage type, key, numel). */
    private static final class StorageRef {
        final String type;
        final Storage storage;
        final long numel;

        StorageRef(String type, Storage storage, long numel) {
            this.type = type;
            this.storage = storage;
            this.numel = numel;
        }
    }

    private static final class Global {
        final String name;

        Global(String name) {
            this.name = name;
        }
    }

    private static final Object MARK = new Object();

    @FunctionalInterface
    interface StorageSource {
        Storage load(String key) throws IOException;
    }

    /** The restricted pickle machine (protocols 2-4, the opcodes torch.save writes). */
    static final class Unpickler {
        private final String where;
        private final ByteBuffer in;
        private final StorageSource storages;
        private final Deque<Object> stack = new ArrayDeque<>();
        private final Map<Integer, Object> memo = new HashMap<>();
        private final Map<String, Storage> loaded = new HashMap<>();

        Unpickler(String where, byte[] bytes, StorageSource storages) {
            this.where = where;
            this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            this.storages = storages;
        }

        Object run() throws IOException {
            while (true) {
                if (!in.hasRemaining()) {
                    throw fail(in.position(), "pickle ends without STOP");
                }
                int at = in.position();
                int op = in.get() & 0xff;
                try {
                    switch (op) {
                        case 0x80: in.get(); break;                                  // PROTO
                        case 0x95: in.getLong(); break;                              // FRAME
                        case '.': return pop();                                      // STOP
                        case '(': stack.push(MARK); break;
                        case ')': stack.push(new ArrayList<>()); break;              // EMPTY_TUPLE (tuples as lists)
                        case '}': stack.push(new LinkedHashMap<>()); break;          // EMPTY_DICT
                        case ']': stack.push(new ArrayList<>()); break;              // EMPTY_LIST
                        case 't': stack.push(popMark()); break;                      // TUPLE
                        case 0x85: stack.push(new ArrayList<>(List.of(nonNull(pop())))); break; // TUPLE1
                        case 0x86: { Object b = pop(); Object a = pop(); stack.push(list(a, b)); break; }
                        case 0x87: { Object c = pop(); Object b = pop(); Object a = pop(); stack.push(list(a, b, c)); break; }
                        case 'a': { Object v = pop(); asList(stack.peek(), at).add(v); break; } // APPEND
                        case 'e': { List<Object> items = popMark(); asList(stack.peek(), at).addAll(items); break; }
                        case 's': { Object v = pop(); Object k = pop(); asMap(stack.peek(), at).put(k, v); break; }
                        case 'u': {                                                  // SETITEMS
                            List<Object> items = popMark();
                            Map<Object, Object> m = asMap(stack.peek(), at);
                            for (int i = 0; i + 1 < items.size(); i += 2) {
                                m.put(items.get(i), items.get(i + 1));
                            }
                            break;
                        }
                        case 'q': memo.put(in.get() & 0xff, stack.peek()); break;    // BINPUT
                        case 'r': memo.put(in.getInt(), stack.peek()); break;        // LONG_BINPUT
                        case 0x94: memo.put(memo.size(), stack.peek()); break;       // MEMOIZE
                        case 'h': stack.push(memoGet(in.get() & 0xff, at)); break;   // BINGET
                        case 'j': stack.push(memoGet(in.getInt(), at)); break;       // LONG_BINGET
                        case 'J': stack.push((long) in.getInt()); break;             // BININT
                        case 'K': stack.push((long) (in.get() & 0xff)); break;       // BININT1
                        case 'M': stack.push((long) (in.getShort() & 0xffff)); break; // BININT2
                        case 0x8a: stack.push(long1(in.get() & 0xff, at)); break;    // LONG1
                        case 'G': stack.push(in.order(ByteOrder.BIG_ENDIAN).getDouble()); in.order(ByteOrder.LITTLE_ENDIAN); break;
                        case 'X': stack.push(string(in.getInt(), at)); break;        // BINUNICODE
                        case 0x8c: stack.push(string(in.get() & 0xff, at)); break;   // SHORT_BINUNICODE
                        case 'T': stack.push(string(in.getInt(), at)); break;        // BINSTRING
                        case 'U': stack.push(string(in.get() & 0xff, at)); break;    // SHORT_BINSTRING
                        case 0x88: stack.push(Boolean.TRUE); break;
                        case 0x89: stack.push(Boolean.FALSE); break;
                        case 'N': stack.push(NONE); break;
                        case 'c': stack.push(global(line() + " " + line(), at)); break; // GLOBAL
                        case 0x93: { Object name = pop(); Object mod = pop(); stack.push(global(mod + " " + name, at)); break; }
                        case 'Q': stack.push(persistent(pop(), at)); break;          // BINPERSID
                        case 'R': { Object args = pop(); Object f = pop(); stack.push(reduce(f, args, at)); break; }
                        case 'b': { Object state = pop(); build(stack.peek(), state, at); break; } // BUILD
                        default:
                            throw fail(at, String.format("pickle opcode 0x%02x is not part of a state dict", op));
                    }
                } catch (java.nio.BufferUnderflowException e) {
                    throw fail(at, "pickle truncated inside opcode " + String.format("0x%02x", op));
                }
            }
        }

        private static final Object NONE = new Object() {
            @Override
            public String toString() {
                return "None";
            }
        };

        private IOException fail(int at, String what) {
            return new IOException(where + " at byte " + at + ": " + what);
        }

        private Object pop() {
            Object o = stack.pop();
            return o;
        }

        private static Object nonNull(Object o) {
            return o;
        }

        private List<Object> popMark() throws IOException {
            List<Object> items = new ArrayList<>();
            while (true) {
                if (stack.isEmpty()) {
                    throw new IOException(where + ": MARK missing");
                }
                Object o = stack.pop();
                if (o == MARK) {
                    break;
                }
                items.add(0, o);
            }
            return items;
        }

        private static List<Object> list(Object... items) {
            List<Object> l = new ArrayList<>();
            Collections.addAll(l, items);
            return l;
        }

        @SuppressWarnings("unchecked")
        private List<Object> asList(Object o, int at) throws IOException {
            if (!(o instanceof List)) {
                throw fail(at, "APPEND to a " + kind(o));
            }
            return (List<Object>) o;
        }

        @SuppressWarnings("unchecked")
        private Map<Object, Object> asMap(Object o, int at) throws IOException {
            if (!(o instanceof Map)) {
                throw fail(at, "SETITEM on a " + kind(o));
            }
            return (Map<Object, Object>) o;
        }

        private Object memoGet(int key, int at) throws IOException {
            if (!memo.containsKey(key)) {
                throw fail(at, "memo entry " + key + " undefined");
            }
            return memo.get(key);
        }

        private Object long1(int n, int at) throws IOException {
            if (n > 8) {
                throw fail(at, "integer of " + n + " bytes is too large");
            }
            long v = 0;
            for (int i = 0; i < n; i++) {
                v |= (long) (in.get() & 0xff) << (8 * i);
            }
            if (n > 0 && n < 8 && (v & (1L << (8 * n - 1))) != 0) {
                v -= 1L << (8 * n);
            }
            return v;
        }

        private String string(int n, int at) throws IOException {
            if (n < 0 || n > in.remaining()) {
                throw fail(at, "string length " + n + " runs past the end");
            }
            byte[] b = new byte[n];
            in.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }

        private String line() {
            StringBuilder sb = new StringBuilder();
            byte b;
            while ((b = in.get()) != '\n') {
                sb.append((char) b);
            }
            return sb.toString();
        }

        private Global global(String name, int at) throws IOException {
            if (!GLOBALS.contains(name)) {
                throw fail(at, "pickle global '" + name.replace(' ', '.') + "' is not part of a PyTorch state dict; "
                        + "refusing to load it (only tensors, storages and ordered dicts are read)");
            }
            return new Global(name);
        }

        private Object persistent(Object pid, int at) throws IOException {
            List<?> t = pid instanceof List ? (List<?>) pid : null;
            if (t == null || t.size() != 5 || !"storage".equals(t.get(0)) || !(t.get(1) instanceof Global)) {
                throw fail(at, "persistent id " + pid + " is not a storage reference");
            }
            String type = ((Global) t.get(1)).name.substring("torch ".length());
            String key = String.valueOf(t.get(2));
            Storage s = loaded.get(key);
            if (s == null) {
                s = storages.load(key);
                loaded.put(key, s);
            }
            return new StorageRef(type, s, ((Number) t.get(4)).longValue());
        }

        private Object reduce(Object f, Object args, int at) throws IOException {
            if (!(f instanceof Global) || !(args instanceof List)) {
                throw fail(at, "REDUCE of " + kind(f) + " is not part of a state dict");
            }
            List<?> a = (List<?>) args;
            switch (((Global) f).name) {
                case "collections OrderedDict":
                    return new LinkedHashMap<>();
                case "torch._utils _rebuild_parameter":
                    if (a.isEmpty() || !(a.get(0) instanceof Tensor)) {
                        throw fail(at, "_rebuild_parameter without a tensor");
                    }
                    return a.get(0);
                case "torch._utils _rebuild_tensor_v2":
                    return rebuild(a, at);
                default:
                    throw fail(at, "calling '" + ((Global) f).name.replace(' ', '.') + "' is not part of a state dict");
            }
        }

        private void build(Object target, Object state, int at) throws IOException {
            // OrderedDict state (its _metadata attribute) and tensor state: both carry nothing snn4j uses.
            if (!(target instanceof Map) && !(target instanceof Tensor)) {
                throw fail(at, "BUILD on a " + kind(target));
            }
        }

        private Tensor rebuild(List<?> a, int at) throws IOException {
            if (a.size() < 4 || !(a.get(0) instanceof StorageRef) || !(a.get(2) instanceof List) || !(a.get(3) instanceof List)) {
                throw fail(at, "_rebuild_tensor_v2 arguments are not (storage, offset, size, stride, ...)");
            }
            StorageRef ref = (StorageRef) a.get(0);
            long offset = ((Number) a.get(1)).longValue();
            long[] size = longs((List<?>) a.get(2));
            long[] stride = longs((List<?>) a.get(3));
            int width;
            DataType type;
            switch (ref.type) {
                case "FloatStorage": width = 4; type = DataType.FLOAT; break;
                case "DoubleStorage": width = 8; type = DataType.DOUBLE; break;
                case "LongStorage": width = 8; type = DataType.LONG; break;
                case "IntStorage": width = 4; type = DataType.LONG; break;
                default:
                    throw fail(at, "tensor of " + ref.type + " is not supported (float32, float64, int32, int64)");
            }
            if ((long) ref.storage.bytes.length != ref.numel * width) {
                throw fail(at, ref.storage.name + " has " + ref.storage.bytes.length + " bytes, expected " + ref.numel
                        + " x " + width + " for a " + ref.type);
            }
            long n = 1;
            for (long d : size) {
                n *= d;
            }
            ByteBuffer b = ByteBuffer.wrap(ref.storage.bytes).order(ByteOrder.LITTLE_ENDIAN);
            double[] vals = new double[(int) n];
            long[] idx = new long[size.length];
            for (int i = 0; i < n; i++) {
                long pos = offset;
                for (int d = 0; d < size.length; d++) {
                    pos += idx[d] * stride[d];
                }
                if (pos < 0 || pos >= ref.numel) {
                    throw fail(at, "tensor element outside " + ref.storage.name + " (offset " + pos + ")");
                }
                int byteAt = (int) (pos * width);
                switch (ref.type) {
                    case "FloatStorage": vals[i] = b.getFloat(byteAt); break;
                    case "DoubleStorage": vals[i] = b.getDouble(byteAt); break;
                    case "LongStorage": vals[i] = b.getLong(byteAt); break;
                    default: vals[i] = b.getInt(byteAt);
                }
                for (int d = size.length - 1; d >= 0; d--) {
                    if (++idx[d] < size[d]) {
                        break;
                    }
                    idx[d] = 0;
                }
            }
            INDArray arr = size.length == 0 ? Nd4j.scalar(type, vals[0])
                    : Nd4j.create(vals, size, 'c').castTo(type);
            return new Tensor(arr);
        }

        private static long[] longs(List<?> l) {
            long[] out = new long[l.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = ((Number) l.get(i)).longValue();
            }
            return out;
        }
    }
}
