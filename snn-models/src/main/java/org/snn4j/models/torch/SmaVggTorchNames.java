package org.snn4j.models.torch;

import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.snn4j.core.attention.SmaTorchNames;
import org.snn4j.core.attention.SpikingMultiscaleAttention;
import org.snn4j.core.torch.TorchLayout;
import org.snn4j.core.torch.TorchName;
import org.snn4j.models.zoo.ZooConfiguration;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The name table of the released {@code VGG8} (SMA-AZO code, {@code SMA VGG/vgg8_*_SMA.py}) onto the zoo's
 * {@code spiking-vgg}, {@code sma-vgg} and {@code sma-azo-vgg}. Per block b = 1..5 the official sequential
 * {@code block<b>} holds {@code SeqToANNContainer(Conv2d)} at index 0, then the SMA (blocks 2, 3) at index 1,
 * then {@code SeqToANNContainer(BatchNorm2d)}; the N-Caltech101 script puts conv and BN of block 1 in one
 * container ({@code block1.0.0}, {@code block1.0.1}). The classifier {@code others} has Linear layers at
 * indices 2, 5 and 8. DL4J keeps conv weights as PyTorch does, dense weights transposed, and BN's running
 * variance as log10 of the standard deviation ({@link TorchLayout}); SMA rows come from {@link SmaTorchNames}.
 */
public final class SmaVggTorchNames {
    private static final int[] LINEAR_INDEX = {2, 5, 8};

    private SmaVggTorchNames() {
    }

    /** The released training scripts' settings: T, classes, AZO's RCR (RTR is 4 in all three). */
    public enum Variant {
        DVS128(16, 11, 10), CIFAR10DVS(10, 10, 4), NCALTECH101(14, 101, 24);

        public final int timesteps;
        public final int classes;
        public final int rcr;

        Variant(int timesteps, int classes, int rcr) {
            this.timesteps = timesteps;
            this.classes = classes;
            this.rcr = rcr;
        }

        /** "dvs128", "cifar10dvs", "ncaltech101" (case and '-'/'_' ignored); the error lists the valid names. */
        public static Variant parse(String s) {
            String k = s.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
            for (Variant v : values()) {
                if (v.key().equals(k)) {
                    return v;
                }
            }
            throw new IllegalArgumentException("unknown variant '" + s + "'; valid: dvs128, cifar10dvs, ncaltech101");
        }

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The rows for a built zoo VGG (sequential; parameter keys "index_param"), official keys in full. */
    public static List<TorchName> of(Variant variant, ZooConfiguration conf) {
        List<TorchName> rows = new ArrayList<>();
        int block = 0;
        int linear = 0;
        boolean smaInBlock = false;
        for (Map.Entry<String, Layer> e : conf.layers().entrySet()) {
            String p = e.getKey() + "_";
            Layer l = e.getValue();
            if (l instanceof ConvolutionLayer) {
                ConvolutionLayer c = (ConvolutionLayer) l;
                block++;
                smaInBlock = false;
                if (block > 5) {
                    throw new IllegalArgumentException(conf.name() + " has more than 5 conv blocks; not an SMA-VGG");
                }
                String pre = "block" + block + ".0.";
                long[] k = c.getKernelSize() == null ? new long[]{3, 3} : new long[]{c.getKernelSize()[0], c.getKernelSize()[1]};
                rows.add(new TorchName(pre + "0.weight", new long[]{c.getNOut(), c.getNIn(), k[0], k[1]}, p + "W", TorchLayout.SAME, 0));
                rows.add(new TorchName(pre + "0.bias", new long[]{c.getNOut()}, p + "b", TorchLayout.SAME, 0));
            } else if (l instanceof SpikingMultiscaleAttention) {
                smaInBlock = true;
                for (TorchName r : SmaTorchNames.of((SpikingMultiscaleAttention) l)) {
                    rows.add(r.prefixed("block" + block + ".1.", p));
                }
            } else if (l instanceof BatchNormalization) {
                BatchNormalization bn = (BatchNormalization) l;
                String pre = variant == Variant.NCALTECH101 && block == 1 ? "block1.0.1."
                        : "block" + block + "." + (smaInBlock ? 2 : 1) + ".0.";
                long n = bn.getNOut();
                rows.add(new TorchName(pre + "weight", new long[]{n}, p + "gamma", TorchLayout.SAME, 0));
                rows.add(new TorchName(pre + "bias", new long[]{n}, p + "beta", TorchLayout.SAME, 0));
                rows.add(new TorchName(pre + "running_mean", new long[]{n}, p + "mean", TorchLayout.SAME, 0));
                rows.add(bn.isUseLogStd()
                        ? new TorchName(pre + "running_var", new long[]{n}, p + "log10stdev", TorchLayout.LOG10_STD, 0)
                        : new TorchName(pre + "running_var", new long[]{n}, p + "var", TorchLayout.SAME, 0));
                rows.add(new TorchName(pre + "num_batches_tracked", new long[0], null, TorchLayout.SAME, 0));
            } else if (l instanceof DenseLayer) {
                DenseLayer d = (DenseLayer) l;
                if (linear >= LINEAR_INDEX.length) {
                    throw new IllegalArgumentException(conf.name() + " has more than 3 dense layers; not an SMA-VGG");
                }
                String pre = "others." + LINEAR_INDEX[linear++] + ".";
                rows.add(new TorchName(pre + "weight", new long[]{d.getNOut(), d.getNIn()}, p + "W", TorchLayout.TRANSPOSED, 0));
                rows.add(new TorchName(pre + "bias", new long[]{d.getNOut()}, p + "b", TorchLayout.SAME, 0));
            }
        }
        return rows;
    }
}
