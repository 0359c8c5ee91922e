package org.snn4j.data.split;

import org.snn4j.data.events.EventDataset;

import java.util.HashSet;
import java.util.Set;

/**
 * A train/test pair whose construction proves that no test clip is in the training set (by clip id,
 * which for recordings is the file path relative to the dataset root).
 */
public record TrainTest(EventDataset train, EventDataset test) {
    public TrainTest {
        Set<String> trainIds = new HashSet<>();
        for (int i = 0; i < train.size(); i++) {
            if (!trainIds.add(train.clipId(i))) {
                throw new IllegalStateException("clip '" + train.clipId(i) + "' appears twice in the training set");
            }
        }
        for (int i = 0; i < test.size(); i++) {
            if (trainIds.contains(test.clipId(i))) {
                throw new IllegalStateException("test clip '" + test.clipId(i) + "' is also in the training set (leak)");
            }
        }
        if (!train.classNames().equals(test.classNames())) {
            throw new IllegalStateException("train and test class lists differ: " + train.classNames() + " vs "
                    + test.classNames());
        }
    }
}
