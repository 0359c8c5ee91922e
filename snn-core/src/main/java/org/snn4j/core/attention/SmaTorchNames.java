package org.snn4j.core.attention;

import org.snn4j.core.torch.TorchLayout;
import org.snn4j.core.torch.TorchName;

import java.util.ArrayList;
import java.util.List;

/**
 * The state-dict names of the released SMA module (class {@code SMA} of the SMA-AZO code) and where each
 * lands in {@link SpikingMultiscaleAttention}'s parameters. Per scale i: {@code S_Convs.i.conv} (conv, to
 * SameDiff's [kH, kW, in, out]) and {@code S_Convs.i.bn}; C-MSE: {@code C_before_attention_conv} (1x1 conv
 * C -> C/CR) and one 1x1 conv per scale {@code C_after_attention_convs.i}, which are the column blocks of
 * our single {@code cmseW2} [C/CR, S*C]; T-MSE likewise with the 1x1x1 Conv3d {@code T_before_attention_conv}
 * and {@code T_after_attention_convs.i}.
 */
public final class SmaTorchNames {
    private SmaTorchNames() {
    }

    /** The rows for one SMA layer (shape set), keys relative to the module. */
    public static List<TorchName> of(SpikingMultiscaleAttention sma) {
        long c = sma.getChannels();
        long t = sma.getTimesteps();
        long ch = sma.channelHidden();
        long th = sma.timeHidden();
        int[] kernels = sma.getKernels();
        List<TorchName> rows = new ArrayList<>();
        for (int i = 0; i < kernels.length; i++) {
            String s = "S_Convs." + i + ".";
            rows.add(new TorchName(s + "conv.weight", new long[]{c, c, kernels[i], kernels[i]}, "conv" + i + "W",
                    TorchLayout.CONV_YXIO, 0));
            rows.add(new TorchName(s + "conv.bias", new long[]{c}, "conv" + i + "b", TorchLayout.SAME, 0));
            rows.add(new TorchName(s + "bn.weight", new long[]{c}, "bn" + i + "Gamma", TorchLayout.SAME, 0));
            rows.add(new TorchName(s + "bn.bias", new long[]{c}, "bn" + i + "Beta", TorchLayout.SAME, 0));
            rows.add(new TorchName(s + "bn.running_mean", new long[]{c}, "bn" + i + "Mean", TorchLayout.SAME, 0));
            rows.add(new TorchName(s + "bn.running_var", new long[]{c}, "bn" + i + "Var", TorchLayout.SAME, 0));
            rows.add(new TorchName(s + "bn.num_batches_tracked", new long[0], null, TorchLayout.SAME, 0));
        }
        rows.add(new TorchName("C_before_attention_conv.weight", new long[]{ch, c, 1, 1}, "cmseW1", TorchLayout.TRANSPOSED, 0));
        rows.add(new TorchName("C_before_attention_conv.bias", new long[]{ch}, "cmseb1", TorchLayout.SAME, 0));
        for (int i = 0; i < kernels.length; i++) {
            rows.add(new TorchName("C_after_attention_convs." + i + ".weight", new long[]{c, ch, 1, 1}, "cmseW2",
                    TorchLayout.TRANSPOSED, i));
            rows.add(new TorchName("C_after_attention_convs." + i + ".bias", new long[]{c}, "cmseb2", TorchLayout.ROW_PART, i));
        }
        rows.add(new TorchName("T_before_attention_conv.weight", new long[]{th, t, 1, 1, 1}, "tmseW1", TorchLayout.TRANSPOSED, 0));
        rows.add(new TorchName("T_before_attention_conv.bias", new long[]{th}, "tmseb1", TorchLayout.SAME, 0));
        for (int i = 0; i < kernels.length; i++) {
            rows.add(new TorchName("T_after_attention_convs." + i + ".weight", new long[]{t, th, 1, 1, 1}, "tmseW2",
                    TorchLayout.TRANSPOSED, i));
            rows.add(new TorchName("T_after_attention_convs." + i + ".bias", new long[]{t}, "tmseb2", TorchLayout.ROW_PART, i));
        }
        return rows;
    }
}
