#!/usr/bin/env python3
"""Reference vectors from the papers' official code (SMA-AZO: YmShan/SMA-AZO; MA-SNN: BICLab/Attention-SNN; MIT).

Builds the released SMA module, one SMA-VGG block and the whole SMA-AZO-VGG8 from the official scripts
(the class definitions only: the scripts' top level trains on CUDA), in float64 on CPU with SpikingJelly's
torch backend, and writes JSON files in the layout of snn-core's SpikingJelly references plus small
``torch.save`` state dicts for the importer tests.

Usage (Debian python with python3-torch, SpikingJelly at commit 2941330 on PYTHONPATH):

    PYTHONPATH=/path/to/spikingjelly /usr/bin/python3 bench/peers/make_official_reference.py \
        --sma-azo /path/to/SMA-AZO --attention-snn /path/to/Attention-SNN \
        --out-core snn-core/src/test/resources/reference/official \
        --out-models snn-models/src/test/resources/reference/official

Without a git checkout, name the commits with SMA_AZO_COMMIT, ATT_SNN_COMMIT and SJ_COMMIT (environment).
"""
import argparse
import ast
import io
import json
import os
import subprocess
import sys
import zipfile
from collections import OrderedDict

import torch
import torch.nn as nn

VARIANTS = {"dvs128": "vgg8_dvs128_SMA.py", "cifar10dvs": "vgg8_cifar10dvs_SMA.py",
            "ncaltech101": "vgg8_NCaltech101_SMA.py"}


def load_official(path):
    """Executes only the imports the classes need and the class definitions of an official script."""
    from spikingjelly.activation_based import neuron, layer, surrogate, functional
    with open(path, encoding="utf-8") as f:
        tree = ast.parse(f.read(), path)
    classes = [n for n in tree.body if isinstance(n, ast.ClassDef)]
    ns = {"torch": torch, "nn": nn, "neuron": neuron, "layer": layer, "surrogate": surrogate,
          "functional": functional, "OrderedDict": OrderedDict, "F": torch.nn.functional, "train_flag": 1}
    exec(compile(ast.Module(body=classes, type_ignores=[]), path, "exec"), ns)
    return ns


def git_head(repo):
    try:
        return subprocess.check_output(["git", "-C", repo, "rev-parse", "HEAD"], text=True, stderr=subprocess.DEVNULL).strip()
    except Exception:
        return os.environ.get("SMA_AZO_COMMIT", "unknown")


def flat(t):
    return [float(v) for v in t.detach().reshape(-1).tolist()]


def state(module):
    return OrderedDict((k, {"shape": list(v.shape), "values": flat(v)}) for k, v in module.state_dict().items()
                       if v.dtype.is_floating_point)


def seeded_params(module, seed):
    """Default PyTorch init under a seed, then BN affine and running statistics made non-trivial."""
    torch.manual_seed(seed)
    for m in module.modules():
        if isinstance(m, nn.modules.batchnorm._BatchNorm):
            with torch.no_grad():
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.3, 0.3)
                m.running_mean.uniform_(-0.2, 0.2)
                m.running_var.uniform_(0.5, 1.5)


def forward_backward(module, x, seed, functional):
    functional.reset_net(module)
    before = state(module)
    x = x.clone().requires_grad_(True)
    out = module(x)
    g = torch.Generator().manual_seed(seed + 1)
    w = torch.randn(out.shape, generator=g, dtype=torch.float64)
    loss = (out * w).sum()
    module.zero_grad()
    loss.backward()
    grads = OrderedDict((k, flat(p.grad)) for k, p in module.named_parameters())
    return {"input_shape": list(x.shape), "input": flat(x), "output_shape": list(out.shape), "output": flat(out),
            "w_loss": flat(w), "loss": float(loss), "grad_input": flat(x.grad), "grads": grads,
            "state_before": before, "state_after": state(module)}


def write_json(path, obj):
    with open(path, "w", encoding="utf-8") as f:
        json.dump(obj, f, separators=(",", ":"))
    print("wrote", path, os.path.getsize(path), "bytes")


def save_state_dict(module, path, deflate=False):
    """torch.save of the state dict (float32, as published checkpoints); optionally re-zipped with deflate."""
    sd = OrderedDict((k, v.detach().float() if v.dtype.is_floating_point else v)
                     for k, v in module.state_dict().items())
    buf = io.BytesIO()
    torch.save(sd, buf)
    data = buf.getvalue()
    if deflate:
        src = zipfile.ZipFile(io.BytesIO(data))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as dst:
            for info in src.infolist():
                dst.writestr(info.filename, src.read(info.filename))
        data = out.getvalue()
    with open(path, "wb") as f:
        f.write(data)
    back = torch.load(path)
    assert list(back.keys()) == list(sd.keys())
    print("wrote", path, len(data), "bytes")


