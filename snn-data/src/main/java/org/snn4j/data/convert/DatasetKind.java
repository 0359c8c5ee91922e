package org.snn4j.data.convert;

import org.snn4j.data.datasets.ClassFolderDataset;
import org.snn4j.data.datasets.DvsGestureDataset;
import org.snn4j.data.events.EventDataset;
import org.snn4j.data.io.Aedat3Reader;
import org.snn4j.data.split.TrainTest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/** The dataset folder layouts {@link DatasetConverter} understands, by command-line name. */
public enum DatasetKind {
    /** DVS128 Gesture: AEDAT 3.1 + _labels.csv + trials_to_{train,test}.txt; "other" class kept (11 classes). */
    DVSGESTURE,
    /** CIFAR10-DVS: per-class folders of AEDAT 2.0 files (no official split: use a split file). */
    CIFAR10DVS,
    /** N-MNIST: Train/ and Test/ folders of per-digit .bin files. */
    NMNIST,
    /** N-Caltech101: per-category folders of .bin files (no official split). */
    NCALTECH101,
    /** Per-class folders of snn4j .snne files. */
    SNNE;

    public static DatasetKind parse(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT).replace("-", "").replace("_", ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown dataset '" + name + "', expected one of dvsgesture, cifar10dvs, "
                    + "nmnist, ncaltech101, snne");
        }
    }

    /** Whether the publisher defines a train/test split (then {@link #open} honours {@code train}). */
    public boolean hasOfficialSplit() {
        return this == DVSGESTURE || this == NMNIST;
    }

    /** Opens the dataset at {@code root}; {@code train} selects the official part where one exists. */
    public EventDataset open(Path root, boolean train, int snneWidth, int snneHeight) throws IOException {
        return open(root, train, snneWidth, snneHeight, false);
    }

    /**
     * Opens the dataset at {@code root}; {@code skipEmpty} leaves out empty recordings (and, for DVS Gesture,
     * label rows past the end of a truncated recording), listed in {@link EventDataset#skipped()}, instead of
     * failing on them.
     */
    public EventDataset open(Path root, boolean train, int snneWidth, int snneHeight, boolean skipEmpty) throws IOException {
        return switch (this) {
            case DVSGESTURE -> new DvsGestureDataset(root, train, true, Aedat3Reader.dvsGesture(), skipEmpty);
            case CIFAR10DVS -> ClassFolderDataset.cifar10Dvs(root, skipEmpty);
            case NMNIST -> ClassFolderDataset.nmnist(root, train, skipEmpty);
            case NCALTECH101 -> ClassFolderDataset.ncaltech101(root, skipEmpty);
            case SNNE -> ClassFolderDataset.snne(root, snneWidth, snneHeight, skipEmpty);
        };
    }

    /**
     * The official train and test parts, checked by {@link TrainTest} (no recording in both, none twice): the one
     * way convert and training open a dataset with an official split.
     */
    public TrainTest openOfficialSplit(Path root, int snneWidth, int snneHeight, boolean skipEmpty) throws IOException {
        if (!hasOfficialSplit()) {
            throw new IllegalStateException(this + " has no official split");
        }
        return new TrainTest(open(root, true, snneWidth, snneHeight, skipEmpty), open(root, false, snneWidth, snneHeight, skipEmpty));
    }
}
