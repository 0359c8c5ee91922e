package org.snn4j.cli;

import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snn4j.models.torch.SmaVggTorchNames;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.snn4j.core.torch.TorchName;
import org.snn4j.models.info.ParamCount;
import org.snn4j.models.torch.TorchImport;
import org.snn4j.models.torch.TorchStateDict;
import org.snn4j.models.zoo.ModelZoo;
import org.snn4j.models.zoo.ZooConfiguration;
import org.snn4j.train.run.RunRecord;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code snn import-torch} on the state dict the released SMA-AZO code's VGG8 (DVS128 script) saved
 * (snn-models' reference/official files): the written model holds exactly the parameters the library call
 * loads (whose forward equals the official one, TorchImportTest), and bad calls end in one line.
 */
class ImportTorchCommandTest {
    @TempDir
    static Path dir;
    private static Path pth;

    @BeforeAll
    static void copyStateDict() throws IOException {
        pth = dir.resolve("official.pth");
        try (InputStream in = ImportTorchCommandTest.class.getClassLoader()
                .getResourceAsStream("reference/official/sma_azo_vgg_dvs128.pth")) {
            Files.copy(in, pth);
        }
    }

    @Test
    void writesTheImportedNetwork() throws IOException {
        Path out = dir.resolve("imported.zip");
        CliRunner r = CliRunner.run("import-torch", pth.toString(), "--model", "sma-azo-vgg", "--variant", "dvs128",
                "--input", "2,32,32", "--out", out.toString());
        assertEquals(0, r.exitCode, r.err);
        assertTrue(r.out.contains("T=16, 11 classes"), r.out);
        MultiLayerNetwork saved = (MultiLayerNetwork) RunRecord.loadModel(out);
        // every official tensor, read back from the saved model through the name table, is the file's tensor
        Map<String, INDArray> sd = TorchStateDict.read(pth).tensors();
        ZooConfiguration conf = ModelZoo.build("sma-azo-vgg",
                TorchImport.options("sma-azo-vgg", SmaVggTorchNames.Variant.DVS128).input(2, 32, 32));
        int compared = 0;
        for (TorchName row : SmaVggTorchNames.of(SmaVggTorchNames.Variant.DVS128, conf)) {
            if (row.param() != null) {
                INDArray want = sd.get(row.torch()).castTo(DataType.DOUBLE);
                INDArray got = row.layout().read(saved.getParam(row.param()).castTo(DataType.DOUBLE), row.shape(), row.part());
                double d = want.sub(got).amaxNumber().doubleValue() / (1 + want.amaxNumber().doubleValue());
                assertTrue(d < (row.layout() == org.snn4j.core.torch.TorchLayout.LOG10_STD ? 1e-5 : 1e-300),
                        row.torch() + ": " + d);
                compared++;
            }
        }
        assertEquals(sd.keySet().stream().filter(k -> !k.endsWith("num_batches_tracked")).count(), compared,
                "every tensor but num_batches_tracked compared");
        assertEquals(conf.trainableParams(), ParamCount.trainable(saved));
        CliRunner again = CliRunner.run("import-torch", pth.toString(), "--model", "sma-azo-vgg", "--input", "2,32,32",
                "--out", out.toString());
        assertEquals(1, again.exitCode);
        assertTrue(again.firstErrLine().contains("already exists"), again.err);
    }

    @Test
    void badCallsEndInOneLine() {
        CliRunner variant = CliRunner.run("import-torch", pth.toString(), "--model", "sma-azo-vgg", "--variant", "imagenet",
                "--out", dir.resolve("x.zip").toString());
        assertEquals(2, variant.exitCode);
        assertTrue(variant.err.contains("dvs128, cifar10dvs, ncaltech101"), variant.err);
        CliRunner model = CliRunner.run("import-torch", pth.toString(), "--model", "ms-resnet-18", "--out",
                dir.resolve("x.zip").toString());
        assertEquals(2, model.exitCode);
        // the DVS128 weights (T 16) into the CIFAR10-DVS network (T 10): refused by tensor name and shape
        CliRunner wrong = CliRunner.run("import-torch", pth.toString(), "--model", "sma-azo-vgg", "--variant", "cifar10dvs",
                "--input", "2,32,32", "--out", dir.resolve("y.zip").toString());
        assertEquals(1, wrong.exitCode);
        assertTrue(wrong.firstErrLine().contains("'block2.1.T_before_attention_conv.weight' has shape [4, 16, 1, 1, 1]"), wrong.err);
        assertEquals(1, wrong.err.strip().lines().count(), wrong.err);
        assertTrue(!Files.exists(dir.resolve("y.zip")));
    }
}
