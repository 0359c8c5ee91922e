package org.snn4j.train.analysis;

import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.deeplearning4j.datasets.iterator.utilty.ListDataSetIterator;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.snn4j.core.neuron.LIFNeuron;
import org.snn4j.core.time.FoldTime;
import org.snn4j.core.time.MeanOverTime;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The energy report against a hand count on a two-layer network, and in agreement with snn info's table. */
class EnergyEstimatorTest {

    @Test
    void countsMacsForRealInputAndAccumulatesForSpikes() {
        int t = 4;
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder().seed(3).list()
                .layer(new FoldTime(t))
                .layer(new DenseLayer.Builder().nOut(6).activation(Activation.IDENTITY).build())
                .layer(new LIFNeuron.Builder().timesteps(t).vThreshold(0.2).build())
                .layer(new DenseLayer.Builder().nOut(3).activation(Activation.IDENTITY).build())
                .layer(new MeanOverTime(t))
                .layer(new LossLayer.Builder(LossFunctions.LossFunction.MCXENT).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.feedForward(5L * t))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        Nd4j.getRandom().setSeed(9);
        // about 30 % of the inputs are exact zeros, so the input rate Φ0 is below 1
        INDArray x = Nd4j.rand(8, 5 * t).subi(0.3);
        x.muli(x.gt(0).castTo(x.dataType()));
        INDArray y = Nd4j.zeros(8, 3);
        y.getColumn(0).assign(1);
        EnergyEstimator.Report r = EnergyEstimator.estimate(net, new ListDataSetIterator<>(List.of(new DataSet(x, y))), t, 100);

        // independent count from the activations
        List<INDArray> acts = net.feedForward(x, false);
        double inputRate = acts.get(1).neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
        double spikeRate = acts.get(3).neq(0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).meanNumber().doubleValue();
        assertTrue(spikeRate > 0 && spikeRate < 1, "test needs some but not all neurons to fire: " + spikeRate);
        double macs = t * 5 * 6 * inputRate;
        double acs = t * 6 * 3 * spikeRate;
        assertEquals(macs, r.macsPerSample(), 1e-9);
        assertEquals(acs, r.acsPerSample(), 1e-9);
        assertEquals(4.6 * macs + 0.9 * acs, r.snnEnergyPj(), 1e-9);
        assertEquals(4.6 * (5 * 6 + 6 * 3), r.annEnergyPj(), 1e-9);
        EnergyEstimator.LayerEnergy first = r.layers().get(0);
        assertFalse(first.accumulate(), "real-valued input is multiply-accumulate");
        EnergyEstimator.LayerEnergy lif = r.layers().stream().filter(l -> l.firingRate() != null).findFirst().orElseThrow();
        assertEquals(spikeRate, lif.firingRate(), 1e-12);
        assertTrue(r.layers().get(r.layers().size() - 1).accumulate(), "spike-fed layer accumulates");
    }

    /** snn info (LayerTable) and snn energy (this estimator) classify every weighted layer the same way. */
    @Test
    void agreesWithTheInfoTableOnEveryLayer() {
        for (String model : List.of("small-snn", "dvs-gesture-net")) {
            org.snn4j.models.zoo.ModelOptions o = org.snn4j.models.zoo.ModelZoo.get(model).defaults().timesteps(2)
                    .input(2, 32, 32).widthMultiplier(0.125);
            org.snn4j.models.zoo.ZooConfiguration conf = org.snn4j.models.zoo.ModelZoo.build(model, o);
            org.deeplearning4j.nn.api.Model net = conf.init();
            Nd4j.getRandom().setSeed(4);
            INDArray x = Nd4j.rand(2, 4, 32, 32).muli(3);
            INDArray y = Nd4j.zeros(2, o.classes());
            y.getColumn(0).assign(1);
            EnergyEstimator.Report r = EnergyEstimator.estimate(net, new ListDataSetIterator<>(List.of(new DataSet(x, y))), 2, 10);
            List<Boolean> fromInfo = org.snn4j.models.info.LayerTable.of(conf).rows().stream().filter(l -> l.macs() > 0)
                    .map(org.snn4j.models.info.LayerRow::accumulate).toList();
            List<Boolean> fromEnergy = r.layers().stream().filter(l -> l.flPerStep() > 0)
                    .map(EnergyEstimator.LayerEnergy::accumulate).toList();
            assertEquals(fromInfo, fromEnergy, model + ": MAC/AC per weighted layer");
            assertTrue(fromInfo.contains(true) && !fromInfo.get(0), model);
        }
    }
}
