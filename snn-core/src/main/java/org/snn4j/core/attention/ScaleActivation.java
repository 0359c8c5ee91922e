package org.snn4j.core.attention;

/** Activation of each SMA encoder branch (the SMA-AZO code's encoder branches). */
public enum ScaleActivation {
    /** Multi-step spiking neuron per scale (the VGG/DVS code: SpikingJelly LIF, tau 2, hard reset, detached). */
    SPIKING,
    /** ReLU per scale (the ImageNet MS-ResNet code; APP Tab.6 reports it equal or slightly better). */
    RELU
}
