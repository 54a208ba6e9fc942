#!/usr/bin/python3
"""Times the benchmark shapes in PyTorch on the CPU: what users would run instead of WinAttn.

A DIFFERENT HARNESS from JMH: wall-clock time.perf_counter around single eval-mode forward calls
under torch.no_grad(), after warm-up, median of many runs (and the 25th/75th percentiles). Its
numbers are comparable with the JMH table only roughly (same machine, shapes, FLOPs and threads;
different timer, statistics and process).

The module is tools/reference/winattn_modules.py's WindowAttention (Swin v1, same parameter
names and order of operations as the official module), with its SW-MSA mask builder.

Usage: /usr/bin/python3 tools/bench/pytorch_cpu.py [--shapes benchmarks/results/shapes.json]
       [--runs 50] [--warmup 10] [--json OUT.json]
With --shapes, the windows and FLOPs of each shape are checked against the Java benchmark's.
"""

import argparse
import json
import os
import platform
import statistics
import sys
import time

import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
import winattn_modules as wm  # noqa: E402

# The shapes of io.github.winattn.benchmarks.BenchShape: id -> (batch, resolution, window, shift, dim, heads)
SHAPES = {
    "swin_t_stage1_sw_msa": (1, 56, 7, 3, 96, 3),
    "swin_t_stage3_w_msa": (4, 14, 7, 0, 384, 12),
}


def flops_per_window(tokens, dim):
    """AttentionShape.flopsPerWindow(): qkv and proj projections plus q@k^T and attn@v, x2 for FMA."""
    return 2 * tokens * dim * 3 * dim + 2 * tokens * dim * dim + 2 * 2 * tokens * tokens * dim


def workload(name, seed=0):
    batch, resolution, window, shift, dim, heads = SHAPES[name]
    torch.manual_seed(seed)
    module = wm.WindowAttention(dim, window, heads).eval()
    with torch.no_grad():
        torch.nn.init.trunc_normal_(module.relative_position_bias_table, std=0.02)
    windows_per_image = (resolution // window) ** 2
    windows = batch * windows_per_image
    tokens = window * window
    x = torch.rand(windows, tokens, dim) * 2 - 1
    mask = wm.swin_mask((resolution, resolution), (window, window), (shift, shift)) if shift else None
    return module, x, mask, windows, flops_per_window(tokens, dim) * windows


def time_calls(module, x, mask, warmup, runs):
    with torch.no_grad():
        for _ in range(warmup):
            module(x, mask)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            y = module(x, mask)
            times.append(time.perf_counter() - start)
            if not torch.isfinite(y).all():
                raise RuntimeError("non-finite output")
    return times


def check_against(shapes_path, name, windows, flops):
    with open(shapes_path, encoding="utf-8") as f:
        java = json.load(f)
    if name not in java:
        raise SystemExit(f"{shapes_path}: no shape {name!r}; BenchShape and SHAPES disagree")
    if java[name]["windows"] != windows or java[name]["flopsPerCall"] != flops:
        raise SystemExit(
            f"{name}: Python has {windows} windows / {flops} FLOPs, Java "
            f"{java[name]['windows']} / {java[name]['flopsPerCall']}; update SHAPES")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", help="shapes.json of ShapeTable, to cross-check windows and FLOPs")
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--warmup", type=int, default=10)
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)

    rows = []
    for name in SHAPES:
        module, x, mask, windows, flops = workload(name)
        if args.shapes:
            check_against(args.shapes, name, windows, flops)
        for threads in (int(t) for t in args.threads.split(",")):
            torch.set_num_threads(threads)
            times = time_calls(module, x, mask, args.warmup, args.runs)
            q1, median, q3 = statistics.quantiles(times, n=4)
            rows.append({"shape": name, "threads": threads, "runs": args.runs,
                         "median_ms": median * 1e3, "q1_ms": q1 * 1e3, "q3_ms": q3 * 1e3,
                         "gflops": flops / median / 1e9})

    print(f"- PyTorch {torch.__version__} on Python {platform.python_version()}, eval(), no_grad, "
          f"float32; warm-up {args.warmup}, median of {args.runs} calls (interquartile range); "
          f"MKL-DNN enabled: {torch.backends.mkldnn.is_available()}")
    print("- Different harness from JMH: time.perf_counter per call, not comparable to the error bars there")
    print()
    print("| shape | threads | ms / call, median [q1, q3] | GFLOP/s (median) |")
    print("|---|---:|---:|---:|")
    for r in rows:
        print(f"| {r['shape']} | {r['threads']} | {r['median_ms']:.2f} [{r['q1_ms']:.2f}, {r['q3_ms']:.2f}]"
              f" | {r['gflops']:.2f} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"torch": torch.__version__, "results": rows}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
