package org.snn4j.models.torch;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.snn4j.core.DoublePrecision;
import org.snn4j.core.TestData;
import org.snn4j.core.attention.SmaTorchNames;
import org.snn4j.core.attention.SpikingMultiscaleAttention;
import org.snn4j.core.torch.TorchName;
import org.snn4j.models.zoo.ModelOptions;
import org.snn4j.models.zoo.ModelZoo;
import org.snn4j.models.zoo.ZooConfiguration;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PyTorch importer against files made by the released SMA-AZO code (reference/official): the name table
 * covers exactly the official VGG8 state dicts of all three datasets' scripts, the reader reads real
 * {@code torch.save} output, and the whole SMA-AZO-VGG8 (DVS128 script) with imported weights gives the
 * official per-step outputs on a 32x32 input; bad files are refused with the name.
 */
@ExtendWith(DoublePrecision.class)
class TorchImportTest {
    private static final String DIR = "reference/official/";

    @Test
    void nameTableIsExactlyTheOfficialStateDictOfEveryVariant() {
        JsonNode ref = TestData.json(DIR + "sma_vgg_state_dict_names.json").get("variants");
        for (SmaVggTorchNames.Variant v : SmaVggTorchNames.Variant.values()) {
            JsonNode names = ref.get(v.key());
            ZooConfiguration conf = ModelZoo.build("sma-azo-vgg", TorchImport.options("sma-azo-vgg", v));
            List<TorchName> rows = SmaVggTorchNames.of(v, conf);
            List<String> want = new ArrayList<>();
            names.fieldNames().forEachRemaining(want::add);
            List<String> got = new ArrayList<>();
            for (TorchName r : rows) {
                got.add(r.torch());
                long[] shape = new long[names.get(r.torch()) == null ? 0 : names.get(r.torch()).size()];
                for (int i = 0; i < shape.length; i++) {
                    shape[i] = names.get(r.torch()).get(i).asLong();
                }
                assertTrue(names.has(r.torch()), v + ": row " + r + " is not in the official state dict");
                assertArrayEquals(shape, r.shape(), v + ": shape of " + r.torch());
            }
            assertEquals(want.size(), got.size(), v + ": row count");
            assertEquals(new java.util.TreeSet<>(want), new java.util.TreeSet<>(got), v.toString());
        }
    }

    @Test
    void readsTorchSaveOfTheReleasedSmaModule() throws IOException {
        Map<String, INDArray> sd = TorchStateDict.read(TestData.resource(DIR + "sma_azo_rtr4_rcr2.pth")).tensors();
        SpikingMultiscaleAttention sma = new SpikingMultiscaleAttention.Builder().timesteps(8).build();
        sma.setChannels(8);
        List<String> keys = new ArrayList<>();
        for (TorchName r : SmaTorchNames.of(sma)) {
            INDArray t = sd.get(r.torch());
            assertTrue(t != null, r.torch());
            assertArrayEquals(r.shape(), t.shape(), r.torch());
            assertEquals(r.torch().endsWith("num_batches_tracked") ? DataType.LONG : DataType.FLOAT, t.dataType(), r.torch());
            keys.add(r.torch());
        }
        assertEquals(new java.util.TreeSet<>(keys), new java.util.TreeSet<>(sd.keySet()));
        // the generator's BN weights lie in [0.5, 1.5], the conv weights in PyTorch's default bound 1/sqrt(fan_in)
        INDArray gamma = sd.get("S_Convs.2.bn.weight");
        assertTrue(gamma.minNumber().doubleValue() >= 0.5 && gamma.maxNumber().doubleValue() <= 1.5);
        INDArray w = sd.get("S_Convs.3.conv.weight");
        assertTrue(w.amaxNumber().doubleValue() <= 1 / Math.sqrt(8 * 49) + 1e-7 && w.amaxNumber().doubleValue() > 0);
        assertEquals(0L, sd.get("S_Convs.0.bn.num_batches_tracked").getLong(0));
    }

    /**
     * In float32, the default: spikes must all agree, since one flipped spike moves a logit by about 1e-2,
     * far beyond the tolerance (measured worst difference 3.8e-7).
     */
    @Test
    void wholeSmaAzoVggEqualsOfficialForward() throws IOException {
        wholeVgg(DataType.FLOAT, 1e-5);
    }

    /** The same in double: the float32 weights summed in double give the official values exactly. */
    @Test
    void wholeSmaAzoVggEqualsOfficialForwardInDouble() throws IOException {
        wholeVgg(DataType.DOUBLE, 1e-6);
    }

