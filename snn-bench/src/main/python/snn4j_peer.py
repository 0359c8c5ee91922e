#!/usr/bin/env python3
"""Peer side of the snn4j benchmarks: the same workload in PyTorch, timed one repetition at a time.

Our own benchmark code; it only imports the peers' code (put the source trees on the paths given by
the options, nothing is pip-installed):

  lif          SpikingJelly LIFNode (tau=2, v_th=1, v_reset=0, decay_input, ATan(2), detach_reset,
               multi-step, torch backend) on [T, N, C, H, W]: forward + backward.
  dvsg-train   SpikingJelly's DVSGestureNet (channels 128, LIFNode, ATan, detach_reset): one training
               step (zero_grad, forward, mean over T, MSE to one-hot(11), backward, Adam(1e-3), reset).
  dvsg-infer   the same network, eval() + no_grad forward of one batch.
  sma          the official SMA module (SMA-AZO repository, "SMA VGG/vgg8_dvs128_SMA.py", class SMA,
               AZO off) on [T, N, C, H, W]: forward + backward.
  sma-azo-vgg  the official VGG8 of the same file (SMA-AZO in blocks 2 and 3): one training step at the
               DVS128 recipe (MSE to one-hot(11), AdamW(lr 1e-4, weight decay 1e-3)).
  ma-snn       the official MA-SNN 5-layer net (Attention-SNN repository, MA_SNN/DVSGait/CNN/Networks/
               Att_SNN.py with its Config, attention TCSA): one training step (MSE, Adam(1e-3)).

Protocol (so that the Java side can alternate its own repetitions with ours in one run): after the
set-up the script prints one JSON line {"ready": true, "env": ..., "workload": ...}; then for every
line "rep" read from stdin it runs one repetition and prints one JSON line {"s": seconds, "rss_mib":
..., "peak_rss_mib": ..., "firing": {layer: rate}}; "quit" or end of input stops it. Logs go to stderr.
"""
import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import time


def peak_rss_mib():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def rss_mib():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return float("nan")


def git_commit(path):
    """Commit of the source tree at path (a clone), or the content of a COMMIT file beside it, or None."""
    if path is None:
        return None
    try:
        r = subprocess.run(["git", "-C", path, "rev-parse", "HEAD"], capture_output=True, text=True)
        if r.returncode == 0:
            return r.stdout.strip()
    except OSError:
        pass
    for p in (os.path.join(path, "COMMIT"), os.path.join(os.path.dirname(path.rstrip("/")), "COMMIT")):
        if os.path.isfile(p):
            with open(p) as f:
                return f.read().strip()
    return None


def file_sha1(path):
    import hashlib
    with open(path, "rb") as f:
        return hashlib.sha1(f.read()).hexdigest()


class FiringMonitor:
    """Mean output of every spiking module of the last forward pass, by module name."""

    def __init__(self, net, is_spiking):
        self.rates = {}
        self.enabled = True
        for name, m in net.named_modules():
            if is_spiking(m):
                m.register_forward_hook(self._hook(name or type(m).__name__))

    def _hook(self, name):
        def hook(module, inp, out):
            if self.enabled:
                o = out[0] if isinstance(out, tuple) else out
                self.rates[name] = float(o.detach().float().mean())
        return hook


def sj_is_spiking(m):
    from spikingjelly.activation_based import neuron
    return isinstance(m, neuron.BaseNode)


def poisson_frames(shape, rate, seed):
    import torch
    g = torch.Generator().manual_seed(seed)
    return torch.poisson(torch.full(shape, rate), generator=g)


# ---------------------------------------------------------------------------------------------------
# workloads: each returns (description dict, one-repetition function, firing monitor or None)
# ---------------------------------------------------------------------------------------------------

def w_lif(a):
    import torch
    from spikingjelly.activation_based import functional, neuron, surrogate
    torch.manual_seed(0)
    lif = neuron.LIFNode(tau=2.0, surrogate_function=surrogate.ATan(), detach_reset=True,
                         step_mode="m", backend="torch")
    x = (torch.rand(a.T, a.N, a.C, a.H, a.W) * 2.0).requires_grad_(True)
    g = torch.rand(a.T, a.N, a.C, a.H, a.W)
    mon = FiringMonitor(lif, sj_is_spiking)
    lif.train()

    def rep():
        x.grad = None
        lif(x).backward(g)
        functional.reset_net(lif)
    return {"what": "SpikingJelly LIFNode fwd+bwd", "shape": [a.T, a.N, a.C, a.H, a.W],
            "input": "U(0,2), grad U(0,1)"}, rep, mon


def sj_dvsg():
    import torch
    from spikingjelly.activation_based import functional, neuron, surrogate
    from spikingjelly.activation_based.model import parametric_lif_net
    torch.manual_seed(0)
    net = parametric_lif_net.DVSGestureNet(channels=128, spiking_neuron=neuron.LIFNode,
                                           surrogate_function=surrogate.ATan(), detach_reset=True)
    functional.set_step_mode(net, "m")
    return net


