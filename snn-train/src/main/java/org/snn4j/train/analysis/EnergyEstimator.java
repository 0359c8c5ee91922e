package org.snn4j.train.analysis;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.snn4j.models.info.LayerTable;

import java.util.ArrayList;
import java.util.List;

/**
 * Per-layer firing rates, operation counts and the energy estimate of the MA-SNN paper (ma-snn.md §5):
 * <ul>
 *   <li>FL per weighted layer and time step: conv k_h*k_w*h_out*w_out*c_in*c_out, dense in*out (MACs of
 *   the same layer in an ANN).</li>
 *   <li>The first weighted layer sees real-valued input: T*FL*Φ0 multiply-accumulates, Φ0 = fraction of
 *   non-zero input values (event frames; 1 for static images).</li>
 *   <li>Every later weighted layer whose input is spikes does T*FL*Φ accumulates (synaptic operations),
 *   Φ = fraction of its input that is non-zero (the layer-average spiking activity rate, LASAR).
 *   A weighted layer fed by non-spike values counts as MACs.</li>
 *   <li>E = 4.6 pJ per MAC + 0.9 pJ per accumulate (45 nm, 32-bit float, Horowitz 2014); the ANN of the
 *   same network does FL MACs once per sample.</li>
 * </ul>
 * Rates are averaged over every sample, step and neuron of the clips evaluated. Works on a MultiLayerNetwork
 * (layers in order) and a ComputationGraph (layer vertices in topological order) alike.
 */
public final class EnergyEstimator {
    public static final double E_MAC_PJ = LayerTable.E_MAC_PJ;
    public static final double E_AC_PJ = LayerTable.E_AC_PJ;

    /** One row of the report. */
    public record LayerEnergy(int index, String name, String type, long flPerStep, double inputRate,
                              boolean accumulate, double opsPerSample, double energyPj, Double firingRate) {
    }

    /** The whole report. */
    public record Report(List<LayerEnergy> layers, int timesteps, int clips, double snnEnergyPj, double annEnergyPj,
                         double macsPerSample, double acsPerSample) {
        public double annOverSnn() {
            return annEnergyPj / snnEnergyPj;
        }
    }

    private EnergyEstimator() {
    }

    public static Report estimate(Model net, DataSetIterator data, int timesteps, int maxClips) {
        List<Tally> tallies = new ArrayList<>();
        int clips = 0;
        data.reset();
        while (data.hasNext() && clips < maxClips) {
            DataSet ds = data.next();
            List<LayerActivations.Entry> acts = LayerActivations.of(net, ds.getFeatures());
            for (int i = 0; i < acts.size(); i++) {
                if (tallies.size() <= i) {
                    tallies.add(new Tally(acts.get(i)));
                }
                tallies.get(i).add(acts.get(i));
            }
            clips += ds.numExamples();
        }
        List<LayerEnergy> rows = new ArrayList<>();
        double snn = 0;
        double ann = 0;
        double macs = 0;
        double acs = 0;
        boolean firstWeighted = true;
        for (Tally t : tallies) {
            org.deeplearning4j.nn.conf.layers.Layer cfg = t.conf;
            double rate = t.inNonZero / Math.max(1, t.inCount);
            // A fused BN-neuron-pool block reports the rate of its pooled spikes (its neurons' own output is never stored).
            Double firing = LayerTable.emitsSpikes(cfg) ? t.outNonZero / Math.max(1, t.outCount) : null;
            long fl = synapsesPerStep(cfg, t.outShape);
            if (fl == 0) {
                if (firing != null) {
                    rows.add(new LayerEnergy(t.index, t.name, type(cfg), 0, rate, false, 0, 0, firing));
                }
                continue;
            }
            boolean ac = !firstWeighted && t.binaryInput;
            double ops = (double) timesteps * fl * rate;
            if (!ac && !firstWeighted) {
                ops = (double) timesteps * fl;
            }
            double e = ops * (ac ? E_AC_PJ : E_MAC_PJ);
            snn += e;
            ann += fl * E_MAC_PJ;
            if (ac) {
                acs += ops;
            } else {
                macs += ops;
            }
            rows.add(new LayerEnergy(t.index, t.name, type(cfg), fl, rate, ac, ops, e, firing));
            firstWeighted = false;
        }
        return new Report(rows, timesteps, clips, snn, ann, macs, acs);
    }

    /** Non-zero counts of one layer's input and output over the clips seen so far. */
    private static final class Tally {
        final int index;
        final String name;
        final org.deeplearning4j.nn.conf.layers.Layer conf;
        double inNonZero;
        double inCount;
        double outNonZero;
        double outCount;
        boolean binaryInput = true;
        long[] outShape;

        Tally(LayerActivations.Entry first) {
            index = first.index();
            name = first.name();
            conf = first.conf();
        }

        void add(LayerActivations.Entry a) {
            inNonZero += nonZero(a.input());
            inCount += a.input().length();
            outNonZero += nonZero(a.output());
            outCount += a.output().length();
            if (binaryInput) {
                binaryInput = a.input().mul(a.input().rsub(1.0)).amaxNumber().doubleValue() == 0.0;
            }
            outShape = a.output().shape();
        }
    }

    private static double nonZero(INDArray a) {
        return a.neq(0.0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sumNumber().doubleValue();
    }

    /** FL per sample and time step of a conv or dense layer (0 for parameter-free layers). */
    static long synapsesPerStep(org.deeplearning4j.nn.conf.layers.Layer cfg, long[] outShape) {
        return outShape.length == 4 ? LayerTable.macsPerStep(cfg, outShape[2], outShape[3]) : LayerTable.macsPerStep(cfg, 1, 1);
    }

    private static String type(org.deeplearning4j.nn.conf.layers.Layer cfg) {
        return cfg.getClass().getSimpleName();
    }
}
