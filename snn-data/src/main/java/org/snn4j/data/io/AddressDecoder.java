package org.snn4j.data.io;

/**
 * Decodes a 32-bit AEDAT 2.0 address into x, y and the raw polarity bit for one chip family
 * (docs/data.md). Implementations are stateless.
 */
public enum AddressDecoder {
    /**
     * DVS128 as in jAER and CIFAR10-DVS loaders: {@code xRaw = (a >> 1) & 0x7F}, {@code x = 127 - xRaw}
     * (jAER mirrors x), {@code y = (a >> 8) & 0x7F}, {@code p = a & 1} (raw bit; jAER reads 1 as OFF).
     * tonic's {@code read_dvs_128} swaps x/y instead: we follow jAER.
     */
    DVS128(128, 128) {
        @Override
        public int x(int a) {
            return 127 - ((a >>> 1) & 0x7F);
        }

        @Override
        public int y(int a) {
            return (a >>> 8) & 0x7F;
        }

        @Override
        public int p(int a) {
            return a & 1;
        }
    },
    /** DAVIS346 polarity events, masks of jAER as quoted by tonic's {@code read_davis_346}. */
    DAVIS346(346, 260) {
        @Override
        public int x(int a) {
            return 345 - ((a & 0x003FF000) >>> 12);
        }

        @Override
        public int y(int a) {
            return 259 - ((a & 0x7FC00000) >>> 22);
        }

        @Override
        public int p(int a) {
            return (a & 0x800) >>> 11;
        }
    };

    private final int width;
    private final int height;

    AddressDecoder(int width, int height) {
        this.width = width;
        this.height = height;
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public abstract int x(int address);

    public abstract int y(int address);

    public abstract int p(int address);

    /** The decoder for a jAER chip class name, DVS128 when unknown. */
    public static AddressDecoder forChip(String chipClass) {
        return chipClass.toLowerCase(java.util.Locale.ROOT).contains("davis346") ? DAVIS346 : DVS128;
    }
}