def w_dvsg_train(a):
    import torch
    import torch.nn.functional as F
    from spikingjelly.activation_based import functional
    net = sj_dvsg()
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    x = poisson_frames((a.T, a.N, 2, 128, 128), a.rate, 1)
    y = F.one_hot(torch.randint(0, 11, (a.N,), generator=torch.Generator().manual_seed(2)), 11).float()
    mon = FiringMonitor(net, sj_is_spiking)
    state = {}

    def rep():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(net(x).mean(0), y)
        loss.backward()
        opt.step()
        functional.reset_net(net)
        state["loss"] = float(loss)
    return {"what": "SpikingJelly DVSGestureNet(channels=128) train step", "shape": [a.T, a.N, 2, 128, 128],
            "input": f"Poisson({a.rate}) counts", "params": sum(p.numel() for p in net.parameters())}, rep, mon, state


def w_dvsg_infer(a):
    import torch
    from spikingjelly.activation_based import functional
    net = sj_dvsg()
    net.eval()
    x = poisson_frames((a.T, a.N, 2, 128, 128), a.rate, 1)
    mon = FiringMonitor(net, sj_is_spiking)

    def rep():
        with torch.no_grad():
            net(x).mean(0)
            functional.reset_net(net)
    return {"what": "SpikingJelly DVSGestureNet(channels=128) eval forward", "shape": [a.T, a.N, 2, 128, 128],
            "input": f"Poisson({a.rate}) counts"}, rep, mon


def sma_source(a):
    """The class definitions of the official SMA-VGG script (everything above its module-level model
    construction), run without its data-loading and logging imports."""
    path = os.path.join(a.sma_azo, "SMA VGG", "vgg8_dvs128_SMA.py")
    src = open(path).read()
    src = src[:src.index("Net = VGG8()")]
    keep = []
    for line in src.splitlines():
        s = line.strip()
        if s.startswith(("import torchvision", "from torchvision", "from torch.utils.tensorboard", "from tqdm",
                         "from spikingjelly.datasets", "import torch.distributed", "from torch.nn.parallel")):
            continue
        if s.startswith("from spikingjelly.activation_based import"):
            line = line.replace(", monitor", "")  # its monitor module needs tensorboard; the model does not use it
        keep.append(line)
    ns = {"__name__": "sma_official", "train_flag": 1}
    exec(compile("\n".join(keep), path, "exec"), ns)
    return ns, path


def w_sma(a):
    import torch
    from spikingjelly.activation_based import functional
    ns, path = sma_source(a)
    torch.manual_seed(0)
    # the SMA of block 2 of the released VGG (C_reduction 4, T_reduction 4), without AZO as in our layer
    m = ns["SMA"](channel=a.C, time=a.T, C_reduction=4, T_reduction=4, AZO=False)
    functional.set_step_mode(m, "m")
    m.train()
    x = (torch.rand(a.T, a.N, a.C, a.H, a.W) * 4.0).requires_grad_(True)
    g = torch.rand(a.T, a.N, a.C, a.H, a.W)
    mon = FiringMonitor(m, sj_is_spiking)

    def rep():
        x.grad = None
        m(x).backward(g)
        functional.reset_net(m)
    return {"what": "official SMA(C, T, C_reduction=4, T_reduction=4, AZO=False) fwd+bwd",
            "shape": [a.T, a.N, a.C, a.H, a.W], "input": "U(0,4), grad U(0,1)",
            "source": path, "source_sha1": file_sha1(path)}, rep, mon


def w_sma_azo_vgg(a):
    import torch
    import torch.nn.functional as F
    from spikingjelly.activation_based import functional
    ns, path = sma_source(a)
    torch.manual_seed(0)
    net = ns["VGG8"]()
    functional.set_step_mode(net, step_mode="m")
    net.train()
    opt = torch.optim.AdamW(net.parameters(), lr=1e-4, weight_decay=1e-3)
    x = poisson_frames((a.T, a.N, 2, 128, 128), a.rate, 1)
    y = F.one_hot(torch.randint(0, 11, (a.N,), generator=torch.Generator().manual_seed(2)), 11).float()
    mon = FiringMonitor(net, sj_is_spiking)
    state = {}

    def rep():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(net(x).mean(0), y)
        loss.backward()
        opt.step()
        functional.reset_net(net)
        state["loss"] = float(loss)
    return {"what": "official SMA-AZO VGG8 (DVS128 script) train step", "shape": [a.T, a.N, 2, 128, 128],
            "input": f"Poisson({a.rate}) counts", "source": path, "source_sha1": file_sha1(path),
            "params": sum(p.numel() for p in net.parameters())}, rep, mon, state


