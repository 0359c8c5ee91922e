package org.snn4j.models.zoo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Parameter counts (PyTorch convention: BN running statistics excluded) against the computed values in
 * the released code of each network (docs/sources.md). Counted from the configurations, so
 * even the 77 M-parameter ResNet is cheap.
 */
class ModelZooParamCountTest {

    private static long count(String name, ModelOptions o) {
        return ModelZoo.build(name, o).trainableParams();
    }

    @Test
    void smallSnnCountsItsLayers() {
        long conv1 = 2 * 16 * 9 + 16 + 2 * 16;
        long conv2 = 16 * 32 * 9 + 32 + 2 * 32;
        long fc = 32 * 8 * 8 * 11 + 11;
        assertEquals(conv1 + conv2 + fc, ModelZoo.build("small-snn").trainableParams());
    }

    /** One SMA by the formula of the SMA-AZO code's SMA module: 4 scales k = 1,3,5,7, CR 4, TR 4. */
    private static long smaParams(long c, long t) {
        long hc = c / 4;
        long ht = t / 4;
        long convs = 0;
        for (long k : new long[]{1, 3, 5, 7}) {
            convs += c * c * k * k + c;
        }
        return convs + 4 * 2 * c + (c * hc + hc) + 4 * (hc * c + c) + (t * ht + ht) + 4 * (ht * t + t);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"small-sma-snn", "small-sma-azo-snn"})
    void smallSmaSnnsAreSmallSnnPlusOneSma(String name) {
        long smallSnn = ModelZoo.build("small-snn").trainableParams();
        assertEquals(87_930L, smaParams(32, 8), "SMA(C=32, T=8) by hand");
        // default: SMA after block 2's conv (32 channels), T 8; AZO adds no parameters
        assertEquals(smallSnn + smaParams(32, 8), ModelZoo.build(name).trainableParams());
        ModelOptions block1 = ModelZoo.get(name).defaults().variant("sma-blocks", "1");
        assertEquals(smallSnn + smaParams(16, 8), count(name, block1));
        // the regression cases' setting: T 4, width x0.5 -> SMA(C=16, T=4) after block 2
        ModelOptions narrow = ModelZoo.get(name).defaults().timesteps(4).widthMultiplier(0.5);
        long plainNarrow = count("small-snn", ModelZoo.get("small-snn").defaults().timesteps(4).widthMultiplier(0.5));
        assertEquals(plainNarrow + smaParams(16, 4), count(name, narrow));
    }

    @Test
    void dvsGestureNetMatchesSpikingJelly() {
        assertEquals(1_698_926L, ModelZoo.build("dvs-gesture-net").trainableParams());
    }

    @ParameterizedTest(name = "{0}x{1}, K={2}")
    @CsvSource({"128,128,11,15461835", "128,128,10,15460810", "180,240,101,15554085"})
    void plainVggMatchesSmaAzoSpec(int h, int w, int k, long expected) {
        ModelOptions o = ModelZoo.get("spiking-vgg").defaults().input(2, h, w).classes(k);
        assertEquals(expected, count("spiking-vgg", o));
    }

    @ParameterizedTest(name = "{0}x{1}, K={2}, T={3}")
    @CsvSource({"128,128,11,16,22452531", "128,128,10,10,22451014", "180,240,101,14,22544543"})
    void smaVggMatchesSmaAzoSpec(int h, int w, int k, int t, long expected) {
        // T matters: the temporal excitation is dense over T (DVS128 16, CIFAR10-DVS 10, N-Caltech101 14).
        ModelOptions o = ModelZoo.get("sma-vgg").defaults().input(2, h, w).classes(k).timesteps(t);
        assertEquals(expected, count("sma-vgg", o));
    }

    @Test
    void msResNet18And34MatchTheComputedCounts() {
        // the MA-SNN code gives the exact base counts; the SMA-AZO paper rounds them to 11.69 M / 21.80 M.
        assertEquals(11_693_736L, ModelZoo.build("ms-resnet-18").trainableParams());
        assertEquals(21_801_896L, ModelZoo.build("ms-resnet-34").trainableParams());
    }

    @Test
    void msResNet104WithTheMaSnnStemMatchesMaSnnSpec() {
        ModelOptions o = ModelZoo.get("ms-resnet-104").defaults().variant("stem", "7x7");
        assertEquals(77_284_264L, count("ms-resnet-104", o));
    }

    @Test
    void msResNet104WithThreeConvStemIs77_35M() {
        // The SMA-AZO code's R104 replaces the 7x7 stem (3*64*49 weights + 128 BN) by three 3x3 convs with
        // bias (3*64*9+64 + 2*(64*64*9+64)) before the same BN; shortcut pooling adds no parameters.
        long repoCount = 77_284_264L;
        long stem7x7 = 3L * 64 * 49;
        long stem3conv = (3L * 64 * 9 + 64) + 2 * (64L * 64 * 9 + 64);
        long expected = repoCount - stem7x7 + stem3conv;
        assertEquals(77_350_504L, expected);
        assertEquals(expected, ModelZoo.build("ms-resnet-104").trainableParams());
        assertEquals(77.35e6, expected, 0.005e6, "the SMA-AZO paper quotes 77.35 M");
    }

    @Test
    void maSnnNetsMatchMaSnnSpec() {
        assertEquals(2_324_065L, ModelZoo.build("ma-snn-3layer").trainableParams());
        assertEquals(2_100_767L, ModelZoo.build("ma-snn-5layer").trainableParams());
    }
}
