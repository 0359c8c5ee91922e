package org.snn4j.data.augment;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.DataSetPreProcessor;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.Random;

/**
 * Frame-level random erasing (Zhong et al. 2020) on batches {@code [N, T*C, H, W]}: with probability
 * {@code p} per clip, one rectangle covering an area fraction uniform in [minArea, maxArea] (aspect 1:1 to
 * within rounding) is set to 0 in every frame and channel of that clip (one draw per clip). Seeded: the
 * k-th batch processed gets the k-th draws of {@code new Random(seed)}.
 */
public final class RandomErasing implements DataSetPreProcessor {
    private final double p;
    private final double minArea;
    private final double maxArea;
    private final Random rnd;

    public RandomErasing(double p, double minArea, double maxArea, long seed) {
        if (p < 0 || p > 1 || minArea <= 0 || maxArea > 1 || minArea > maxArea) {
            throw new IllegalArgumentException("need 0<=p<=1 and 0<minArea<=maxArea<=1");
        }
        this.p = p;
        this.minArea = minArea;
        this.maxArea = maxArea;
        this.rnd = new Random(seed);
    }

    @Override
    public synchronized void preProcess(DataSet ds) {
        INDArray f = ds.getFeatures();
        long h = f.size(2);
        long w = f.size(3);
        for (long n = 0; n < f.size(0); n++) {
            if (rnd.nextDouble() >= p) {
                continue;
            }
            double area = (minArea + (maxArea - minArea) * rnd.nextDouble()) * h * w;
            int side = (int) Math.max(1, Math.round(Math.sqrt(area)));
            int eh = (int) Math.min(h, side);
            int ew = (int) Math.min(w, side);
            int y0 = rnd.nextInt((int) h - eh + 1);
            int x0 = rnd.nextInt((int) w - ew + 1);
            f.get(NDArrayIndex.point(n), NDArrayIndex.all(), NDArrayIndex.interval(y0, y0 + eh),
                    NDArrayIndex.interval(x0, x0 + ew)).assign(0);
        }
    }
}
