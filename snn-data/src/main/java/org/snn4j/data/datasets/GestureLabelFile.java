package org.snn4j.data.datasets;

import org.snn4j.data.io.EventFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A DVS128 Gesture {@code userNN_<lighting>_labels.csv}: header {@code class,startTime_usec,endTime_usec},
 * then one gesture per row with class 1..11 and start/end in microseconds on the event clock
 * (docs/data.md). Every row is checked; errors name the file and 1-based line.
 */
public final class GestureLabelFile {
    /** One labelled gesture: 1-based class, [start, end) in us, and the CSV line it came from. */
    public record Row(int gestureClass, long startUs, long endUs, int line) {
    }

    private GestureLabelFile() {
    }

    public static List<Row> read(Path csv) throws IOException {
        if (!Files.exists(csv)) {
            throw EventFormatException.ofFile(csv, "label file missing (expected next to the recording)");
        }
        org.snn4j.data.io.RegularFiles.require(csv);
        List<String> lines = Files.readAllLines(csv, StandardCharsets.ISO_8859_1);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).trim();
            int line = i + 1;
            if (l.isEmpty() || (i == 0 && l.toLowerCase(java.util.Locale.ROOT).startsWith("class"))) {
                continue;
            }
            String[] f = l.split(",");
            if (f.length != 3) {
                throw EventFormatException.atLine(csv, line, "expected 3 comma-separated fields "
                        + "class,startTime_usec,endTime_usec but found " + f.length + ": '" + l + "'");
            }
            long[] v = new long[3];
            for (int k = 0; k < 3; k++) {
                try {
                    v[k] = Long.parseLong(f[k].trim());
                } catch (NumberFormatException e) {
                    throw EventFormatException.atLine(csv, line, "field " + (k + 1) + " '" + f[k] + "' is not an integer");
                }
            }
            if (v[0] < 1 || v[0] > DvsGestureDataset.CLASS_NAMES.size()) {
                throw EventFormatException.atLine(csv, line, "class " + v[0] + " outside 1.."
                        + DvsGestureDataset.CLASS_NAMES.size());
            }
            if (v[1] < 0 || v[2] <= v[1]) {
                throw EventFormatException.atLine(csv, line, "start " + v[1] + " us must be >= 0 and before end " + v[2] + " us");
            }
            rows.add(new Row((int) v[0], v[1], v[2], line));
        }
        if (rows.isEmpty()) {
            throw EventFormatException.ofFile(csv, "no label rows");
        }
        return rows;
    }
}