def sma_case(ns, source, name, t, b, c, hw, azo, rtr, rcr, seed, require_t0):
    """The released SMA alone; with AZO, seeds are tried from `seed` until the selection includes t = 0."""
    functional = ns["functional"]
    for s in range(seed, seed + 200):
        torch.manual_seed(s)
        sma = ns["SMA"](channel=c, time=t, C_reduction=4, T_reduction=4, AZO=azo, RCR=rcr, RTR=rtr).double()
        functional.set_step_mode(sma, "m")
        seeded_params(sma, s)
        g = torch.Generator().manual_seed(s)
        x = torch.randn(t, b, c, hw, hw, generator=g, dtype=torch.float64) * 1.5 + 0.5
        selection = None
        if azo:
            selection = azo_selection(sma, x, functional)
            selection = {"steps": selection[0], "channels": selection[1]}
            has_t0 = any(0 in steps for steps in selection["steps"])
            all_t0_only = any(all(v == 0 for v in steps) for steps in selection["steps"])
            if all_t0_only or (require_t0 and not has_t0):
                continue
        sma.train()
        ns["train_flag"] = 1
        r = forward_backward(sma, x, s, functional)
        settings = {"channel": c, "time": t, "kernels": [1, 3, 5, 7], "C_reduction": 4, "T_reduction": 4,
                    "AZO": azo, "RCR": rcr, "RTR": rtr, "train_flag": 1, "mode": "train", "seed": s,
                    "input": "randn * 1.5 + 0.5", "loss": "sum(output * w_loss)", "dtype": "float64"}
        obj = {"source": dict(source, cls="SMA"), "settings": settings}
        if selection is not None:
            obj["azo_selection"] = selection
        obj.update(r)
        return obj, sma
    raise RuntimeError("no seed gave the wanted AZO selection for " + name)


def einops_stub():
    """The two rearrange patterns MA-SNN's Attention.py uses (einops is not packaged in Debian bookworm)."""
    import types
    m = types.ModuleType("einops")

    def rearrange(x, pattern, **kw):
        if pattern == "b f c h w -> b c f h w" or pattern == "b c f h w -> b f c h w":
            return x.permute(0, 2, 1, 3, 4)
        if pattern == "b f c h w -> b (f c) h w":
            return x.reshape(x.shape[0], x.shape[1] * x.shape[2], x.shape[3], x.shape[4])
        raise NotImplementedError("einops stub: pattern " + pattern)

    m.rearrange = rearrange
    m.repeat = None
    sys.modules["einops"] = m


