package org.snn4j.data.frames;

import org.snn4j.data.events.EventStream;

import java.util.Objects;

/**
 * Every parameter of an event-to-frame integration, immutable. {@link #key()} is a canonical string of
 * all parameters, used to key the converted-frames cache.
 *
 * <p>Options shared by all modes: {@code downsample} divides x and y by an integer (MA-SNN's loaders
 * {@code ds}: counts are sum-pooled over ds x ds blocks; the output size is ceil(size / ds) so no event
 * is lost); {@code mergePolarity} counts both polarities in one channel (default: 2 channels, channel 0
 * = p 0, channel 1 = p 1, as SpikingJelly); {@code binarise} turns counts into 0/1 (SpikingJelly-style
 * frames are counts, the papers do not binarise).
 */
public final class FrameSpec {
    private final FrameMode mode;
    private final int frames;
    private final long durationUs;
    private final int downsample;
    private final boolean mergePolarity;
    private final boolean binarise;

    private FrameSpec(FrameMode mode, int frames, long durationUs, int downsample, boolean mergePolarity, boolean binarise) {
        if (downsample < 1) {
            throw new IllegalArgumentException("downsample must be >= 1, got " + downsample);
        }
        this.mode = mode;
        this.frames = frames;
        this.durationUs = durationUs;
        this.downsample = downsample;
        this.mergePolarity = mergePolarity;
        this.binarise = binarise;
    }

    /** A fixed number of frames, split by event count or time (SpikingJelly semantics). */
    public static FrameSpec frameCount(int frames, SplitBy splitBy) {
        if (frames <= 0) {
            throw new IllegalArgumentException("frames must be > 0, got " + frames);
        }
        return new FrameSpec(splitBy == SplitBy.NUMBER ? FrameMode.FRAME_COUNT_BY_NUMBER : FrameMode.FRAME_COUNT_BY_TIME,
                frames, 0, 1, false, false);
    }

    /** Frames of a fixed duration; the number of frames depends on the stream. */
    public static FrameSpec fixedDuration(long durationUs) {
        if (durationUs <= 0) {
            throw new IllegalArgumentException("duration must be > 0 us, got " + durationUs);
        }
        return new FrameSpec(FrameMode.FIXED_DURATION, 0, durationUs, 1, false, false);
    }

    /** MA-SNN dt-window sums: {@code frames} windows of {@code dtUs} starting at the first event. */
    public static FrameSpec dtWindows(long dtUs, int frames) {
        if (dtUs <= 0 || frames <= 0) {
            throw new IllegalArgumentException("dt and T must be > 0, got dt=" + dtUs + " T=" + frames);
        }
        return new FrameSpec(FrameMode.DT_WINDOWS, frames, dtUs, 1, false, false);
    }

    public FrameSpec withDownsample(int ds) {
        return new FrameSpec(mode, frames, durationUs, ds, mergePolarity, binarise);
    }

    public FrameSpec withMergedPolarity(boolean merged) {
        return new FrameSpec(mode, frames, durationUs, downsample, merged, binarise);
    }

    public FrameSpec withBinarise(boolean binary) {
        return new FrameSpec(mode, frames, durationUs, downsample, mergePolarity, binary);
    }

    public FrameMode mode() {
        return mode;
    }

    /** Number of frames (0 for FIXED_DURATION, where it depends on the stream). */
    public int frames() {
        return frames;
    }

    /** Frame duration (FIXED_DURATION) or window dt (DT_WINDOWS), microseconds. */
    public long durationUs() {
        return durationUs;
    }

    public int downsample() {
        return downsample;
    }

    public boolean mergePolarity() {
        return mergePolarity;
    }

    public boolean binarise() {
        return binarise;
    }

    public int channels() {
        return mergePolarity ? 1 : 2;
    }

    /** Output height for a sensor of {@code sensorHeight} rows. */
    public int outHeight(int sensorHeight) {
        return (sensorHeight + downsample - 1) / downsample;
    }

    public int outWidth(int sensorWidth) {
        return (sensorWidth + downsample - 1) / downsample;
    }

    /** Integrates {@code ev} according to this spec. */
    public Frames integrate(EventStream ev) {
        return FrameIntegrator.integrate(ev, this);
    }

    /** Canonical string of every parameter (stable across versions: used as a cache key). */
    public String key() {
        return "mode=" + mode + ";frames=" + frames + ";durationUs=" + durationUs + ";ds=" + downsample
                + ";mergePolarity=" + mergePolarity + ";binarise=" + binarise;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FrameSpec f && f.key().equals(key());
    }

    @Override
    public int hashCode() {
        return Objects.hash(key());
    }

    @Override
    public String toString() {
        return "FrameSpec[" + key() + "]";
    }
}
