package org.snn4j.core.neuron;

import org.deeplearning4j.nn.api.Layer;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records, per fused neuron layer, the firing rate (spikes per neuron per time step, averaged over every
 * forward pass seen) and optionally the last membrane sequence h[t] (after charge, before reset), for energy
 * estimates and heat maps. Attach it with {@link #attach(Layer[])} (e.g. {@code net.getLayers()}); a layer
 * without a recorder only pays a null check, so recording off costs nothing.
 */
public class NeuronRecorder {
    private final boolean recordMembrane;
    private final Map<String, LayerRecord> records = new LinkedHashMap<>();

    public NeuronRecorder(boolean recordMembrane) {
        this.recordMembrane = recordMembrane;
    }

    /** Attaches this recorder to every fused spiking-neuron layer among {@code layers}; returns this. */
    public NeuronRecorder attach(Layer[] layers) {
        for (Layer l : layers) {
            if (l instanceof SpikingNeuronLayer) {
                ((SpikingNeuronLayer) l).setRecorder(this);
            }
        }
        return this;
    }

    /** Detaches every recorder from {@code layers}. */
    public static void detach(Layer[] layers) {
        for (Layer l : layers) {
            if (l instanceof SpikingNeuronLayer) {
                ((SpikingNeuronLayer) l).setRecorder(null);
            }
        }
    }

    /** Records by layer name (or "layer&lt;index&gt;" when unnamed), in the order first seen. */
    public synchronized Map<String, LayerRecord> records() {
        return Collections.unmodifiableMap(records);
    }

    public synchronized void clear() {
        records.clear();
    }

    synchronized void record(SpikingNeuronLayer layer, LinearNeuronKernel k, INDArray x, INDArray out, int steps) {
        String name = layer.conf().getLayer().getLayerName();
        if (name == null) {
            name = "layer" + layer.getIndex();
        }
        LayerRecord rec = records.computeIfAbsent(name, n -> new LayerRecord(steps));
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            long perStep = x.length() / steps;
            double[] spikesPerStep;
            if (!recordMembrane && !k.isMembraneOutput()) {
                spikesPerStep = out.reshape('c', steps, perStep).sum(1).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)
                        .toDoubleVector();
            } else {
                double[] xs = FusedNeuronPass.values(x);
                double[] o = new double[xs.length];
                double[] h = new double[xs.length];
                k.forward(xs, steps, o, h);
                spikesPerStep = new double[steps];
                for (int i = 0; i < h.length; i++) {
                    spikesPerStep[(int) (i / perStep)] += k.fire(h[i] - k.getVThreshold());
                }
                if (recordMembrane) {
                    rec.membrane = Nd4j.create(h, x.shape(), 'c');
                }
            }
            for (int t = 0; t < steps; t++) {
                rec.spikeSum[t] += spikesPerStep[t];
            }
            rec.neuronsPerStep += perStep;
            rec.passes++;
        }
    }

    /** What one layer fired. */
    public static final class LayerRecord {
        private final double[] spikeSum;
        private long neuronsPerStep;
        private long passes;
        private INDArray membrane;

        LayerRecord(int steps) {
            this.spikeSum = new double[steps];
        }

        /** Spikes per neuron at each step t, averaged over all recorded passes and samples. */
        public double[] firingRatePerStep() {
            double[] r = new double[spikeSum.length];
            for (int t = 0; t < r.length; t++) {
                r[t] = spikeSum[t] / neuronsPerStep;
            }
            return r;
        }

        /** Spikes per neuron per step over all steps. */
        public double firingRate() {
            double s = 0;
            for (double v : spikeSum) {
                s += v;
            }
            return s / (neuronsPerStep * (double) spikeSum.length);
        }

        public long passes() {
            return passes;
        }

        /** The membrane h of the last recorded pass (time-folded like the input), or null. */
        public INDArray lastMembrane() {
            return membrane;
        }
    }
}
