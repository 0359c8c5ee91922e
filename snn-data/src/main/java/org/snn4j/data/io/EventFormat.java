package org.snn4j.data.io;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The event file formats snn4j reads, with detection from the file's first bytes (and the extension for
 * the headerless N-MNIST {@code .bin}).
 */
public enum EventFormat {
    NMNIST_BIN, AEDAT2, AEDAT3, AEDAT4, PROPHESEE_DAT, SNNE;

    /** A reader with default (strict) options; N-MNIST-style {@code .bin} files infer the sensor size. */
    public EventFileReader reader(ReadOptions options) {
        return switch (this) {
            case NMNIST_BIN -> new NmnistBinReader(-1, -1, options);
            case AEDAT2 -> new Aedat2Reader(null, options);
            case AEDAT3 -> new Aedat3Reader(128, 128, options);
            case AEDAT4 -> new Aedat4Reader(options);
            case PROPHESEE_DAT -> new PropheseeDatReader(-1, -1, options);
            case SNNE -> new SnneFormat(options);
        };
    }

    /** Detects the format of {@code file}; throws {@link EventFormatException} when it is none of ours. */
    public static EventFormat detect(Path file) throws IOException {
        byte[] head = new byte[16];
        int n;
        RegularFiles.require(file);
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        }
        String s = new String(head, 0, n, java.nio.charset.StandardCharsets.ISO_8859_1);
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (s.startsWith("#!AER-DAT4.0")) {
            return AEDAT4;
        }
        if (s.startsWith("#!AER-DAT3")) {
            return AEDAT3;
        }
        if (s.startsWith("#!AER-DAT2")) {
            return AEDAT2;
        }
        if (s.startsWith("SNNE")) {
            return SNNE;
        }
        if (s.startsWith("%") && name.endsWith(".dat")) {
            return PROPHESEE_DAT;
        }
        if (name.endsWith(".bin")) {
            return NMNIST_BIN;
        }
        throw EventFormatException.atByte(file, 0, "unknown event file format (expected an AEDAT 2/3/4 header, "
                + "'SNNE', a '%' DAT header, or a .bin N-MNIST file)");
    }
}