def w_ma_snn(a):
    import torch
    import torch.nn.functional as F
    root = os.path.join(a.attention_snn, "MA_SNN")
    sys.path.insert(0, root)
    sys.path.insert(0, os.path.join(root, "DVSGait", "CNN"))
    sys.path.insert(0, os.path.join(root, "DVSGait", "CNN", "Networks"))
    import importlib
    config_mod = importlib.import_module("Config")
    att = importlib.import_module("Att_SNN")
    from module.LIF_Module import AttLIF, ConvAttLIF
    torch.manual_seed(0)
    cfg = config_mod.configs()
    cfg.attention = a.attention
    cfg.T = a.T
    cfg.device = torch.device("cpu")
    cfg.device_ids = None
    att.create_net(cfg)
    net = cfg.model.module if hasattr(cfg.model, "module") else cfg.model
    net.train()
    opt = torch.optim.Adam(net.parameters(), lr=cfg.lr, betas=cfg.betas, eps=cfg.eps)
    x = poisson_frames((a.N, a.T, 2, 128, 128), a.rate, 1)
    y = F.one_hot(torch.randint(0, cfg.target_size, (a.N,), generator=torch.Generator().manual_seed(2)),
                  cfg.target_size).float()
    mon = FiringMonitor(net, lambda m: isinstance(m, (AttLIF, ConvAttLIF)))
    state = {}

    def rep():
        opt.zero_grad(set_to_none=True)
        loss = F.mse_loss(net(x), y)
        loss.backward()
        opt.step()
        state["loss"] = float(loss)
    path = os.path.join(root, "DVSGait", "CNN", "Networks", "Att_SNN.py")
    return {"what": f"official MA-SNN 5-layer net (DVSGait), attention {a.attention}, train step",
            "shape": [a.N, a.T, 2, 128, 128], "input": f"Poisson({a.rate}) counts", "source": path,
            "source_sha1": file_sha1(path), "params": sum(p.numel() for p in net.parameters())}, rep, mon, state


WORKLOADS = {"lif": w_lif, "dvsg-train": w_dvsg_train, "dvsg-infer": w_dvsg_infer, "sma": w_sma,
             "sma-azo-vgg": w_sma_azo_vgg, "ma-snn": w_ma_snn}


def env_info(a):
    import torch
    info = {"python": platform.python_version(), "python_exe": sys.executable, "torch": torch.__version__,
            "torch_threads": torch.get_num_threads(), "mkldnn": torch.backends.mkldnn.is_available()}
    try:
        info["debian_python3_torch"] = subprocess.run(["dpkg-query", "-W", "-f=${Version}", "python3-torch"],
                                                      capture_output=True, text=True).stdout.strip()
    except OSError:
        pass
    for line in torch.__config__.show().splitlines():
        if "CPU capability" in line:
            info["torch_cpu_capability"] = line.split(":", 1)[1].strip()
    if a.spikingjelly:
        import spikingjelly
        info["spikingjelly_path"] = os.path.dirname(spikingjelly.__file__)
        info["spikingjelly_commit"] = git_commit(a.spikingjelly)
    if a.sma_azo:
        info["sma_azo_path"] = a.sma_azo
        info["sma_azo_commit"] = git_commit(a.sma_azo)
    if a.attention_snn:
        info["attention_snn_path"] = a.attention_snn
        info["attention_snn_commit"] = git_commit(a.attention_snn)
        try:
            import einops
            info["einops"] = einops.__version__
        except ImportError:
            pass
    return info


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("workload", choices=sorted(WORKLOADS))
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--T", type=int, default=16)
    ap.add_argument("--N", type=int, default=16)
    ap.add_argument("--C", type=int, default=64)
    ap.add_argument("--H", type=int, default=32)
    ap.add_argument("--W", type=int, default=32)
    ap.add_argument("--rate", type=float, default=0.3, help="Poisson mean of the input event counts")
    ap.add_argument("--attention", default="TCSA")
    ap.add_argument("--spikingjelly", help="folder holding the spikingjelly package (its source tree)")
    ap.add_argument("--sma-azo", help="source tree of YmShan/SMA-AZO")
    ap.add_argument("--attention-snn", help="source tree of BICLab/Attention-SNN")
    ap.add_argument("--extra-path", action="append", default=[],
                    help="another folder for the import path (e.g. one holding einops for MA-SNN)")
    a = ap.parse_args()
    for p in reversed(a.extra_path):
        sys.path.insert(0, p)
    if a.spikingjelly:
        sys.path.insert(0, a.spikingjelly)
    import torch
    torch.set_num_threads(a.threads)
    torch.set_num_interop_threads(1)
    built = WORKLOADS[a.workload](a)
    desc, rep, mon = built[0], built[1], built[2]
    state = built[3] if len(built) > 3 else {}
    desc["threads"] = a.threads
    desc["rss_after_setup_mib"] = rss_mib()
    print(json.dumps({"ready": True, "env": env_info(a), "workload": desc}), flush=True)
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == "quit":
            break
        if cmd != "rep":
            print(json.dumps({"error": f"unknown command {cmd!r}"}), flush=True)
            continue
        t0 = time.perf_counter()
        rep()
        s = time.perf_counter() - t0
        out = {"s": s, "rss_mib": rss_mib(), "peak_rss_mib": peak_rss_mib()}
        if mon is not None:
            out["firing"] = dict(mon.rates)
        if "loss" in state:
            out["loss"] = state["loss"]
        print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
