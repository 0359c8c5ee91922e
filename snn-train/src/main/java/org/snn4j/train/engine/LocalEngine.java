package org.snn4j.train.engine;

import org.deeplearning4j.nn.api.Model;
import org.nd4j.evaluation.classification.Evaluation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;
import org.snn4j.train.Networks;
import org.snn4j.train.Progress;
import org.snn4j.train.TrainingException;

import java.util.Locale;

/** Training in this process, batch by batch: the default engine. */
public final class LocalEngine implements EpochEngine {

    @Override
    public Fit fitEpoch(Model net, DataSetIterator train, int epoch, Progress progress) {
        long samples = 0;
        double lossSum = 0;
        int done = 0;
        train.reset();
        while (train.hasNext()) {
            DataSet ds = train.next();
            Networks.fit(net, ds);
            double loss = checkedLoss(net.score(), epoch, done + 1);
            lossSum += loss * ds.numExamples();
            samples += ds.numExamples();
            progress.update(++done, samples);
        }
        Networks.endEpoch(net);
        return new Fit(samples, lossSum);
    }

    @Override
    public String describe() {
        return "this process";
    }

    /** The loss, or a training error naming the epoch and batch when it is NaN or infinite. */
    public static double checkedLoss(double loss, int epoch, int batch) {
        if (Double.isNaN(loss) || Double.isInfinite(loss)) {
            throw new TrainingException(String.format(Locale.ROOT, "training stopped: loss became %s at epoch %d, batch %d "
                    + "(try a lower --lr)", loss, epoch + 1, batch));
        }
        return loss;
    }

    /** {mean loss, accuracy} in inference mode, computed in this process. */
    public static double[] evaluateHere(Model net, DataSetIterator it, boolean withLoss) {
        it.reset();
        Evaluation ev = new Evaluation();
        double lossSum = 0;
        long n = 0;
        while (it.hasNext()) {
            DataSet ds = it.next();
            INDArray out = Networks.output(net, ds.getFeatures());
            ev.eval(ds.getLabels(), out);
            if (withLoss) {
                lossSum += Networks.score(net, ds) * ds.numExamples();
            }
            n += ds.numExamples();
        }
        it.reset();
        return new double[]{withLoss ? lossSum / Math.max(1, n) : Double.NaN, ev.accuracy()};
    }
}
