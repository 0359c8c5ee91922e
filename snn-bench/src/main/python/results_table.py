#!/usr/bin/env python3
"""Prints the Markdown table of docs/performance.md from the benchmark results files.

One row per results file (snn bench NAME --out docs/results/NAME.json): our figure, the peer's figure
from the same run, their ratio, peak memory of both, the bandwidth floor where there is one, the machine
and load, and the command. Figures are read from the files only; nothing is typed in by hand.

  python3 snn-bench/src/main/python/results_table.py docs/results/*.json
"""
import json
import sys


def sec(v):
    if v is None or v != v:
        return "n/a"
    return f"{v * 1e3:.1f} ms" if v < 1 else f"{v:.2f} s"


def mib(v):
    return "n/a" if v is None or v != v else f"{v:,.0f} MiB"


def ratio(v, target=None, higher_better=True):
    if v is None or v != v:
        return "peer not measured"
    s = f"{v:.2f}x"
    if target is not None:
        met = v >= target if higher_better else v <= target
        s += f" (target {'≥' if higher_better else '≤'} {target:g}x: {'met' if met else 'missed'})"
    return s


def num(d, *path):
    for p in path:
        if not isinstance(d, dict) or p not in d:
            return None
        d = d[p]
    return d if isinstance(d, (int, float)) else None


def row(j):
    b = j["benchmark"]
    m = j["machine"]
    machine = f"{m['cpu_model']}, {m['cores']} cores, {m['vector_bits']}-bit; load {j['loadavg_before'].split()[0]} → {j['loadavg_after'].split()[0]}"
    tg = j.get("targets", {})
    peer_ok = isinstance(j.get("peer"), dict)
    if b == "neuron":
        ours, peer = num(j, "snn4j", "fwd_bwd_median_s"), num(j, "peer_figures", "fwd_bwd_median_s")
        mem = f"{mib(num(j, 'snn4j', 'peak_rss_mib'))} vs {mib(num(j, 'peer_figures', 'peak_rss_mib'))}"
        xf = num(j, "floor", "x_floor")
        floor = f"{sec(num(j, 'floor', 'floor_s'))} ({num(j, 'floor', 'triad_GB_per_s'):.1f} GB/s triad): {xf:.2f}x the floor (target ≤ 1.3x)"
        sc = j.get("thread_scaling", {})
        if "snn4j_efficiency" in sc:
            floor += f"; 2-thread efficiency {sc['snn4j_efficiency']:.2f}" + (
                f" (peer {sc['peer_efficiency']:.2f})" if "peer_efficiency" in sc else "")
        rows = [("LIF layer fwd+bwd, [T·N=256, 64, 32, 32]", sec(ours), sec(peer) if peer_ok else "not measured",
                 ratio(num(j, "ratio", "speedup_vs_peer"), 30), mem, floor)]
    else:
        name = {"network": "DVSGestureNet train step (T=16, batch 4)", "sma-vgg": "SMA-AZO-VGG train step (T=16, batch 2)",
                "ma-snn": "MA-SNN 5-layer (TCSA) train step (T=8, batch 2)",
                "attention": "SMA module fwd+bwd (C=128, T=16, N=4, 32x32)"}[b]
        if b == "attention":
            ours, peer = num(j, "snn4j", "fwd_bwd_median_s"), num(j, "peer_figures", "fwd_bwd_median_s")
            mem_o, mem_p = num(j, "snn4j", "peak_rss_mib"), num(j, "peer_figures", "peak_rss_mib")
            sp, mr = num(j, "ratio", "speedup_vs_peer"), num(j, "ratio", "memory_vs_peer")
        else:
            ours, peer = num(j, "snn4j", "train_step_median_s"), num(j, "peer_figures", "train_step_median_s")
            mem_o, mem_p = num(j, "snn4j", "train_peak_rss_mib"), num(j, "peer_figures", "train_peak_rss_mib")
            sp, mr = num(j, "ratio", "train_speedup_vs_peer"), num(j, "ratio", "train_memory_vs_peer")
        mem = f"{mib(mem_o)} vs {mib(mem_p)}" + (f" = {mr:.2f}x" if mr is not None and mr == mr else "")
        if "memory_vs_peer_max" in tg:
            mem += f" (target ≤ {tg['memory_vs_peer_max']:g}x: {'met' if tg.get('memory_met') is True else 'missed'})"
        floor = "n/a"
        sc = j.get("thread_scaling", {})
        if "snn4j_efficiency" in sc:
            floor = f"2-thread efficiency {sc['snn4j_efficiency']:.2f}" + (
                f" (peer {sc['peer_efficiency']:.2f})" if "peer_efficiency" in sc else "")
        rows = [(name, sec(ours), sec(peer) if peer_ok else "not measured", ratio(sp, tg.get("speedup_min")), mem, floor)]
        if b == "network" and num(j, "snn4j", "infer_samples_per_s") is not None:
            pi = num(j, "peer_figures", "infer_samples_per_s")
            rows.append(("DVSGestureNet inference (batch 4)", f"{num(j, 'snn4j', 'infer_samples_per_s'):.3f} samples/s",
                         f"{pi:.3f} samples/s" if pi else "not measured", ratio(num(j, "ratio", "infer_speedup_vs_peer"), 5),
                         f"{mib(num(j, 'snn4j', 'infer_peak_rss_mib'))} vs {mib(num(j, 'peer_figures', 'infer_peak_rss_mib'))}", "n/a"))
    return [r + (machine, f"`{j['command'].replace('snn bench', './snn bench', 1)}`") for r in rows]


def main():
    print("| benchmark | snn4j | peer (same run) | ratio | peak memory, snn4j vs peer | floor / scaling | machine, load before → after | command |")
    print("|---|---|---|---|---|---|---|---|")
    order = {"neuron": 0, "network": 1, "attention": 2, "sma-vgg": 3, "ma-snn": 4}
    files = sorted(sys.argv[1:], key=lambda f: order.get(json.load(open(f))["benchmark"], 9))
    for f in files:
        for r in row(json.load(open(f))):
            print("| " + " | ".join(r) + " |")


if __name__ == "__main__":
    main()
