package org.snn4j.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's example runs as printed: one epoch, well above chance, save + restore equal. */
class TrainSmallSnnTest {
    @Test
    void oneShortEpochLearnsAndRoundTrips(@TempDir Path dir) throws Exception {
        File model = dir.resolve("small-snn.zip").toFile();
        double accuracy = TrainSmallSnn.train(1, 1100, 330, model);
        assertTrue(model.isFile());
        assertTrue(accuracy > 5.0 / TrainSmallSnn.CLASSES, "test accuracy " + accuracy + " not above 5x chance");
    }
}
