package org.snn4j.core.neuron;

import org.snn4j.core.DoublePrecision;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.snn4j.core.TestData;
import org.snn4j.core.surrogate.ATan;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * LIF against SpikingJelly's {@code LIFNode(tau=2, v_reset=0, ATan(2))} reference vectors in double
 * precision (test resources reference/lif_atan_hard_{detach,nodetach}.json, input [T=8, N=2, 5] = our folded
 * [16, 5]): spikes, h_seq (after charge), v_seq (after reset) and d sum(spikes * w_loss) / dx to 1e-6,
 * for the fused kernel, the fused DL4J layer and the SameDiff DL4J layer.
 */
@ExtendWith(DoublePrecision.class)
class LIFReferenceTest {

    private static LIFNeuron neuron(JsonNode ref, NeuronImplementation impl) {
        JsonNode settings = ref.get("settings");
        assertEquals("surrogate.ATan(alpha=2.0, spiking=True)", settings.get("surrogate_function").asText());
        return new LIFNeuron.Builder().timesteps(ref.get("shape").get(0).asInt())
                .tau(settings.get("tau").asDouble()).decayInput(settings.get("decay_input").asBoolean())
                .vThreshold(settings.get("v_threshold").asDouble()).vReset(settings.get("v_reset").asDouble())
                .detachReset(settings.get("detach_reset").asBoolean()).surrogate(new ATan(2.0))
                .implementation(impl).build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"lif_atan_hard_detach.json", "lif_atan_hard_nodetach.json"})
    void kernelMatchesSpikingJelly(String file) {
        String f = "reference/" + file;
        JsonNode ref = TestData.json(f);
        LinearNeuronKernel k = neuron(ref, NeuronImplementation.FUSED).kernel();
        double[] x = TestData.doubles(ref, "input", f);
        int steps = ref.get("shape").get(0).asInt();
        double[] s = new double[x.length];
        double[] h = new double[x.length];
        double[] v = new double[x.length];
        k.forward(x, steps, s, h, v);
        assertArrayEquals(TestData.doubles(ref, "spikes", f), s, 1e-6, "spikes");
        assertArrayEquals(TestData.doubles(ref, "h_seq", f), h, 1e-6, "h_seq");
        assertArrayEquals(TestData.doubles(ref, "v_seq", f), v, 1e-6, "v_seq");
        double[] dx = new double[x.length];
        k.backward(x, TestData.doubles(ref, "w_loss", f), steps, dx);
        assertArrayEquals(TestData.doubles(ref, "grad_x_seq", f), dx, 1e-6, "grad_x_seq");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"lif_atan_hard_detach.json,FUSED", "lif_atan_hard_nodetach.json,FUSED",
            "lif_atan_hard_detach.json,SAMEDIFF", "lif_atan_hard_nodetach.json,SAMEDIFF"})
    void dl4jLayerMatchesSpikingJelly(String file, NeuronImplementation impl) {
        String f = "reference/" + file;
        JsonNode ref = TestData.json(f);
        long[] shape = new long[3];
        for (int i = 0; i < 3; i++) {
            shape[i] = ref.get("shape").get(i).asLong();
        }
        long[] folded = {shape[0] * shape[1], shape[2]};
        INDArray x = Nd4j.create(TestData.doubles(ref, "input", f), folded, 'c');
        INDArray w = Nd4j.create(TestData.doubles(ref, "w_loss", f), folded, 'c');
        NeuronHarness harness = new NeuronHarness(neuron(ref, impl), DataType.DOUBLE);
        INDArray spikes = harness.forward(x);
        assertArrayEquals(TestData.doubles(ref, "spikes", f), spikes.data().asDouble(), 1e-6, "spikes");
        INDArray dx = harness.backward(x, w).getSecond();
        assertArrayEquals(TestData.doubles(ref, "grad_x_seq", f), dx.data().asDouble(), 1e-6, "grad_x_seq");
        assertEquals(ref.get("loss").asDouble(), spikes.mul(w).sumNumber().doubleValue(), 1e-9, "loss");
    }
}
