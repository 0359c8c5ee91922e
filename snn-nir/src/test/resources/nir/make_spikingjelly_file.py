"""Writes spikingjelly-cnn.nir with SpikingJelly's own NIR exporter and spikingjelly-cnn-reference.h5 with
SpikingJelly's own outputs, for NirPeerFileTest.

The network (random weights, seeded): Conv2d(2->4, 3x3, padding 1) -> LIFNode(tau 2, decay_input, hard
reset to 0) -> AvgPool2d(2) -> Flatten -> Linear(64->5) -> IFNode(v_threshold 1, hard reset to 0), exported
with spikingjelly.activation_based.nir_exchange.export_to_nir at dt = 1e-3; the reference holds a spike
input [T, N, C, H, W] and the spikes of both neuron layers as SpikingJelly computes them step by step.

Run (from this folder) with the SpikingJelly source tree at the commit that added NIR support (8fdf1ff5,
the last that runs on Debian's python3-torch 1.13), the NIRTorch and NIR source trees, and Debian's
python3-torch, python3-h5py, python3-numpy, python3-packaging:
  PYTHONPATH=/path/to/spikingjelly:/path/to/NIRTorch:/path/to/NIR /usr/bin/python3 make_spikingjelly_file.py
"""
import h5py
import numpy as np
import torch
import torch.nn as nn

import nir
from spikingjelly.activation_based import functional, layer, neuron
from spikingjelly.activation_based.nir_exchange import export_to_nir

DT = 1e-3
T, N, C, H, W = 6, 3, 2, 8, 8
torch.manual_seed(20261203)

net = nn.Sequential(
    layer.Conv2d(C, 4, 3, padding=1, bias=True),
    neuron.LIFNode(tau=2.0, decay_input=True, v_threshold=1.0, v_reset=0.0),
    layer.AvgPool2d(2, 2),
    layer.Flatten(),
    layer.Linear(4 * 4 * 4, 5, bias=True),
    neuron.IFNode(v_threshold=1.0, v_reset=0.0),
)
with torch.no_grad():
    net[0].weight.mul_(3.0)
    net[0].bias.add_(0.9)
    net[4].weight.mul_(3.0)
    net[4].bias.add_(0.2)
net.eval()

nir.version = "1.0.x source"  # the source tree is not an installed package: nir.write records this
x = (torch.rand(T, N, C, H, W) < 0.35).float()
export_to_nir(net, x[0], "spikingjelly-cnn.nir", dt=DT)

functional.reset_net(net)
lif_spikes, out = [], []
with torch.no_grad():
    for t in range(T):
        h = net[0](x[t])
        s1 = net[1](h)
        y = net[5](net[4](net[3](net[2](s1))))
        lif_spikes.append(s1.numpy())
        out.append(y.numpy())
lif_spikes = np.stack(lif_spikes).astype(np.float32)
out = np.stack(out).astype(np.float32)
with h5py.File("spikingjelly-cnn-reference.h5", "w") as f:
    f.create_dataset("input", data=x.numpy())
    f.create_dataset("lif_spikes", data=lif_spikes)
    f.create_dataset("output_spikes", data=out)
    f.create_dataset("dt", data=DT)
print("LIF spike rate %.3f, output spike rate %.3f" % (lif_spikes.mean(), out.mean()))
