package org.snn4j.data.convert;

import org.snn4j.data.datasets.ClassFolderDataset;
import org.snn4j.data.datasets.DvsGestureDataset;
import org.snn4j.data.events.EventDataset;

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
        return switch (this) {
            case DVSGESTURE -> new DvsGestureDataset(root, train, true);
            case CIFAR10DVS -> ClassFolderDataset.cifar10Dvs(root);
            case NMNIST -> ClassFolderDataset.nmnist(root, train);
            case NCALTECH101 -> ClassFolderDataset.ncaltech101(root);
            case SNNE -> ClassFolderDataset.snne(root, snneWidth, snneHeight);
        };
    }
}
