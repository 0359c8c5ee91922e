package org.snn4j.data.split;

import org.snn4j.data.datasets.ClassFolderDataset;
import org.snn4j.data.datasets.DvsGestureDataset;

import java.io.IOException;
import java.nio.file.Path;

/** The publishers' own splits, checked for leaks by {@link TrainTest} ({@link SplitLeakException}). */
public final class OfficialSplits {
    private OfficialSplits() {
    }

    /** DVS128 Gesture: trials_to_train.txt (users 1-23) / trials_to_test.txt (users 24-29). */
    public static TrainTest dvsGesture(Path root, boolean includeOther) throws IOException {
        return new TrainTest(new DvsGestureDataset(root, true, includeOther), new DvsGestureDataset(root, false, includeOther));
    }

    /** N-MNIST: the Train and Test folders. Clip ids are prefixed with the folder so equal file names do not collide. */
    public static TrainTest nmnist(Path root) throws IOException {
        return new TrainTest(ClassFolderDataset.nmnist(root, true), ClassFolderDataset.nmnist(root, false));
    }
}
