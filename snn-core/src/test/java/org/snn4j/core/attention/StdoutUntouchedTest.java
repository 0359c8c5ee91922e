package org.snn4j.core.attention;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.neuron.NeuronImplementation;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fused SMA builds its decoder's gradient graph with SameDiff and leaves System.out alone while doing so.
 * The second assertion is a canary for the ND4J 1.0.0-M2.1 behaviour the snn command filters from its stdout:
 * {@code SameDiff.createGradFunction} prints "Added differentiated op ..." lines. When it fails, ND4J has
 * stopped printing them and the CLI's filter can go.
 */
class StdoutUntouchedTest {
    @Test
    void trainingTheFusedSmaKeepsSystemOutAndNd4jStillPrintsItsOps() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream mine = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(mine);
        try {
            int t = 2;
            MultiLayerNetwork net = AttentionTestNets.single(new SpikingMultiscaleAttention.Builder()
                    .implementation(NeuronImplementation.FUSED).timesteps(t).kernels(1, 3).channelReduction(2)
                    .timeReduction(2).build(), 4, 4, 4);
            INDArray x = AttentionTestNets.input(3, t * 2, 4, 4, 4);
            net.initGradientsView();
            LayerWorkspaceMgr mgr = LayerWorkspaceMgr.noWorkspaces();
            net.getLayer(0).setInput(x, mgr);
            net.getLayer(0).activate(true, mgr);
            net.getLayer(0).backpropGradient(Nd4j.onesLike(x), mgr);
            assertSame(mine, System.out, "System.out was replaced while the fused SMA trained");
        } finally {
            System.setOut(original);
        }
        String printed = captured.toString(StandardCharsets.UTF_8);
        assertTrue(printed.contains("Added differentiated op "), "ND4J no longer prints 'Added differentiated op' "
                + "lines: remove the snn command's stdout filter (Nd4jChatterFilter)");
    }
}