def ma_case(attention_snn, out_dir):
    """MA-SNN's TCSA (MA_SNN/module/Attention.py), input [B, T, C, H, W] as the released code, training."""
    einops_stub()
    sys.path.insert(0, os.path.join(attention_snn, "MA_SNN"))
    from module.Attention import TCSA
    t, b, c, hw, c_ratio, t_ratio = 8, 2, 8, 5, 4, 2
    seed = 500
    torch.manual_seed(seed)
    m = TCSA(t, c, c_ratio=c_ratio, t_ratio=t_ratio).double()
    g = torch.Generator().manual_seed(seed)
    x = torch.randn(b, t, c, hw, hw, generator=g, dtype=torch.float64)
    x = x.clone().requires_grad_(True)
    out = m(x * 1.0)
    w = torch.randn(out.shape, generator=torch.Generator().manual_seed(seed + 1), dtype=torch.float64)
    loss = (out * w).sum()
    loss.backward()
    obj = {"source": {"repo": "BICLab/Attention-SNN", "commit": os.environ.get("ATT_SNN_COMMIT", "unknown"),
                      "license": "MIT", "file": "MA_SNN/module/Attention.py", "cls": "TCSA", "torch": torch.__version__},
           "settings": {"timeWindows": t, "channels": c, "c_ratio": c_ratio, "t_ratio": t_ratio,
                        "spatial_kernel": 3, "seed": seed, "layout": "[B, T, C, H, W] (batch first)",
                        "input": "randn", "loss": "sum(output * w_loss)", "dtype": "float64"},
           "input_shape": list(x.shape), "input": flat(x), "output_shape": list(out.shape), "output": flat(out),
           "w_loss": flat(w), "loss": float(loss), "grad_input": flat(x.grad),
           "grads": OrderedDict((k, flat(p.grad)) for k, p in m.named_parameters()),
           "state_before": state(m)}
    write_json(os.path.join(out_dir, "ma_tcsa.json"), obj)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sma-azo", required=True)
    ap.add_argument("--out-core", required=True)
    ap.add_argument("--out-models", required=True)
    ap.add_argument("--attention-snn", help="checkout of BICLab/Attention-SNN (MA-SNN TCSA reference)")
    ap.add_argument("--only-ma", action="store_true", help="write only the MA-SNN file")
    args = ap.parse_args()
    torch.set_default_dtype(torch.float64)
    import spikingjelly
    sj_dir = os.path.dirname(os.path.dirname(os.path.abspath(spikingjelly.__file__)))
    commit = git_head(args.sma_azo)
    os.makedirs(args.out_core, exist_ok=True)
    os.makedirs(args.out_models, exist_ok=True)
    base = {"repo": "YmShan/SMA-AZO", "commit": commit, "license": "MIT",
            "spikingjelly": "fangwei123456/spikingjelly@" + os.environ.get("SJ_COMMIT", "2941330"),
            "torch": torch.__version__, "backend": "torch (CPU)"}
    if args.attention_snn:
        ma_case(args.attention_snn, args.out_core)
    if args.only_ma:
        return
    ns = load_official(os.path.join(args.sma_azo, "SMA VGG", VARIANTS["dvs128"]))
    src = dict(base, file="SMA VGG/" + VARIANTS["dvs128"])

    # SMA alone: without AZO, and AZO with two RTR/RCR settings whose selections include t = 0.
    cases = [("sma_plain.json", 8, 2, 8, 5, False, 4, 4, 100, False),
             ("sma_azo_rtr4_rcr2.json", 8, 2, 8, 5, True, 4, 2, 200, True),
             ("sma_azo_rtr2_rcr4.json", 8, 2, 8, 4, True, 2, 4, 300, True)]
    for fname, t, b, c, hw, azo, rtr, rcr, seed, t0 in cases:
        obj, sma = sma_case(ns, src, fname, t, b, c, hw, azo, rtr, rcr, seed, t0)
        write_json(os.path.join(args.out_core, fname), obj)
        if fname == "sma_azo_rtr4_rcr2.json":
            # the same module's starting weights as a torch.save state dict, for the reader tests
            sma2, _ = None, None
            torch.manual_seed(obj["settings"]["seed"])
            sma2 = ns["SMA"](channel=c, time=t, C_reduction=4, T_reduction=4, AZO=azo, RCR=rcr, RTR=rtr).double()
            seeded_params(sma2, obj["settings"]["seed"])
            save_state_dict(sma2, os.path.join(args.out_models, "sma_azo_rtr4_rcr2.pth"))

    # One VGG8 block with SMA as in the released block2, at small widths: Conv-SMA-BN-LIF-MaxPool.
    neuron, layer, surrogate, functional = ns["neuron"], ns["layer"], ns["surrogate"], ns["functional"]
    t, b, cin, c, hw = 8, 2, 3, 8, 6
    s = 400
    while True:
        torch.manual_seed(s)
        block = nn.Sequential(
            layer.SeqToANNContainer(nn.Conv2d(cin, c, kernel_size=3, stride=1, padding=1)),
            ns["SMA"](channel=c, C_reduction=4, time=t, T_reduction=4, AZO=True, RCR=2, RTR=4),
            layer.SeqToANNContainer(nn.BatchNorm2d(c)),
            neuron.LIFNode(v_threshold=1.0, v_reset=0.0, detach_reset=True, tau=2.0,
                           surrogate_function=surrogate.ATan()),
            layer.SeqToANNContainer(nn.MaxPool2d(kernel_size=2, stride=2, padding=0, dilation=1, ceil_mode=False)),
        ).double()
        functional.set_step_mode(block, "m")
        seeded_params(block, s)
        g = torch.Generator().manual_seed(s)
        x = (torch.rand(t, b, cin, hw, hw, generator=g, dtype=torch.float64) < 0.3).double()
        sel, _ = azo_selection(block, x, functional)
        if not any(all(v == 0 for v in st) for st in sel):
            break
        s += 1
    block.train()
    ns["train_flag"] = 1
    r = forward_backward(block, x, s, functional)
    obj = {"source": dict(src, cls="block2 layout (SeqToANNContainer(Conv2d), SMA, SeqToANNContainer(BatchNorm2d), "
                                    "LIFNode, SeqToANNContainer(MaxPool2d)) at small widths"),
           "settings": {"in_channels": cin, "channel": c, "time": t, "C_reduction": 4, "T_reduction": 4, "AZO": True,
                        "RCR": 2, "RTR": 4, "train_flag": 1, "mode": "train", "seed": s,
                        "input": "binary spikes, P(1) = 0.3", "loss": "sum(output * w_loss)", "dtype": "float64"}}
    obj.update(r)
    write_json(os.path.join(args.out_core, "sma_vgg_block.json"), obj)

    # Names and shapes of the whole official VGG8 state dict, all three variants (for the name table test).
    names = OrderedDict()
    for v, f in VARIANTS.items():
        nsv = load_official(os.path.join(args.sma_azo, "SMA VGG", f))
        net = nsv["VGG8"]()
        names[v] = OrderedDict((k, list(p.shape)) for k, p in net.state_dict().items())
    write_json(os.path.join(args.out_models, "sma_vgg_state_dict_names.json"),
               {"source": dict(base, cls="VGG8 of each SMA VGG/vgg8_*_SMA.py"), "variants": names})

    # The whole SMA-AZO-VGG8 (DVS128 variant) forward in inference on a small input, its state dict saved.
    whole_vgg(ns, src, args.out_models)


