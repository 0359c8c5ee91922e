package org.snn4j.core.neuron;

import org.snn4j.core.DoublePrecision;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The paper neurons against direct transcriptions of their papers' / released codes' update rules (written
 * here in the codes' own state variables, independently of our charge/reset form), the LIAF output, state
 * isolation between passes, and the firing-rate / membrane recorder.
 */
@ExtendWith(DoublePrecision.class)
class NeuronVariantsTest {
    private static final int T = 7;
    private static final int M = 50;

    private static double[] input(long seed) {
        Random r = new Random(seed);
        double[] x = new double[T * M];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextDouble() * 0.6 - 0.1;
        }
        return x;
    }

    /** MA_SNN/module/LIF.py: u = h + x; s = (u - u_th >= 0); h = beta * (s * u_th + (1 - s) * u) (code) or beta * (1 - s) * u (paper). */
    @ParameterizedTest
    @EnumSource(MaSnnNeuron.Reset.class)
    void maSnnFollowsItsUpdateRule(MaSnnNeuron.Reset reset) {
        double[] x = input(1);
        double beta = 0.3;
        double uth = 0.3;
        double[] expectedSpikes = new double[x.length];
        double[] expectedLiaf = new double[x.length];
        for (int j = 0; j < M; j++) {
            double h = 0;
            for (int t = 0; t < T; t++) {
                double u = h + x[t * M + j];
                double s = u - uth >= 0 ? 1 : 0;
                expectedSpikes[t * M + j] = s;
                expectedLiaf[t * M + j] = Math.max(u, 0);
                h = reset == MaSnnNeuron.Reset.RELEASED_CODE ? beta * (s * uth + (1 - s) * u) : beta * (1 - s) * u;
            }
        }
        double[] out = new double[x.length];
        new MaSnnNeuron.Builder().timesteps(T).reset(reset).build().kernel().forward(x, T, out, null);
        assertArrayEquals(expectedSpikes, out, 1e-12);
        assertTrue(sum(out) > 10, "some spikes expected");
        new MaSnnNeuron.Builder().timesteps(T).reset(reset).output(NeuronOutput.MEMBRANE).build().kernel().forward(x, T, out, null);
        assertArrayEquals(expectedLiaf, out, 1e-12);
    }

    /** MS-ResNet mem_update: U = 0.25 * U * (1 - S) + X (U = X at t=0); S = U &gt; 0.5 (strict). */
    @Test
    void msResNetFollowsItsUpdateRule() {
        double[] x = input(2);
        x[0] = 0.5; // exactly at threshold at t=0: must not fire (strict)
        double[] expected = new double[x.length];
        for (int j = 0; j < M; j++) {
            double u = 0;
            double s = 0;
            for (int t = 0; t < T; t++) {
                u = 0.25 * u * (1 - s) + x[t * M + j];
                s = u > 0.5 ? 1 : 0;
                expected[t * M + j] = s;
            }
        }
        double[] out = new double[x.length];
        new MsResNetNeuron.Builder().timesteps(T).build().kernel().forward(x, T, out, null);
        assertEquals(0.0, out[0]);
        assertArrayEquals(expected, out, 1e-12);
        assertTrue(sum(out) > 10, "some spikes expected");
    }

    @Test
    void releasedCodeAndPaperResetDiffer() {
        double[] x = input(3);
        double[] a = new double[x.length];
        double[] b = new double[x.length];
        new MaSnnNeuron.Builder().timesteps(T).reset(MaSnnNeuron.Reset.RELEASED_CODE).build().kernel().forward(x, T, a, null);
        new MaSnnNeuron.Builder().timesteps(T).reset(MaSnnNeuron.Reset.PAPER).build().kernel().forward(x, T, b, null);
        assertTrue(sum(a) > sum(b), "resetting to beta*u_th keeps more charge than resetting to 0");
    }

    @Test
    void eachForwardPassStartsFromTheInitialState() {
        NeuronHarness h = new NeuronHarness(new LIFNeuron.Builder().timesteps(T).build(), DataType.DOUBLE);
        INDArray x = Nd4j.createFromArray(input(4)).reshape(T, M).muli(4);
        INDArray first = h.forward(x);
        h.forward(x.mul(3));
        assertEquals(first, h.forward(x), "a pass must not see the previous pass's membrane");
        h.layer.setInput(x, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces());
        assertEquals(first, h.layer.activate(false, org.deeplearning4j.nn.workspace.LayerWorkspaceMgr.noWorkspaces()),
                "training and inference passes give the same output");
    }

    /** Views (a leading slice of a bigger buffer, a transposed array) give the same result as plain copies. */
    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"DOUBLE", "FLOAT"})
    void viewInputsGiveTheSameResultAsCopies(DataType type) {
        NeuronHarness h = new NeuronHarness(new LIFNeuron.Builder().timesteps(T).build(), type);
        INDArray big = Nd4j.createFromArray(input(6)).reshape(T, M).muli(4).castTo(type);
        INDArray both = Nd4j.vstack(big, big.mul(2));
        INDArray leading = both.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, T), org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray eps = Nd4j.rand(type, T, M);
        assertEquals(h.forward(big), h.forward(leading));
        assertEquals(h.backward(big, eps).getSecond(), h.backward(leading, eps).getSecond());
        INDArray transposed = big.transpose().dup('c').transpose();
        assertEquals(h.forward(big), h.forward(transposed));
        assertEquals(h.backward(big, eps).getSecond(), h.backward(transposed, eps.transpose().dup('c').transpose()).getSecond());
    }

    @Test
    void recorderReportsFiringRatePerStepAndMembrane() {
        LIFNeuron cfg = new LIFNeuron.Builder().timesteps(T).build();
        cfg.setLayerName("lif");
        NeuronHarness h = new NeuronHarness(cfg, DataType.DOUBLE);
        INDArray x = Nd4j.createFromArray(input(5)).reshape(T, M).muli(4);
        INDArray spikes = h.forward(x);
        assertNull(((SpikingNeuronLayer) h.layer).getRecorder(), "recording is off by default");
        NeuronRecorder rec = new NeuronRecorder(true).attach(h.net.getLayers());
        h.forward(x);
        h.forward(x);
        NeuronRecorder.LayerRecord r = rec.records().get("lif");
        assertEquals(2, r.passes());
        double[] perStep = r.firingRatePerStep();
        for (int t = 0; t < T; t++) {
            assertEquals(spikes.getRow(t).meanNumber().doubleValue(), perStep[t], 1e-12, "step " + t);
        }
        assertEquals(spikes.meanNumber().doubleValue(), r.firingRate(), 1e-12);
        double[] hSeq = new double[T * M];
        cfg.kernel().forward(x.data().asDouble(), T, new double[T * M], hSeq);
        assertArrayEquals(hSeq, r.lastMembrane().data().asDouble(), 1e-12);
        NeuronRecorder.detach(h.net.getLayers());
        h.forward(x);
        assertEquals(2, r.passes());
        NeuronRecorder spikesOnly = new NeuronRecorder(false).attach(h.net.getLayers());
        h.forward(x);
        assertEquals(r.firingRate(), spikesOnly.records().get("lif").firingRate(), 1e-12);
        assertNull(spikesOnly.records().get("lif").lastMembrane());
        assertNotEquals(0.0, r.firingRate());
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double v : a) {
            s += v;
        }
        return s;
    }
}
