package org.snn4j.nir;

import io.jhdf.HdfFile;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.snn4j.core.neuron.SpikingNeuron;
import org.snn4j.models.loss.LossKind;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Files written by other tools import, and the network's spikes equal the other side's on the same input
 * (stored beside each file): one written by the NIR reference package (nir/make_peer_files.py: gzip float32
 * arrays, variable-length strings) checked against a PyTorch simulation of NIR's equations, and one written
 * by SpikingJelly's NIR exporter (nir/make_spikingjelly_file.py) checked against SpikingJelly's own spikes.
 */
class NirPeerFileTest {

    static Path resource(String name) throws URISyntaxException {
        return Path.of(NirPeerFileTest.class.getResource("/nir/" + name).toURI());
    }

    @Test
    void importsTheNirPackagesFileAndMatchesTheReferenceSpikes() throws Exception {
        check("peer-cnn.nir", "peer-cnn-reference.h5");
    }

    @Test
    void importsSpikingJellysExportAndMatchesSpikingJellysSpikes() throws Exception {
        check("spikingjelly-cnn.nir", "spikingjelly-cnn-reference.h5");
    }

    private static void check(String nirFile, String reference) throws Exception {
        float[][][][][] x;
        float[][][][][] lifRef;
        float[][][] outRef;
        double dt;
        try (HdfFile f = new HdfFile(resource(reference))) {
            x = (float[][][][][]) f.getDatasetByPath("input").getData();
            lifRef = (float[][][][][]) f.getDatasetByPath("lif_spikes").getData();
            outRef = (float[][][]) f.getDatasetByPath("output_spikes").getData();
            dt = (Double) f.getDatasetByPath("dt").getData();
        }
        int t = x.length;
        int n = x[0].length;
        int c = x[0][0].length;
        int h = x[0][0][0].length;
        int w = x[0][0][0][0].length;
        NirGraph g = NirFile.read(resource(nirFile));
        assertTrue(g.version().startsWith("1.0"), g.version());
        MultiLayerNetwork net = NirImporter.fromNir(g, dt, t, LossKind.MSE);
        assertEquals(DataType.FLOAT, net.params().dataType());

        // snn4j's input: [N, T*C, H, W], frame t in channels [t*C, (t+1)*C)
        INDArray in = Nd4j.create(DataType.FLOAT, n, (long) t * c, h, w);
        for (int s = 0; s < t; s++) {
            for (int b = 0; b < n; b++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < w; j++) {
                            in.putScalar(new long[] {b, (long) s * c + ch, i, j}, x[s][b][ch][i][j]);
                        }
                    }
                }
            }
        }
        List<INDArray> acts = net.feedForward(in, false);
        List<INDArray> spikes = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayerWiseConfigurations().getConf(i).getLayer() instanceof SpikingNeuron) {
                spikes.add(acts.get(i + 1));
            }
        }
        assertEquals(2, spikes.size());
        // folded rows: t*N + n
        INDArray lif = spikes.get(0);
        INDArray out = spikes.get(1);
        double total = 0;
        for (int s = 0; s < t; s++) {
            for (int b = 0; b < n; b++) {
                float[] want = flat(lifRef[s][b]);
                float[] got = lif.slice((long) s * n + b).dup().data().asFloat();
                assertArrayEquals(want, got, nirFile + ": LIF spikes, step " + s + " sample " + b);
                assertArrayEquals(outRef[s][b], out.getRow((long) s * n + b).dup().data().asFloat(), nirFile + ": IF spikes, step " + s + " sample " + b);
                for (float v : outRef[s][b]) {
                    total += v;
                }
            }
        }
        assertTrue(total > 0.05 * t * n * 5 && total < 0.9 * t * n * 5, nirFile + ": output spike rate tests something: " + total);
    }

    private static float[] flat(float[][][] a) {
        float[] out = new float[a.length * a[0].length * a[0][0].length];
        int k = 0;
        for (float[][] p : a) {
            for (float[] r : p) {
                for (float v : r) {
                    out[k++] = v;
                }
            }
        }
        return out;
    }
}
