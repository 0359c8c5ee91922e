package org.snn4j.models.info;

import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.attention.SpikingMultiscaleAttention;
import org.snn4j.core.block.BatchNormSpikePool;
import org.snn4j.core.block.ConvBatchNormSpikePool;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;
import org.snn4j.models.zoo.ZooConfiguration;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The `snn info` table: shapes, parameters and MACs against hand-computed values for DVSGestureNet. */
class LayerTableTest {

    @Test
    void dvsGestureNetRowsMatchTheArchitecture() {
        LayerTable table = LayerTable.of(ModelZoo.build("dvs-gesture-net"));
        List<LayerRow> rows = table.rows();
        assertEquals(1_698_926L, table.totalParams());
        LayerRow conv1 = rows.get(1);
        assertEquals("ConvBatchNormSpikePool", conv1.type(), "block 1: conv-BN-LIF-MaxPool fused by default");
        assertEquals("128x64x64", conv1.outputShape());
        assertEquals(2L * 128 * 9 + 2 * 128, conv1.params(), "conv weight, gamma and beta; running statistics are not trainable");
        assertEquals(9L * 2 * 128 * 128 * 128 * 16, conv1.macs());
        assertFalse(conv1.spikingInput(), "first conv reads event counts: MAC");
        LayerRow conv2 = rows.get(2);
        assertEquals("IdentityConvolution", conv2.type());
        assertEquals("128x64x64", conv2.outputShape());
        assertTrue(conv2.spikingInput(), "conv 2 reads max-pooled spikes: AC");
        assertEquals("BatchNormSpikePool", rows.get(3).type(), "blocks 2-5: fused BN-LIF-MaxPool after the conv");
        assertEquals("128x32x32", rows.get(3).outputShape());
        assertEquals(2L * 128, rows.get(3).params(), "gamma and beta; running statistics are not trainable");
        long fc1 = rows.stream().filter(r -> r.type().equals("DenseLayer")).findFirst().orElseThrow().macs();
        assertEquals(2048L * 512 * 16, fc1);
        String text = LayerTable.describe("dvs-gesture-net");
        assertTrue(text.contains("1,698,926 trainable parameters") && text.contains("SpikingJelly"), text);
    }

    @Test
    void unfusedVariantHasTheSameParameters() {
        ModelOptions o = ModelZoo.get("dvs-gesture-net").defaults().variant("fused", "false");
        LayerTable table = LayerTable.of(ModelZoo.build("dvs-gesture-net", o));
        assertEquals(1_698_926L, table.totalParams());
        assertEquals("BatchNormalization", table.rows().get(2).type());
        LayerRow conv2 = table.rows().get(5);
        assertEquals("ConvolutionLayer", conv2.type());
        assertTrue(conv2.spikingInput(), "conv 2 reads max-pooled spikes: AC");
    }

    @Test
    void firstWeightedLayerIsMacSpikeFedLayersAccumulate() {
        LayerTable t = LayerTable.of(ModelZoo.build("small-snn", ModelZoo.get("small-snn").defaults().timesteps(2)));
        List<LayerRow> weighted = t.rows().stream().filter(r -> r.macs() > 0).toList();
        assertEquals(3, weighted.size(), "conv, conv, dense");
        assertFalse(weighted.get(0).accumulate(), "the first conv reads frames: MACs");
        assertTrue(weighted.get(1).accumulate() && weighted.get(1).spikingInput(), "conv 2 reads max-pooled spikes: ACs");
        assertTrue(weighted.get(2).accumulate(), "the dense layer reads max-pooled spikes: ACs");
    }

    @Test
    void smaMacsCountEveryScaleConvAndBothExcitations() {
        SpikingMultiscaleAttention sma = new SpikingMultiscaleAttention.Builder().timesteps(16).build();
        sma.setNIn(InputType.convolutional(32, 32, 128), true);
        // convs (1+9+25+49)*128*128*32*32, C-MSE 128*32 + 32*4*128, T-MSE (16*4 + 4*4*16)/16 per step
        long expected = 84L * 128 * 128 * 32 * 32 + (128 * 32 + 32 * 4 * 128) + (16 * 4 + 4 * 4 * 16) / 16;
        assertEquals(1_409_306_644L, expected);
        assertEquals(expected, LayerTable.macsPerStep(sma, 32, 32));
    }

    @Test
    void neuronLayersAndFusedBlocksEmitSpikesConvsDoNot() {
        LIFNeuron lif = new LIFNeuron.Builder().timesteps(4).build();
        assertTrue(SpikeInputs.emitsSpikes(lif));
        assertTrue(SpikeInputs.emitsSpikes(new BatchNormSpikePool.Builder(lif).build()));
        assertTrue(SpikeInputs.emitsSpikes(new ConvBatchNormSpikePool.Builder(8, lif).build()));
        assertFalse(SpikeInputs.emitsSpikes(new ConvolutionLayer.Builder(3, 3).nOut(8).build()));
    }
}
