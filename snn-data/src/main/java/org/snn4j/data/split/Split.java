package org.snn4j.data.split;

import org.snn4j.data.events.EventDataset;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A train/test partition of a dataset's clips by clip id, reproducible from (method, seed) and storable
 * with {@link SplitFile}. Methods:
 * <ul>
 * <li>{@link #stratified}: per class, shuffle the class's clips with {@code new Random(seed + classIndex)}
 *     and put the first {@code round(n * trainFraction)} in train (SMA-AZO's random 90/10 per class for
 *     CIFAR10-DVS, seed 3404, and N-Caltech101, seed 3402; the Python RNG differs, so the exact clips differ).</li>
 * <li>{@link #perClassOrder}: per class, the first {@code trainPerClass} clips in file order (MA-SNN's
 *     CIFAR10-DVS rule: files 0-899 train, 900-999 test).</li>
 * </ul>
 */
public record Split(String method, long seed, List<String> trainIds, List<String> testIds) {
    public Split {
        trainIds = List.copyOf(trainIds);
        testIds = List.copyOf(testIds);
    }

    public static Split stratified(EventDataset ds, double trainFraction, long seed) {
        if (!(trainFraction > 0 && trainFraction < 1)) {
            throw new IllegalArgumentException("train fraction must be in (0, 1), got " + trainFraction);
        }
        List<List<Integer>> byClass = byClass(ds);
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (int c = 0; c < byClass.size(); c++) {
            List<Integer> idx = new ArrayList<>(byClass.get(c));
            Collections.shuffle(idx, new Random(seed + c));
            int nTrain = (int) Math.round(idx.size() * trainFraction);
            for (int k = 0; k < idx.size(); k++) {
                (k < nTrain ? train : test).add(ds.clipId(idx.get(k)));
            }
        }
        return new Split("stratified-" + trainFraction, seed, train, test);
    }

    public static Split perClassOrder(EventDataset ds, int trainPerClass) {
        List<String> train = new ArrayList<>();
        List<String> test = new ArrayList<>();
        for (List<Integer> idx : byClass(ds)) {
            for (int k = 0; k < idx.size(); k++) {
                (k < trainPerClass ? train : test).add(ds.clipId(idx.get(k)));
            }
        }
        return new Split("per-class-order-" + trainPerClass, 0, train, test);
    }

    private static List<List<Integer>> byClass(EventDataset ds) {
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < ds.numClasses(); c++) {
            byClass.add(new ArrayList<>());
        }
        for (int i = 0; i < ds.size(); i++) {
            byClass.get(ds.label(i)).add(i);
        }
        return byClass;
    }

    /**
     * The train and test views of {@code ds}, checked by {@link TrainTest} (no clip in both lists, none twice:
     * {@link SplitLeakException}); an id unknown to the dataset is an {@link IllegalArgumentException}.
     */
    public TrainTest apply(EventDataset ds) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < ds.size(); i++) {
            index.put(ds.clipId(i), i);
        }
        return new TrainTest(new SubsetDataset(ds, indices(index, trainIds, "train")),
                new SubsetDataset(ds, indices(index, testIds, "test")));
    }

    private static int[] indices(Map<String, Integer> index, List<String> ids, String part) {
        int[] r = new int[ids.size()];
        for (int k = 0; k < r.length; k++) {
            Integer i = index.get(ids.get(k));
            if (i == null) {
                throw new IllegalArgumentException(part + " clip '" + ids.get(k) + "' of the split is not in the dataset");
            }
            r[k] = i;
        }
        return r;
    }
}
