package org.snn4j.models.zoo;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.junit.jupiter.api.Test;
import org.snn4j.core.attention.MultiDimensionalAttention;
import org.snn4j.core.attention.ScaleActivation;
import org.snn4j.core.attention.SpikingMultiscaleAttention;
import org.snn4j.models.recipe.Recipe;
import org.snn4j.models.recipe.Recipes;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The SMA options recipes write are the ones the attention provider reads; unknown ones are refused. */
class AttentionLayersTest {
    private static final InsertionPoint AT_T6 = new InsertionPoint(InsertionPoint.Site.AFTER_CONV, 0, 0, 0, 64, 8, 8, 6);

    @Test
    void imageNetRecipeNamesSetReluScalesAndTheTemporalWidth() {
        SpikingMultiscaleAttention sma = (SpikingMultiscaleAttention) AttentionLayers.sma(AT_T6,
                Map.of("channelReduction", "4", "hiddenTime", "4", "neuron", "relu"), false);
        assertEquals(ScaleActivation.RELU, sma.getActivation());
        assertEquals(4, sma.timeHidden());                 // floor(6 / 1.5), the ImageNet script's width
        assertEquals(4.0, sma.getChannelReduction());
    }

    @Test
    void azoRecipeRatiosReachTheLayer() {
        SpikingMultiscaleAttention sma = (SpikingMultiscaleAttention) AttentionLayers.sma(AT_T6,
                Map.of("timeReduction", "2", "rtr", "3", "rcr", "10"), true);
        sma.setNIn(InputType.convolutional(8, 8, 64), true);        // channels come from the network's input type
        assertEquals(3, sma.timeHidden());
        assertEquals(2, sma.weakSteps());                  // floor(6 / 3)
        assertEquals(6, sma.weakChannels());               // floor(64 / 10)
        assertEquals(ScaleActivation.SPIKING, sma.getActivation());
    }

    @Test
    void unknownOptionsAndValuesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttentionLayers.sma(AT_T6, Map.of("hiddenChannels", "8"), false));
        assertTrue(e.getMessage().contains("hiddenChannels") && e.getMessage().contains("channelReduction"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AttentionLayers.sma(AT_T6, Map.of("neuron", "tanh"), false));
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> AttentionLayers.sma(AT_T6, Map.of("tr", "2", "hiddenTime", "4"), false));
        assertTrue(both.getMessage().contains("give one of them"), both.getMessage());
    }

    @Test
    void everyBundledRecipeHasOnlyKnownAttentionOptions() {
        for (String name : Recipes.BUNDLED) {
            Recipe r = Recipes.load(name);
            for (String key : r.attention.keySet()) {
                assertTrue(AttentionLayers.SMA_OPTIONS.contains(key) || AttentionLayers.MA_OPTIONS.contains(key),
                        name + ": " + key);
            }
        }
    }

    @Test
    void maSnnRecipeRatiosReachTheLayer() {
        MultiDimensionalAttention ma = (MultiDimensionalAttention) AttentionLayers.multiDimensional(AT_T6, "TCS",
                Map.of("timeRatio", "3", "channelRatio", "16", "spatialKernel", "7"));
        assertEquals(3.0, ma.getTemporalReduction());
        assertEquals(16.0, ma.getChannelReduction());
        assertEquals(7, ma.getSpatialKernel());
        assertThrows(IllegalArgumentException.class,
                () -> AttentionLayers.multiDimensional(AT_T6, "TCS", Map.of("rcr", "4")));
    }

    @Test
    void maSnnIsFusedByDefaultAndSameDiffOnRequest() {
        MultiDimensionalAttention fused = (MultiDimensionalAttention) AttentionLayers.multiDimensional(AT_T6, "TCS",
                Map.of());
        assertEquals(org.snn4j.core.neuron.NeuronImplementation.FUSED, fused.getImplementation());
        assertTrue(fused.fusedApplies());
        MultiDimensionalAttention reference = (MultiDimensionalAttention) AttentionLayers.multiDimensional(AT_T6, "TCS",
                Map.of("implementation", "SameDiff"));
        assertEquals(org.snn4j.core.neuron.NeuronImplementation.SAMEDIFF, reference.getImplementation());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AttentionLayers.multiDimensional(AT_T6, "TCS", Map.of("implementation", "cuda")));
        assertTrue(e.getMessage().contains("expected fused or samediff"), e.getMessage());
    }
}
