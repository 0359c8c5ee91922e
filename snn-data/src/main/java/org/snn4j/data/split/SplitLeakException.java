package org.snn4j.data.split;

/**
 * A train/test pair breaks a rule of {@link TrainTest}: a recording or clip in both parts, or a clip twice in
 * one part. The message names the recording and where each copy was listed (list file and line).
 */
public class SplitLeakException extends IllegalArgumentException {
    public SplitLeakException(String message) {
        super(message);
    }
}
