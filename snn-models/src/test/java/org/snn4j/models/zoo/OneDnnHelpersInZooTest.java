package org.snn4j.models.zoo;

import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.backend.OneDnnHelpers;
import org.snn4j.data.iterator.FrameDataSetIterator;
import org.snn4j.data.synthetic.SyntheticEventDataset;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conv, batch-norm and pooling layers of a zoo network (DVSGestureNet, small variant) run
 * with DL4J's oneDNN helpers, and a training step gives the same loss and gradients with and without them
 * (the helpers are chosen from the system property when a layer is built).
 */
class OneDnnHelpersInZooTest {

    private static ModelOptions options() {
        // the unfused blocks: BN and max pool as DL4J layers, which is where the helpers apply
        return ModelZoo.get("dvs-gesture-net").defaults().input(2, 32, 32).timesteps(4).widthMultiplier(0.125)
                .variant("fused", "false");
    }

    private static MultiLayerNetwork build(boolean helpers) {
        String saved = System.getProperty(OneDnnHelpers.DL4J_PROPERTY);
        System.setProperty(OneDnnHelpers.DL4J_PROPERTY, String.valueOf(!helpers));
        try {
            return (MultiLayerNetwork) ModelZoo.build("dvs-gesture-net", options()).init();
        } finally {
            if (saved == null) {
                System.clearProperty(OneDnnHelpers.DL4J_PROPERTY);
            } else {
                System.setProperty(OneDnnHelpers.DL4J_PROPERTY, saved);
            }
        }
    }

    private static DataSet batch() {
        return new FrameDataSetIterator(SyntheticEventDataset.train(5, 4, 32), 4, 4, null).next();
    }

    private static boolean helperKind(Layer l) {
        String n = l.getClass().getName();
        return n.endsWith(".ConvolutionLayer") || n.endsWith(".BatchNormalization") || n.endsWith(".SubsamplingLayer");
    }

    @Test
    void convBatchNormAndPoolingLayersHaveOneDnnHelpers() {
        Assumptions.assumeTrue(OneDnnHelpers.nativeSupport(), "nd4j-native without oneDNN on this platform");
        MultiLayerNetwork net = build(true);
        net.fit(batch());
        int checked = 0;
        for (Layer l : net.getLayers()) {
            if (helperKind(l)) {
                Object helper = OneDnnHelpers.helperOf(l);
                assertNotNull(helper, "layer " + l.getIndex() + " " + l.getClass().getSimpleName() + " has no helper");
                assertTrue(helper.getClass().getSimpleName().startsWith("MKLDNN"), helper.getClass().getName());
                checked++;
            }
        }
        assertEquals(15, checked, "5 x (conv, BN, max pool)");
        MultiLayerNetwork plain = build(false);
        plain.fit(batch());
        for (Layer l : plain.getLayers()) {
            if (helperKind(l)) {
                assertNull(OneDnnHelpers.helperOf(l), "helpers off: layer " + l.getIndex());
            }
        }
    }

    @Test
    void trainingStepMatchesWithAndWithoutHelpers() {
        Assumptions.assumeTrue(OneDnnHelpers.nativeSupport(), "nd4j-native without oneDNN on this platform");
        MultiLayerNetwork on = build(true);
        MultiLayerNetwork off = build(false);
        off.setParams(on.params().dup());
        DataSet ds = batch();
        Gradient[] grads = new Gradient[2];
        double[] scores = new double[2];
        MultiLayerNetwork[] nets = {on, off};
        for (int i = 0; i < 2; i++) {
            Nd4j.getRandom().setSeed(77); // same dropout masks
            nets[i].setInput(ds.getFeatures());
            nets[i].setLabels(ds.getLabels());
            nets[i].computeGradientAndScore();
            grads[i] = nets[i].gradient();
            scores[i] = nets[i].score();
        }
        assertEquals(scores[1], scores[0], 1e-5 * Math.max(1, Math.abs(scores[1])), "loss");
        for (Map.Entry<String, INDArray> e : grads[1].gradientForVariable().entrySet()) {
            INDArray a = grads[0].getGradientFor(e.getKey());
            INDArray b = e.getValue();
            double scale = Math.max(b.norm2Number().doubleValue(), 1e-6);
            double diff = a.sub(b).norm2Number().doubleValue();
            assertTrue(diff <= 1e-3 * scale, "gradient " + e.getKey() + ": |a-b| = " + diff + ", |b| = " + scale);
        }
    }
}