    private static void wholeVgg(DataType type, double tol) throws IOException {
        JsonNode ref = TestData.json(DIR + "sma_azo_vgg_dvs128.json");
        long[] in = new long[5];
        for (int i = 0; i < 5; i++) {
            in[i] = ref.get("input_shape").get(i).asLong();
        }
        SmaVggTorchNames.Variant v = SmaVggTorchNames.Variant.DVS128;
        ModelOptions o = TorchImport.options("sma-azo-vgg", v).input((int) in[2], (int) in[3], (int) in[4])
                .dataType(type);
        MultiLayerNetwork net = TorchImport.load(TestData.resource(DIR + "sma_azo_vgg_dvs128.pth"), "sma-azo-vgg", v, o);
        // official [T, B, 2, H, W] -> the zoo's input [B, T*2, H, W]
        INDArray x = Nd4j.create(TestData.doubles(ref, "input", DIR), in, 'c').castTo(type).permute(1, 0, 2, 3, 4).dup('c')
                .reshape(in[1], in[0] * in[2], in[3], in[4]);
        List<INDArray> acts = net.feedForward(x, false);
        int last = -1;
        for (int i = 0; i < net.getnLayers(); i++) {
            if (net.getLayer(i).conf().getLayer() instanceof org.deeplearning4j.nn.conf.layers.DenseLayer) {
                last = i;
            }
        }
        INDArray logits = acts.get(last + 1);                     // [T*B, K] per step, as the official [T, B, K]
        double[] want = TestData.doubles(ref, "output", DIR);
        double[] got = logits.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        assertEquals(want.length, got.length);
        double worst = 0;
        for (int i = 0; i < want.length; i++) {
            worst = Math.max(worst, Math.abs(want[i] - got[i]) / (1 + Math.abs(want[i])));
        }
        assertTrue(worst < tol, type + " whole-network per-step output: worst relative difference " + worst);
        double spread = Arrays.stream(want).max().getAsDouble() - Arrays.stream(want).min().getAsDouble();
        assertTrue(spread > 0.1, "the reference output varies");
        int k = (int) logits.size(1);
        assertTrue(want[0] != want[k * (int) in[1] * ((int) in[0] - 1)], "class 0 differs between first and last step");
    }

    @Test
    void refusesMissingExtraAndMisshapenTensorsByName() throws IOException {
        SmaVggTorchNames.Variant v = SmaVggTorchNames.Variant.DVS128;
        ModelOptions o = TorchImport.options("spiking-vgg", v).input(2, 32, 32).widthMultiplier(1.0 / 16);
        ZooConfiguration conf = ModelZoo.build("spiking-vgg", o);
        MultiLayerNetwork net = (MultiLayerNetwork) conf.init();
        List<TorchName> rows = SmaVggTorchNames.of(v, conf);
        Map<String, INDArray> sd = new LinkedHashMap<>();
        for (TorchName r : rows) {
            sd.put(r.torch(), Nd4j.zeros(DataType.FLOAT, r.shape()));
        }
        TorchImport.load(net, sd, rows);
        Map<String, INDArray> missing = new LinkedHashMap<>(sd);
        missing.remove("block3.0.0.weight");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TorchImport.load(net, missing, rows))
                .getMessage().contains("'block3.0.0.weight'"));
        Map<String, INDArray> extra = new LinkedHashMap<>(sd);
        extra.put("block9.0.0.weight", Nd4j.zeros(DataType.FLOAT, 1));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TorchImport.load(net, extra, rows))
                .getMessage().contains("block9.0.0.weight"));
        Map<String, INDArray> shaped = new LinkedHashMap<>(sd);
        shaped.put("others.8.weight", Nd4j.zeros(DataType.FLOAT, 3, 3));
        String msg = assertThrows(IllegalArgumentException.class, () -> TorchImport.load(net, shaped, rows)).getMessage();
        assertTrue(msg.contains("'others.8.weight'") && msg.contains("[3, 3]"), msg);
    }

    @Test
    void refusesPickledCodeByName(@TempDir Path dir) throws IOException {
        // protocol 2: GLOBAL os.system, "echo", TUPLE1, REDUCE, STOP
        byte[] evil = concat(new byte[]{(byte) 0x80, 2}, "cos\nsystem\n".getBytes(StandardCharsets.US_ASCII),
                new byte[]{'X', 4, 0, 0, 0}, "echo".getBytes(StandardCharsets.US_ASCII), new byte[]{(byte) 0x85, 'R', '.'});
        Path f = dir.resolve("evil.pth");
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("evil/data.pkl"));
            z.write(evil);
            z.closeEntry();
        }
        String msg = assertThrows(IOException.class, () -> TorchStateDict.read(f)).getMessage();
        assertTrue(msg.contains("'os.system'") && msg.contains("at byte 2"), msg);
        Path notZip = dir.resolve("legacy.pth");
        Files.write(notZip, new byte[]{(byte) 0x80, 2, 'N', '.'});
        assertTrue(assertThrows(IOException.class, () -> TorchStateDict.read(notZip)).getMessage().contains("zip"));
    }

    private static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
