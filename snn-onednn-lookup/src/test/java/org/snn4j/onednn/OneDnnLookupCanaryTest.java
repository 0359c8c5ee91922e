package org.snn4j.onednn;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Canary for the DL4J bug this artifact works around: these tests fail the day DL4J looks up the oneDNN
 * environment elsewhere or ships the class itself, which means this artifact can be retired.
 */
class OneDnnLookupCanaryTest {
    private static final String LOOKED_UP = "org.nd4j.nativeblas.Nd4jCpu$Environment";

    @Test
    void dl4jStillLooksUpTheMissingClass() throws IOException {
        String helper = "org/deeplearning4j/nn/layers/mkldnn/BaseMKLDNNHelper.class";
        try (InputStream in = ClassLoader.getSystemResourceAsStream(helper)) {
            assertNotNull(in, "DL4J no longer has " + helper + ": check whether this artifact is still needed");
            String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(constants.contains(LOOKED_UP), "DL4J no longer looks up " + LOOKED_UP
                    + ": the lookup fix may be obsolete");
        }
    }

    @Test
    void onlyThisArtifactProvidesTheClass() throws IOException {
        List<URL> found = Collections.list(ClassLoader.getSystemResources(LOOKED_UP.replace('.', '/') + ".class"));
        assertEquals(1, found.size(), "providers of " + LOOKED_UP + ": " + found
                + " (if an ND4J jar ships it now, this artifact is obsolete)");
        assertTrue(found.get(0).toString().contains("snn-onednn-lookup")
                || found.get(0).toString().contains("snn4j-dl4j-onednn-lookup"), found.get(0).toString());
    }

    /** With the class present and helpers switched on, DL4J's convolution gets its oneDNN helper. */
    @Test
    void convolutionGetsItsOneDnnHelper() throws Exception {
        String property = "org.eclipse.deeplearning4j.helpers.disable";
        String saved = System.getProperty(property);
        System.setProperty(property, "false");
        try {
            MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                    .layer(new ConvolutionLayer.Builder(3, 3).nOut(4).activation(Activation.IDENTITY).build())
                    .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MSE).nOut(2).build())
                    .setInputType(InputType.convolutional(8, 8, 2)).build());
            net.init();
            Object helper = helperOf(net.getLayer(0));
            boolean onednn = org.nd4j.nativeblas.Nd4jCpu.Environment.getInstance().isUseONEDNN();
            if (onednn) {
                assertNotNull(helper, "oneDNN build loaded but the convolution has no helper");
                assertEquals("MKLDNNConvHelper", helper.getClass().getSimpleName());
            } else {
                assertEquals(null, helper, "no oneDNN in this libnd4j build: no helper expected");
            }
        } finally {
            if (saved == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, saved);
            }
        }
    }

    private static Object helperOf(Object layer) throws IllegalAccessException {
        List<Class<?>> chain = new ArrayList<>();
        for (Class<?> c = layer.getClass(); c != null; c = c.getSuperclass()) {
            chain.add(c);
        }
        for (Class<?> c : chain) {
            for (Field f : c.getDeclaredFields()) {
                if (f.getName().equals("helper")) {
                    f.setAccessible(true);
                    return f.get(layer);
                }
            }
        }
        return null;
    }
}