def azo_selection(block, x, functional):
    """The steps and channels the released AZO selects (its torch.topk calls, in order), without side effects."""
    calls = []
    real_topk = torch.topk

    def spy(t, k, largest=True, **kw):
        r = real_topk(t, k=k, largest=largest, **kw)
        calls.append(r.indices.tolist())
        return r

    saved = {k: v.clone() for k, v in block.state_dict().items()}
    torch.topk = spy
    try:
        functional.reset_net(block)
        with torch.no_grad():
            block.train()
            block(x.clone())
    finally:
        torch.topk = real_topk
    block.load_state_dict(saved)
    functional.reset_net(block)
    n = len(calls) // 2
    return calls[:n], calls[n:]


def whole_vgg(ns, src, out_dir):
    """Weights by an integer formula (periodic, so the deflated .pth stays small); BN statistics calibrated on
    the input (one training-mode pass with momentum 1), then an inference forward: [T, B, 11] per step."""
    functional = ns["functional"]
    torch.manual_seed(7)
    net = ns["VGG8"]().double()
    functional.set_step_mode(net, "m")
    k = 0
    with torch.no_grad():
        for name, p in net.named_parameters():
            n = p.numel()
            j = torch.arange(n, dtype=torch.int64)
            u = ((j * 7919 + k * 104729) % 1009).double() / 1009.0 - 0.5
            if p.dim() > 1:
                fan_in = p[0].numel()
                p.copy_((u * (6.0 / fan_in) ** 0.5 * 2.0).reshape(p.shape))
            elif name.endswith("bias"):
                p.copy_((u * 0.2).reshape(p.shape))
            else:
                p.copy_((1.0 + u).reshape(p.shape))
            k += 1
        # shift BN outputs towards the threshold and widen the FC weights, so every LIF layer fires
        for m in net.modules():
            if isinstance(m, nn.modules.batchnorm._BatchNorm):
                m.bias.add_(1.0)
            elif isinstance(m, nn.Linear):
                m.weight.mul_(4.0)
    t, b, hw = 16, 1, 32
    g = torch.Generator().manual_seed(11)
    x = (torch.rand(t, b, 2, hw, hw, generator=g, dtype=torch.float64) < 0.25).double()
    bns = [m for m in net.modules() if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    for m in bns:
        m.momentum = 1.0
    ns["train_flag"] = 0
    net.train()
    functional.reset_net(net)
    with torch.no_grad():
        net(x)
    for m in bns:
        m.momentum = 0.1
    net.eval()
    ns["train_flag"] = 0
    functional.reset_net(net)
    # store float32 weights (as published checkpoints) and compute the reference with exactly those values
    with torch.no_grad():
        for p in net.state_dict().values():
            if p.dtype.is_floating_point:
                p.copy_(p.float().double())
        functional.reset_net(net)
        out = net(x)
    save_state_dict(net, os.path.join(out_dir, "sma_azo_vgg_dvs128.pth"), deflate=True)
    obj = {"source": dict(src, cls="VGG8"),
           "settings": {"variant": "dvs128", "time": t, "batch": b, "input": "binary spikes, P(1) = 0.25, [T,B,2,32,32]",
                        "mode": "eval (train_flag = 0)", "weights": "sma_azo_vgg_dvs128.pth (float32; integer formula, BN bias + 1, FC weights x 4, BN running statistics from one momentum-1 training pass on the input)",
                        "dtype": "float64 computation on the float32 weights"},
           "input_shape": list(x.shape), "input": flat(x), "output_shape": list(out.shape), "output": flat(out)}
    write_json(os.path.join(out_dir, "sma_azo_vgg_dvs128.json"), obj)


if __name__ == "__main__":
    main()
