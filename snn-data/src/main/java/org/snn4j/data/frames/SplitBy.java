package org.snn4j.data.frames;

/** How {@link FrameIntegrator#byFrameCount} cuts a stream into a fixed number of frames (SpikingJelly's split_by). */
public enum SplitBy {
    /** N // frames events per frame; the last frame takes the rest. */
    NUMBER,
    /** Equal time windows dt = (t_last - t_first) // frames; the last frame runs to the last event. */
    TIME
}
