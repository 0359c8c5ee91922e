package org.snn4j.train.analysis;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.snn4j.models.info.EnergyModel;
import org.snn4j.models.info.LayerTable;
import org.snn4j.models.info.SpikeInputs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Per-layer firing rates, operation counts and the energy estimate of a trained network on real clips, under
 * snn4j's one {@link EnergyModel} (which layers do MACs and which accumulates, the first layer, what is not
 * counted) with the spike inputs of {@link SpikeInputs}, the rules {@code snn info} uses too. Rates are
 * averaged over every sample, step and neuron of the clips evaluated. Works on a MultiLayerNetwork (layers in
 * order) and a ComputationGraph (layer vertices in topological order) alike.
 */
public final class EnergyEstimator {
    public static final double E_MAC_PJ = EnergyModel.E_MAC_PJ;
    public static final double E_AC_PJ = EnergyModel.E_AC_PJ;

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
        List<Boolean> spikeInput = SpikeInputs.of(tallies.stream().map(t -> t.conf).toList(), feedingLayers(net, tallies));
        List<LayerEnergy> rows = new ArrayList<>();
        double snn = 0;
        double ann = 0;
        double macs = 0;
        double acs = 0;
        boolean firstWeighted = true;
        for (int i = 0; i < tallies.size(); i++) {
            Tally t = tallies.get(i);
            org.deeplearning4j.nn.conf.layers.Layer cfg = t.conf;
            double rate = t.inNonZero / Math.max(1, t.inCount);
            // A fused BN-neuron-pool block reports the rate of its pooled spikes (its neurons' own output is never stored).
            Double firing = SpikeInputs.emitsSpikes(cfg) ? t.outNonZero / Math.max(1, t.outCount) : null;
            long fl = synapsesPerStep(cfg, t.outShape);
            if (fl == 0) {
                if (firing != null) {
                    rows.add(new LayerEnergy(t.index, t.name, type(cfg), 0, rate, false, 0, 0, firing));
                }
                continue;
            }
            EnergyModel.Ops ops = EnergyModel.of(fl, timesteps, firstWeighted, spikeInput.get(i), rate);
            snn += ops.picojoules();
            ann += EnergyModel.annPicojoules(fl);
            if (ops.accumulate()) {
                acs += ops.count();
            } else {
                macs += ops.count();
            }
            rows.add(new LayerEnergy(t.index, t.name, type(cfg), fl, rate, ops.accumulate(), ops.count(),
                    ops.picojoules(), firing));
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
            outShape = a.output().shape();
        }
    }

    /** For each tallied layer, the position of the one layer feeding it (-1: network input, vertex, several). */
    private static List<Integer> feedingLayers(Model net, List<Tally> tallies) {
        List<Integer> out = new ArrayList<>();
        if (net instanceof MultiLayerNetwork) {
            for (int i = 0; i < tallies.size(); i++) {
                out.add(i - 1);
            }
            return out;
        }
        Map<String, List<String>> inputs = ((ComputationGraph) net).getConfiguration().getVertexInputs();
        List<String> names = tallies.stream().map(t -> t.name).toList();
        for (Tally t : tallies) {
            List<String> in = inputs.get(t.name);
            out.add(in == null || in.size() != 1 ? -1 : names.indexOf(in.get(0)));
        }
        return out;
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
