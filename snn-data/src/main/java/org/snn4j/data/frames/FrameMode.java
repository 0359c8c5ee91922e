package org.snn4j.data.frames;

/** How {@link FrameSpec} cuts an event stream into frames. */
public enum FrameMode {
    /** SpikingJelly {@code integrate_events_by_fixed_frames_number}, split_by='number' (SMA-AZO recipes). */
    FRAME_COUNT_BY_NUMBER,
    /** SpikingJelly {@code integrate_events_by_fixed_frames_number}, split_by='time'. */
    FRAME_COUNT_BY_TIME,
    /** SpikingJelly {@code integrate_events_by_fixed_duration}: a variable number of frames of a fixed duration. */
    FIXED_DURATION,
    /** MA-SNN (Yao et al., Eq. 1-2): T consecutive windows of dt from a start time; events outside are ignored. */
    DT_WINDOWS
}
