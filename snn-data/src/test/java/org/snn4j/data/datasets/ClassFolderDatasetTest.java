package org.snn4j.data.datasets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.data.io.EventFormatException;
import org.snn4j.data.testutil.Fixtures;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ClassFolderDatasetTest {
    @TempDir
    Path root;

    @Test
    void nmnistTrainFolderWithRealSample() throws Exception {
        for (String cls : new String[]{"3", "5"}) {
            Files.createDirectories(root.resolve("Train").resolve(cls));
            for (String name : new String[]{"10.bin", "2.bin"}) {
                Files.copy(Fixtures.nmnistFile(), root.resolve("Train").resolve(cls).resolve(name));
            }
        }
        ClassFolderDataset ds = ClassFolderDataset.nmnist(root, true);
        assertEquals(4, ds.size());
        assertEquals(List.of("3", "5"), ds.classNames());
        assertEquals("Train/3/2.bin", ds.clipId(0)); // natural order: 2 before 10
        assertEquals("Train/3/10.bin", ds.clipId(1));
        assertEquals(1, ds.label(2));
        assertEquals(4325, ds.events(3).size());
        assertEquals(34, ds.width());
        EventFormatException e = assertThrows(EventFormatException.class, () -> ClassFolderDataset.nmnist(root, false));
        assertEquals(true, e.getMessage().contains("Test"), e.getMessage());
    }

    @Test
    void naturalOrder() {
        List<String> names = new java.util.ArrayList<>(List.of("cifar10_cat_10.aedat", "cifar10_cat_9.aedat",
                "cifar10_cat_100.aedat", "cifar10_cat_0.aedat"));
        names.sort(NaturalOrder.INSTANCE);
        assertEquals(List.of("cifar10_cat_0.aedat", "cifar10_cat_9.aedat", "cifar10_cat_10.aedat", "cifar10_cat_100.aedat"), names);
    }
}
