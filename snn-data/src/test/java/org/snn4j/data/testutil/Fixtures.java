package org.snn4j.data.testutil;

import org.snn4j.core.TestData;

import org.snn4j.data.io.NmnistBinReader;
import org.snn4j.data.events.EventStream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The real sample recordings of the repository's testdata/events (see testdata/SOURCES.md). */
public final class Fixtures {
    public static final String NMNIST = "events/tonic_sample_nmnist.bin";
    public static final String AEDAT4 = "events/tonic_sample.aedat4";
    public static final String AEDAT2_HEADER = "events/tonic_sample_aedat_header.aedat";
    public static final String NCARS = "events/tonic_sample_ncars.dat";

    private Fixtures() {
    }

    public static Path nmnistFile() {
        return TestData.recording(NMNIST);
    }

    public static EventStream nmnist() {
        try {
            return NmnistBinReader.nmnist().read(nmnistFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
