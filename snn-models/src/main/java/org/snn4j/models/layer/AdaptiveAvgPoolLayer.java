package org.snn4j.models.layer;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.snn4j.core.layer.SnnNoParamLayerImpl;

/** Implementation of {@link AdaptiveAvgPool}: one mean per (output bin), and its spread-back in backward. */
public class AdaptiveAvgPoolLayer extends SnnNoParamLayerImpl<AdaptiveAvgPool> {

    public AdaptiveAvgPoolLayer(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr mgr) {
        assertInputSet(false);
        checkRank(input);
        AdaptiveAvgPool cfg = layerConf();
        int oh = cfg.getOutHeight();
        int ow = cfg.getOutWidth();
        int ih = (int) input.size(2);
        int iw = (int) input.size(3);
        INDArray out = mgr.create(ArrayType.ACTIVATIONS, input.dataType(), new long[]{input.size(0), input.size(1), oh, ow}, 'c');
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                INDArray window = input.get(window(i, j, ih, iw, oh, ow));
                out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(j))
                        .assign(window.mean(2, 3));
            }
        }
        return out;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr mgr) {
        assertInputSet(true);
        AdaptiveAvgPool cfg = layerConf();
        int oh = cfg.getOutHeight();
        int ow = cfg.getOutWidth();
        int ih = (int) input.size(2);
        int iw = (int) input.size(3);
        long n = input.size(0);
        long c = input.size(1);
        INDArray grad = mgr.create(ArrayType.ACTIVATION_GRAD, epsilon.dataType(), input.shape(), 'c');
        for (int i = 0; i < oh; i++) {
            for (int j = 0; j < ow; j++) {
                INDArray target = grad.get(window(i, j, ih, iw, oh, ow));
                long area = target.size(2) * target.size(3);
                INDArray share = epsilon.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(i), NDArrayIndex.point(j))
                        .reshape(n, c, 1, 1).div(area);
                target.addi(share.broadcast(target.shape()));
            }
        }
        return new Pair<>(new DefaultGradient(), grad);
    }

    private static INDArrayIndex[] window(int i, int j, int ih, int iw, int oh, int ow) {
        return new INDArrayIndex[]{NDArrayIndex.all(), NDArrayIndex.all(),
                NDArrayIndex.interval(AdaptiveAvgPool.binStart(i, ih, oh), AdaptiveAvgPool.binEnd(i, ih, oh)),
                NDArrayIndex.interval(AdaptiveAvgPool.binStart(j, iw, ow), AdaptiveAvgPool.binEnd(j, iw, ow))};
    }

    private void checkRank(INDArray x) {
        if (x.rank() != 4) {
            throw new IllegalArgumentException(layerId() + ": AdaptiveAvgPool expects NCHW input of rank 4, got shape "
                    + java.util.Arrays.toString(x.shape()));
        }
    }
}
