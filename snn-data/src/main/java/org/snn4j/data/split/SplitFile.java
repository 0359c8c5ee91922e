package org.snn4j.data.split;

import org.snn4j.core.io.AtomicFiles;
import org.snn4j.data.io.EventFormatException;
import org.snn4j.data.io.Printable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Text file holding a {@link Split} so a run can be reproduced:
 * <pre>
 * # snn4j split v1
 * method=stratified-0.9
 * seed=3404
 * [train]
 * airplane/cifar10_airplane_0.aedat
 * ...
 * [test]
 * ...
 * </pre>
 */
public final class SplitFile {
    static final String HEADER = "# snn4j split v1";

    private SplitFile() {
    }

    public static void save(Split split, Path file) throws IOException {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append("method=").append(split.method()).append('\n');
        sb.append("seed=").append(split.seed()).append('\n');
        sb.append("[train]\n");
        split.trainIds().forEach(id -> sb.append(id).append('\n'));
        sb.append("[test]\n");
        split.testIds().forEach(id -> sb.append(id).append('\n'));
        AtomicFiles.writeString(file, sb.toString());
    }

    public static Split load(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw EventFormatException.ofFile(file, "split file missing");
        }
        org.snn4j.data.io.RegularFiles.require(file);
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER)) {
            throw EventFormatException.atLine(file, 1, "expected '" + HEADER + "'");
        }
        String method = null;
        Long seed = null;
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        List<String> section = null;
        Map<String, String> seenAt = new HashMap<>(); // id -> "[train] line 5"
        for (int i = 1; i < lines.size(); i++) {
            String l = lines.get(i);
            if (l.isBlank()) {
                continue;
            }
            if (l.equals("[train]")) {
                section = train;
            } else if (l.equals("[test]")) {
                section = test;
            } else if (section != null) {
                String where = (section == train ? "[train]" : "[test]") + " line " + (i + 1);
                String before = seenAt.putIfAbsent(l, where);
                if (before != null) {
                    throw EventFormatException.atLine(file, i + 1, "clip '" + Printable.quote(l) + "' is listed twice ("
                            + before + " and " + where + ")" + (before.startsWith(where.substring(0, 6)) ? ""
                            : ": train/test leak") + "; each clip must appear once");
                }
                section.add(l);
            } else if (l.startsWith("method=")) {
                method = l.substring(7);
            } else if (l.startsWith("seed=")) {
                try {
                    seed = Long.parseLong(l.substring(5));
                } catch (NumberFormatException e) {
                    throw EventFormatException.atLine(file, i + 1, "seed is not an integer: '" + l + "'");
                }
            } else {
                throw EventFormatException.atLine(file, i + 1, "unexpected line before [train]: '" + l + "'");
            }
        }
        if (method == null || seed == null || section == null) {
            throw EventFormatException.ofFile(file, "needs method=, seed=, [train] and [test]");
        }
        return new Split(method, seed, train, test);
    }
}
