package org.snn4j.data.datavec;

import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataURI;
import org.datavec.api.records.reader.BaseRecordReader;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.data.events.EventStream;
import org.snn4j.data.frames.FrameSpec;
import org.snn4j.data.frames.Frames;
import org.snn4j.data.io.EventFormat;
import org.snn4j.data.io.EventFormatException;
import org.snn4j.data.io.ReadOptions;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * DataVec record reader for event files of any format snn4j reads (detected per file, see
 * {@link EventFormat}). Each record is {@code [NDArrayWritable frames [1, T*C, H, W], IntWritable label]},
 * the frames integrated with the given {@link FrameSpec} and the label the index of the file's parent
 * folder name among all parent names (sorted), as DataVec's ParentPathLabelGenerator does. With a fixed
 * sensor size every record has the same shape (events outside the sensor fail the read).
 */
public class EventFileRecordReader extends BaseRecordReader {
    private final FrameSpec spec;
    private final ReadOptions options;
    private final int width;
    private final int height;
    private final List<URI> files = new ArrayList<>();
    private final List<String> labels = new ArrayList<>();
    private Iterator<URI> cursor;
    private Configuration conf;

    /** @param width sensor width for every file, or -1 to use each file's own size */
    public EventFileRecordReader(FrameSpec spec, int width, int height, ReadOptions options) {
        this.spec = spec;
        this.width = width;
        this.height = height;
        this.options = options;
    }

    @Override
    public void initialize(InputSplit split) {
        this.inputSplit = split;
        files.clear();
        TreeSet<String> names = new TreeSet<>();
        for (URI u : split.locations()) {
            Path p = Paths.get(u);
            if (Files.isRegularFile(p)) {
                files.add(u);
                names.add(p.getParent().getFileName().toString());
            }
        }
        labels.clear();
        labels.addAll(names);
        cursor = files.iterator();
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) {
        setConf(conf);
        initialize(split);
    }

    @Override
    public List<Writable> next() {
        return nextRecord().getRecord();
    }

    @Override
    public boolean hasNext() {
        return cursor != null && cursor.hasNext();
    }

    @Override
    public Record nextRecord() {
        URI u = cursor.next();
        try {
            List<Writable> w = load(Paths.get(u));
            invokeListeners(w);
            return new org.datavec.api.records.impl.Record(w, new RecordMetaDataURI(u, EventFileRecordReader.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Writable> load(Path file) throws IOException {
        EventStream ev = EventFormat.detect(file).reader(options).read(file);
        if (width > 0) {
            ev = new EventStream(ev.timestamps(), ev.xs(), ev.ys(), ev.polarities(), width, height, ev.metadata());
            for (int i = 0; i < ev.size(); i++) {
                if (ev.x(i) >= width || ev.y(i) >= height) {
                    throw EventFormatException.ofFile(file, "event " + i + " at (" + ev.x(i) + ", " + ev.y(i)
                            + ") outside the record reader's " + width + "x" + height + " sensor");
                }
            }
        }
        Frames f = spec.integrate(ev);
        List<Writable> out = new ArrayList<>(2);
        out.add(new NDArrayWritable(Nd4j.create(f.data(), new long[]{1, (long) f.frames() * f.channels(), f.height(), f.width()}, 'c')));
        out.add(new IntWritable(labels.indexOf(file.getParent().getFileName().toString())));
        return out;
    }

    @Override
    public List<String> getLabels() {
        return List.copyOf(labels);
    }

    @Override
    public void reset() {
        cursor = files.iterator();
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** Decodes a stream by spooling it to a temporary file (formats are detected from the file). */
    @Override
    public List<Writable> record(URI uri, DataInputStream stream) throws IOException {
        String name = Paths.get(uri).getFileName().toString();
        Path dir = Files.createTempDirectory("snn4j-record");
        Path parent = Files.createDirectories(dir.resolve(Paths.get(uri).getParent().getFileName().toString()));
        Path tmp = parent.resolve(name);
        try {
            Files.copy(stream, tmp, StandardCopyOption.REPLACE_EXISTING);
            return load(tmp);
        } finally {
            Files.deleteIfExists(tmp);
            Files.deleteIfExists(parent);
            Files.deleteIfExists(dir);
        }
    }

    @Override
    public Record loadFromMetaData(RecordMetaData meta) throws IOException {
        return new org.datavec.api.records.impl.Record(load(Paths.get(meta.getURI())), meta);
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> metas) throws IOException {
        List<Record> out = new ArrayList<>();
        for (RecordMetaData m : metas) {
            out.add(loadFromMetaData(m));
        }
        return out;
    }

    @Override
    public void close() {
    }

    @Override
    public void setConf(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public Configuration getConf() {
        return conf;
    }
}
