package org.snn4j.data.events;

import java.util.ArrayList;
import java.util.List;

/**
 * Recordings (or clips) a dataset left out when asked to skip empty and truncated data ({@code skipEmpty}):
 * a count and the names, never a silent drop. {@link #describe()} gives the line the command line prints and
 * the run record stores, e.g. {@code skipped 3 empty recordings: a.bin, b.bin, c.bin}.
 *
 * @param what  what was skipped, plural, e.g. "empty recordings"
 * @param names the skipped items (file path relative to the dataset root, with a reason where it helps)
 */
public record Skipped(String what, List<String> names) {
    public static final Skipped NONE = new Skipped("empty recordings", List.of());

    public Skipped {
        names = List.copyOf(names);
    }

    public int count() {
        return names.size();
    }

    public boolean isEmpty() {
        return names.isEmpty();
    }

    /** "skipped N what: a, b, c" ("" when nothing was skipped). */
    public String describe() {
        return names.isEmpty() ? "" : "skipped " + names.size() + " " + what + ": " + String.join(", ", names);
    }

    /** Both lists in one (train first), e.g. for a run's report. */
    public Skipped plus(Skipped other) {
        if (other.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return other;
        }
        List<String> all = new ArrayList<>(names);
        all.addAll(other.names);
        return new Skipped(what.equals(other.what) ? what : "empty or truncated recordings", all);
    }
}
