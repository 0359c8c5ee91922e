"""Writes the NIR file and reference outputs that NirPeerFileTest imports and checks.

peer-cnn.nir is written by the NIR reference package's own writer (nir.write: h5py, gzip-compressed
float32 arrays), for a small conv SNN in the form other frameworks export: Conv2d -> LIF (r = tau/dt, as
snnTorch's Leaky and SpikingJelly's LIF without decay_input) -> AvgPool2d -> Flatten -> Affine -> IF (r = 2/dt,
an input gain of 2) -> Output. peer-cnn-reference.h5 holds a spike input and the output spikes of an
independent PyTorch simulation of NIR's documented neuron equations, stepped with forward Euler at dt:
  LIF: v += dt/tau * ((v_leak - v) + r*I); IF: v += dt * r * I; spike where v > v_threshold, then v = v_reset.

Run (from this folder), with the NIR source tree (github.com/neuromorphs/NIR) and Debian's
python3-h5py, python3-numpy and python3-torch:
  PYTHONPATH=/path/to/NIR /usr/bin/python3 make_peer_files.py /path/to/NIR
(the optional argument, a git checkout of NIR, puts its commit into the file's version string)
"""
import subprocess
import sys

import h5py
import numpy as np
import torch
import torch.nn.functional as F

import nir

DT = 1e-3
T, N = 6, 3
C, H, W = 2, 8, 8
rng = np.random.default_rng(20261203)


def f32(a):
    return np.asarray(a, dtype=np.float32)


conv_w = f32(rng.uniform(-0.6, 0.6, size=(4, C, 3, 3)))
conv_b = f32(rng.uniform(0.0, 0.3, size=(4,)))
lif_shape = (4, H, W)
tau = 5e-3
lif = nir.LIF(tau=np.full(lif_shape, tau, np.float32), r=np.full(lif_shape, tau / DT, np.float32),
              v_leak=np.zeros(lif_shape, np.float32), v_threshold=np.ones(lif_shape, np.float32),
              v_reset=np.zeros(lif_shape, np.float32))
fc_w = f32(rng.uniform(-0.5, 0.5, size=(5, 4 * 4 * 4)))
fc_b = f32(rng.uniform(0.0, 0.2, size=(5,)))
if_node = nir.IF(r=np.full((5,), 2 / DT, np.float32), v_threshold=np.ones((5,), np.float32),
                 v_reset=np.zeros((5,), np.float32))
nodes = {
    "input": nir.Input(input_type=np.array([C, H, W])),
    "conv": nir.Conv2d(input_shape=(H, W), weight=conv_w, stride=1, padding=1, dilation=1, groups=1, bias=conv_b),
    "lif": lif,
    "pool": nir.AvgPool2d(kernel_size=np.array([2, 2]), stride=np.array([2, 2]), padding=np.array([0, 0])),
    "flat": nir.Flatten(input_type={"input": np.array([4, 4, 4])}, start_dim=0, end_dim=-1),
    "fc": nir.Affine(weight=fc_w, bias=fc_b),
    "if": if_node,
    "output": nir.Output(output_type=np.array([5])),
}
edges = [("input", "conv"), ("conv", "lif"), ("lif", "pool"), ("pool", "flat"), ("flat", "fc"), ("fc", "if"),
         ("if", "output")]
graph = nir.NIRGraph(nodes=nodes, edges=edges)

# the source tree is not an installed package: nir.write needs the version it records
commit = subprocess.run(["git", "-C", sys.argv[1], "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip() \
    if len(sys.argv) > 1 else ""
nir.version = "1.0.x source " + (commit or "tree")
nir.write("peer-cnn.nir", graph)

# --- reference simulation (PyTorch, float32) ---
x = (rng.uniform(size=(T, N, C, H, W)) < 0.35).astype(np.float32)
g = nir.read("peer-cnn.nir")  # what the file holds, read back by the package
cw = torch.from_numpy(np.asarray(g.nodes["conv"].weight))
cb = torch.from_numpy(np.asarray(g.nodes["conv"].bias))
fw = torch.from_numpy(np.asarray(g.nodes["fc"].weight))
fb = torch.from_numpy(np.asarray(g.nodes["fc"].bias))
L = g.nodes["lif"]
I_ = g.nodes["if"]
v1 = torch.from_numpy(np.asarray(L.v_reset)).unsqueeze(0).repeat(N, 1, 1, 1)
v2 = torch.from_numpy(np.asarray(I_.v_reset)).unsqueeze(0).repeat(N, 1)
out = []
lif_spikes = []
for t in range(T):
    i1 = F.conv2d(torch.from_numpy(x[t]), cw, cb, stride=1, padding=1)
    v1 = v1 + DT / torch.from_numpy(L.tau) * ((torch.from_numpy(L.v_leak) - v1) + torch.from_numpy(L.r) * i1)
    s1 = (v1 > torch.from_numpy(L.v_threshold)).float()
    v1 = torch.where(s1 > 0, torch.from_numpy(L.v_reset).expand_as(v1), v1)
    lif_spikes.append(s1.numpy())
    p = F.avg_pool2d(s1, 2, 2)
    i2 = F.linear(p.flatten(1), fw, fb)
    v2 = v2 + DT * torch.from_numpy(I_.r) * i2
    s2 = (v2 > torch.from_numpy(I_.v_threshold)).float()
    v2 = torch.where(s2 > 0, torch.from_numpy(I_.v_reset).expand_as(v2), v2)
    out.append(s2.numpy())
out = np.stack(out)
lif_spikes = np.stack(lif_spikes)
with h5py.File("peer-cnn-reference.h5", "w") as f:
    f.create_dataset("input", data=x)                # [T, N, C, H, W]
    f.create_dataset("lif_spikes", data=lif_spikes)  # [T, N, 4, H, W]
    f.create_dataset("output_spikes", data=out)      # [T, N, 5]
    f.create_dataset("dt", data=DT)
print("LIF spike rate %.3f, output spike rate %.3f" % (lif_spikes.mean(), out.mean()))
