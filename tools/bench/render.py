#!/usr/bin/python3
"""Renders one run of benchmarks/run: summary.json, the README table (summary.md), the targets
table and the chart (SVG).

Inputs (written by benchmarks/run into benchmarks/work/): shapes.json (ShapeTable), machine.json,
peak.json (JMH FmaPeakBenchmark), jmh.json (JMH WindowAttentionBenchmark with -prof gc) and
pytorch.json (tools/bench/pytorch_bench.py).

summary.json holds one record per shape x threads x implementation:
  {shape, threads, implementation, us_per_call, error_us, gflops, peak_fraction, bytes_per_call}
  error_us       JMH: the 99.9% confidence half-width; PyTorch: half the interquartile range
  peak_fraction  gflops / (threads x peak_gflops), peak_gflops = one core's FMA peak measured by
                 FmaPeakBenchmark in the same run
  bytes_per_call Java heap bytes the calling thread allocated inside the timed calls (the
                 benchmark's AllocationCounter; worker threads and ONNX Runtime's native memory are
                 not counted); null for PyTorch. Beside it, gc_alloc_norm_bytes is -prof gc's
                 gc.alloc.rate.norm, which also spreads JMH's own few KB per iteration over the calls
plus peak_gflops, the JDK, CPU model, vector width, versions of the peers, the command, and the
targets of issue 8 with measured value and met / missed.

The whole-model benchmark (benchmarks/run --model) adds, when --model-jmh is given (JMH
WholeModelBenchmark), with --model-spec (export_swin_model.py's spec.json) and optionally
--model-pytorch (tools/bench/pytorch_model_bench.py), summary["model"]: the network, its FLOPs per
image, one record per batch x threads x implementation
  {model, batch, threads, implementation, ms_per_call, error_ms, gflops, peak_fraction,
   bytes_per_call}
(PyTorch: the faster of eager and jit by median, named in `variant`), issue 12's targets and what is
missing; summary.md gets the whole-model table after the window-attention one, and --readme also
rewrites README.md between <!-- model-bench:begin --> and <!-- model-bench:end -->. Without --jmh
only the whole-model part is rendered (benchmarks/run --model-only).

Usage: render.py --shapes S --machine M --peak P [--jmh J] [--pytorch T] --json OUT.json
       --markdown OUT.md [--svg docs/benchmark.svg] [--readme README.md] [--elapsed SECONDS]
       [--model-jmh MJ --model-spec SPEC [--model-pytorch MT]]
"""

import argparse
import json
import math
import os
import sys
import time

IMPLEMENTATIONS = ["generated-vector", "generated-plain", "reference", "onnxruntime", "pytorch"]
SUBJECT = "generated-vector"
BEGIN = "<!-- bench:begin -->"
END = "<!-- bench:end -->"
COLOURS = {"generated-vector": "#1f6feb", "generated-plain": "#79a8f2", "reference": "#8b949e",
           "onnxruntime": "#d1762b", "pytorch": "#b62324"}

MODEL_IMPLEMENTATIONS = ["generated-vector", "reference", "onnxruntime", "pytorch"]
MODEL_BEGIN = "<!-- model-bench:begin -->"
MODEL_END = "<!-- model-bench:end -->"
# Issue 12's targets for the whole model: (threads, minimum ratio ONNX Runtime time / WinAttn time).
MODEL_TARGETS = [(1, 1.2), (2, 1.5)]

# Issue 8's targets: (id, description, shapes, threads, kind, threshold).
STAGES_1_2 = ["swin_t_s1", "swin_t_s2"]
STAGES_3_4 = ["swin_t_s3", "swin_t_s4"]
LARGE_WINDOWS = ["swin_b384_s1", "swinv2_w16", "video_swin_8x7x7", "video_swin_4x7x7"]
TEMPORAL = ["temporal_t8", "temporal_t16"]


def targets_for(shapes):
    """Every (target text, shape, kind, threads, threshold) the summary must show."""
    every = list(shapes)
    out = []
    for s in every:
        ort1 = 1.5 if s in STAGES_1_2 + TEMPORAL else 1.2
        out.append((f"vs ONNX Runtime, 1 thread >= {ort1}x", s, "ratio:onnxruntime", 1, ort1))
    for s in every:
        out.append(("vs ONNX Runtime, 2 threads >= 2x", s, "ratio:onnxruntime", 2, 2.0))
    for s in every:
        out.append(("vs PyTorch, 1 thread >= 1.5x", s, "ratio:pytorch", 1, 1.5))
    for s in every:
        out.append(("vs PyTorch, 2 threads >= 2x", s, "ratio:pytorch", 2, 2.0))
    for s in every:
        peak = 0.75 if s == "swin_t_s1" else 0.88 if s in STAGES_3_4 else 0.80 if s in LARGE_WINDOWS else None
        if peak is not None:
            out.append((f"FMA peak fraction, 1 thread >= {peak:.0%}", s, "peak", 1, peak))
    for s in every:
        if shapes[s]["windows"] >= 16:
            out.append(("2 threads / 1 thread >= 1.85x (16+ windows)", s, "scaling", 2, 1.85))
    for s in every:
        out.append(("zero bytes per call, 1 thread", s, "bytes", 1, 0.0))
    return out


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def number(value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(v) else v


def jmh_records(jmh, shapes, peak):
    records = []
    for run in jmh:
        params = run["params"]
        metric = run["primaryMetric"]
        if metric["scoreUnit"] != "us/op":
            raise SystemExit(f"render: expected us/op, got {metric['scoreUnit']}")
        us = metric["score"]
        threads = int(params["threads"])
        flops = shapes[params["shape"]]["flopsPerCall"]
        gflops = flops / (us * 1e3)
        secondary = run.get("secondaryMetrics", {})
        gc_norm = secondary.get("gc.alloc.rate.norm")
        allocated = secondary.get("allocatedBytes")
        calls = secondary.get("calls")
        per_call = allocated["score"] / calls["score"] if allocated and calls and calls["score"] else None
        records.append({
            "shape": params["shape"], "threads": threads, "implementation": params["implementation"],
            "us_per_call": us, "error_us": number(metric.get("scoreError")), "gflops": gflops,
            "peak_fraction": gflops / (threads * peak), "bytes_per_call": per_call,
            "gc_alloc_norm_bytes": number(gc_norm["score"]) if gc_norm else None,
        })
    return records


def pytorch_records(pytorch, shapes, peak):
    records = []
    for r in pytorch["results"]:
        flops = shapes[r["shape"]]["flopsPerCall"]
        gflops = flops / (r["median_us"] * 1e3)
        records.append({
            "shape": r["shape"], "threads": r["threads"], "implementation": "pytorch",
            "us_per_call": r["median_us"], "error_us": (r["q3_us"] - r["q1_us"]) / 2, "gflops": gflops,
            "peak_fraction": gflops / (r["threads"] * peak), "bytes_per_call": None,
            "variant": r["variant"],
        })
    return records


def index(records):
    return {(r["shape"], r["threads"], r["implementation"]): r for r in records}


def swin_flops(config):
    """FLOPs (2 per multiply-add) of the matrix products of one image through a Swin v1 classifier:
    patch embedding, per block qkv, q @ k.T, attn @ v, proj, fc1, fc2, patch merging, head (norms,
    softmax, GELU and adds not counted; window clamped to the map, no padding)."""
    p = config["patch_size"]
    h, w = config["img_size"] // p, config["img_size"] // p
    c = config["embed_dim"]
    flops = 2 * h * w * config["in_chans"] * p * p * c
    depths = config["depths"]
    for i, depth in enumerate(depths):
        t = h * w
        win = min(config["window_size"], h, w)
        n = win * win
        hidden = int(c * config["mlp_ratio"])
        flops += depth * (2 * t * c * 3 * c + 2 * 2 * t * n * c + 2 * t * c * c + 2 * 2 * t * c * hidden)
        if i < len(depths) - 1:
            flops += 2 * (t // 4) * 4 * c * 2 * c
            h, w, c = h // 2, w // 2, 2 * c
    return flops + 2 * c * config["num_classes"]


def model_records(jmh, pytorch, name, flops_per_image, peak):
    """Whole-model records from WholeModelBenchmark's JMH JSON and pytorch_model_bench.py's JSON."""
    records = []
    for run in jmh:
        params = run["params"]
        metric = run["primaryMetric"]
        if metric["scoreUnit"] != "ms/op":
            raise SystemExit(f"render: whole model: expected ms/op, got {metric['scoreUnit']}")
        ms = metric["score"]
        batch, threads = int(params["batch"]), int(params["threads"])
        secondary = run.get("secondaryMetrics", {})
        allocated = secondary.get("allocatedBytes")
        calls = secondary.get("calls")
        gc_norm = secondary.get("gc.alloc.rate.norm")
        gflops = flops_per_image * batch / (ms * 1e6)
        records.append({
            "model": name, "batch": batch, "threads": threads, "implementation": params["implementation"],
            "ms_per_call": ms, "error_ms": number(metric.get("scoreError")), "gflops": gflops,
            "peak_fraction": gflops / (threads * peak),
            "bytes_per_call": allocated["score"] / calls["score"] if allocated and calls and calls["score"] else None,
            "gc_alloc_norm_bytes": number(gc_norm["score"]) if gc_norm else None,
        })
    best = {}
    for r in (pytorch or {}).get("results", []):
        key = (r["batch"], r["threads"])
        if key not in best or r["median_us"] < best[key]["median_us"]:
            best[key] = r
    for (batch, threads), r in sorted(best.items()):
        ms = r["median_us"] / 1e3
        gflops = flops_per_image * batch / (ms * 1e6)
        records.append({
            "model": name, "batch": batch, "threads": threads, "implementation": "pytorch",
            "ms_per_call": ms, "error_ms": (r["q3_us"] - r["q1_us"]) / 2e3, "gflops": gflops,
            "peak_fraction": gflops / (threads * peak), "bytes_per_call": None, "variant": r["variant"],
        })
    return records


def model_summary(records, name, config, flops_per_image):
    """summary["model"]: the records in table order, issue 12's targets and the missing cells."""
    by_key = {(r["batch"], r["threads"], r["implementation"]): r for r in records}
    batches = sorted({r["batch"] for r in records})
    threads = sorted({r["threads"] for r in records})
    order = {k: n for n, k in enumerate((b, t, i) for b in batches for t in threads for i in MODEL_IMPLEMENTATIONS)}
    records = sorted(records, key=lambda r: order.get((r["batch"], r["threads"], r["implementation"]), len(order)))
    targets = []
    for batch in batches:
        for t, threshold in MODEL_TARGETS:
            subject = by_key.get((batch, t, SUBJECT))
            peer = by_key.get((batch, t, "onnxruntime"))
            measured = peer["ms_per_call"] / subject["ms_per_call"] if subject and peer else None
            status = "not measured" if measured is None else "met" if measured >= threshold else "missed"
            targets.append({"target": f"vs ONNX Runtime, {t} thread{'s' if t > 1 else ''} >= {threshold}x",
                            "batch": batch, "threads": t, "threshold": threshold, "measured": measured,
                            "status": status})
    missing = [[b, t, i] for b in batches for t in threads for i in MODEL_IMPLEMENTATIONS
               if i != "reference" and (b, t, i) not in by_key]
    return {"name": name, "config": config, "flops_per_image": flops_per_image, "batches": batches,
            "threads": threads, "records": records, "targets": targets, "missing": missing}


def huge_pages(machine):
    """How the run used huge pages (README, "JVM flags"), or nothing for runs that did not say."""
    return f"Memory: {machine['hugePages']}. " if machine.get("hugePages") else ""


def model_markdown(summary):
    """The whole-model README block: one row per batch x threads, then issue 12's targets."""
    model = summary["model"]
    by_key = {(r["batch"], r["threads"], r["implementation"]): r for r in model["records"]}
    m = summary["machine"]
    pt = summary.get("model_pytorch") or {}
    lines = [
        f"Run `{m['command']}` ({m['mode']}) on {summary['date']}: JDK {m['javaVersion']} ({m['vm']}), "
        f"{m['cpu']} ({m['cores']} cores), load average {m['loadStart']:.1f} at the start and "
        f"{summary['load_end']:.1f} at the end (other processes distort the numbers; 2 threads suffer most). "
        f"FMA peak of one core in the same run: {summary['peak_gflops']:.0f} GFLOP/s. "
        + huge_pages(m)
        + f"`{model['name']}`: {model['flops_per_image'] / 1e9:.2f} GFLOP per image (matrix products). "
        f"Peers: ONNX Runtime {m['onnxRuntime']} (Java API) on the exported graph, "
        + (f"PyTorch {pt.get('torch')} with {pt.get('blas')}, faster of eager and `jit.trace`+`freeze`"
           f"{'' if pt.get('publishable') else ' (REFERENCE BLAS: NOT PUBLISHABLE)'}."
           if pt else "PyTorch not run."),
        "",
        "Milliseconds per call (the whole batch) ± JMH's 99.9% half-width (PyTorch: half the interquartile"
        " range); GFLOP/s and % of the FMA peak (x threads) of WinAttn; ratios are the peer's time over"
        " WinAttn's (> 1: WinAttn faster); bytes: Java heap allocated by the calling thread per call.",
        "",
        "| batch | thr | WinAttn ms | GFLOP/s (peak) | images/s | reference ms | ONNX Runtime ms | PyTorch ms"
        " | vs ORT | vs PyTorch | WinAttn B/call | ORT B/call |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for batch in model["batches"]:
        for threads in model["threads"]:
            cells = {}
            for impl in MODEL_IMPLEMENTATIONS:
                r = by_key.get((batch, threads, impl))
                if r is None:
                    cells[impl] = "–"
                else:
                    err = f" ± {r['error_ms']:.1f}" if r["error_ms"] is not None else ""
                    cells[impl] = f"{r['ms_per_call']:.1f}{err}"
            v = by_key.get((batch, threads, SUBJECT))

            def ratio(peer):
                p = by_key.get((batch, threads, peer))
                return f"{p['ms_per_call'] / v['ms_per_call']:.2f}x" if p and v else "–"

            def alloc(impl):
                r = by_key.get((batch, threads, impl))
                return f"{r['bytes_per_call']:.0f}" if r and r["bytes_per_call"] is not None else "–"

            perf = f"{v['gflops']:.1f} ({v['peak_fraction']:.0%})" if v else "–"
            ips = f"{batch / (v['ms_per_call'] / 1e3):.1f}" if v else "–"
            lines.append(f"| {batch} | {threads} | {cells['generated-vector']} | {perf} | {ips} | {cells['reference']}"
                         f" | {cells['onnxruntime']} | {cells['pytorch']} | {ratio('onnxruntime')} | {ratio('pytorch')}"
                         f" | {alloc('generated-vector')} | {alloc('onnxruntime')} |")
    met = sum(1 for t in model["targets"] if t["status"] == "met")
    lines += ["", f"**Targets** (issue 12): {met} of {len(model['targets'])} met.", "",
              "| target | batch | measured | |", "|---|---:|---:|---|"]
    for t in model["targets"]:
        measured = f"{t['measured']:.2f}x" if t["measured"] is not None else "–"
        lines.append(f"| {t['target']} | {t['batch']} | {measured} | {t['status']} |")
    if model["missing"]:
        lines += ["", "Not measured (set-up failed or not run, see benchmarks/work/model-jmh.log): "
                  + ", ".join(f"{i} batch {b} x {t}" for b, t, i in model["missing"]) + "."]
    return "\n".join(lines) + "\n"


def evaluate(targets, by_key):
    rows = []
    for text, shape, kind, threads, threshold in targets:
        subject = by_key.get((shape, threads, SUBJECT))
        measured = None
        if subject is not None:
            if kind.startswith("ratio:"):
                peer = by_key.get((shape, threads, kind.split(":", 1)[1]))
                measured = peer["us_per_call"] / subject["us_per_call"] if peer else None
            elif kind == "peak":
                measured = subject["peak_fraction"]
            elif kind == "scaling":
                one = by_key.get((shape, 1, SUBJECT))
                measured = one["us_per_call"] / subject["us_per_call"] if one else None
            elif kind == "bytes":
                measured = subject["bytes_per_call"]
        if measured is None:
            status = "not measured"
        elif kind == "bytes":
            status = "met" if measured < 1.0 else "missed"
        else:
            status = "met" if measured >= threshold else "missed"
        rows.append({"target": text, "shape": shape, "threads": threads, "kind": kind,
                     "threshold": threshold, "measured": measured, "status": status})
    return rows


def fmt_time(us):
    return f"{us / 1e3:.2f}" if us < 1e6 else f"{us / 1e3:,.0f}"


def fmt_measured(row):
    m = row["measured"]
    if m is None:
        return "–"
    if row["kind"] == "peak":
        return f"{m:.0%}"
    if row["kind"] == "bytes":
        return f"{m:.1f} B"
    return f"{m:.2f}x"


def missing_text(missing, full):
    """`shape` (not run) when a shape has no record at all, else `shape` impl x threads items."""
    per_shape = {}
    for s, t, i in missing:
        per_shape.setdefault(s, []).append(f"{i} x {t}")
    parts = []
    for s, items in per_shape.items():
        parts.append(f"`{s}` (not run)" if len(items) >= full else f"`{s}` " + ", ".join(items))
    return "; ".join(parts)


def markdown(summary, shapes):
    """The README block: the main table, then the targets table."""
    by_key = index(summary["records"])
    m = summary["machine"]
    pt = summary.get("pytorch") or {}
    lines = [
        f"Run `{m['command']}` ({m['mode']}) on {summary['date']}: JDK {m['javaVersion']} ({m['vm']}), "
        f"{m['cpu']} ({m['cores']} cores, {m['vectorBits']}-bit vectors: {m['lanes']} float lanes), "
        f"load average {m['loadStart']:.1f} at the start and {summary['load_end']:.1f} at the end (other processes"
        f" distort the numbers; 2 threads suffer most); the whole run took "
        f"{summary['elapsed_s'] // 60} min {summary['elapsed_s'] % 60} s. "
        f"FMA peak of one core (`FmaPeakBenchmark`, same run): **{summary['peak_gflops']:.0f} GFLOP/s**. "
        + huge_pages(m)
        + f"Peers: ONNX Runtime {m['onnxRuntime']} (Java API), "
        + (f"PyTorch {pt.get('torch')} with {pt.get('blas')} ({pt.get('blas_library')}), "
           f"OMP_WAIT_POLICY={pt.get('omp_wait_policy')}, best of eager and `jit.trace`+`freeze`{'' if pt.get('publishable') else ' (REFERENCE BLAS: NOT PUBLISHABLE)'}."
           if pt else "PyTorch not run."),
        "",
        "Milliseconds per call (one image or clip; temporal: 1,568 sequences), ± JMH's 99.9% half-width"
        " (PyTorch: half the interquartile range); GFLOP/s and % of the FMA peak (x threads) of the"
        " vector kernel; ratios are the peer's time over the vector kernel's (> 1: WinAttn faster).",
        "",
        "| shape | thr | vector ms | GFLOP/s (peak) | plain ms | reference ms | ONNX Runtime ms | PyTorch ms"
        " | vs ORT | vs PyTorch | vs reference | vector B/call |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for s in shapes:
        for threads in summary["threads"]:
            cells = {}
            for impl in IMPLEMENTATIONS:
                r = by_key.get((s, threads, impl))
                if r is None:
                    cells[impl] = "–"
                else:
                    err = f" ± {fmt_time(r['error_us'])}" if r["error_us"] is not None else ""
                    cells[impl] = fmt_time(r["us_per_call"]) + err
            v = by_key.get((s, threads, SUBJECT))

            def ratio(peer):
                p = by_key.get((s, threads, peer))
                return f"{p['us_per_call'] / v['us_per_call']:.2f}x" if p and v else "–"

            perf = f"{v['gflops']:.1f} ({v['peak_fraction']:.0%})" if v else "–"
            alloc = f"{v['bytes_per_call']:.1f}" if v and v["bytes_per_call"] is not None else "–"
            label = f"`{s}` {shapes[s]['model']}, {shapes[s]['windows']} x N {shapes[s]['tokens']}, C {shapes[s]['dim']}" \
                + (", masked" if shapes[s]["masked"] else "")
            lines.append(
                f"| {label if threads == summary['threads'][0] else '〃'} | {threads} | {cells['generated-vector']} | {perf}"
                f" | {cells['generated-plain']} | {cells['reference']} | {cells['onnxruntime']} | {cells['pytorch']}"
                f" | {ratio('onnxruntime')} | {ratio('pytorch')} | {ratio('reference')} | {alloc} |")
    met = sum(1 for t in summary["targets"] if t["status"] == "met")
    lines += ["", f"**Targets** (issue 8; the vector kernel, JDK {m['javaVersion']}): {met} of "
              f"{len(summary['targets'])} met.", "",
              "| target | shape | measured | |", "|---|---|---:|---|"]
    for t in summary["targets"]:
        lines.append(f"| {t['target']} | `{t['shape']}` | {fmt_measured(t)} | {t['status']} |")
    if summary["missing"]:
        lines += ["", "Not measured (set-up failed or not run, see benchmarks/work/jmh.log): "
                  + missing_text(summary["missing"], len(IMPLEMENTATIONS) * len(summary["threads"])) + "."]
    return "\n".join(lines) + "\n"


def svg(summary, shapes):
    """Grouped horizontal bars of GFLOP/s: one panel per thread count, one group per shape."""
    by_key = index(summary["records"])
    threads_list = summary["threads"]
    bar, gap, label_w, panel_w, top = 7, 10, 150, 330, 76
    group_h = bar * len(IMPLEMENTATIONS) + gap
    height = top + group_h * len(shapes) + 40
    width = label_w + panel_w * len(threads_list) + 40
    top_value = max((r["gflops"] for r in summary["records"]), default=1.0)
    scale_max = max(10.0, math.ceil(top_value / 50.0) * 50.0)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="white"/>',
           f'<text x="10" y="18" font-size="13" font-weight="bold">WinAttn vs ONNX Runtime and PyTorch: '
           f'GFLOP/s per call (higher is better)</text>',
           f'<text x="10" y="34" fill="#555">JDK {summary["machine"]["javaVersion"]}, '
           f'{summary["machine"]["cpu"]}, FMA peak {summary["peak_gflops"]:.0f} GFLOP/s per core; '
           f'{summary["machine"]["command"]}, {summary["date"]}</text>']
    x = label_w
    for impl in IMPLEMENTATIONS:
        out.append(f'<rect x="{x}" y="42" width="10" height="10" fill="{COLOURS[impl]}"/>'
                   f'<text x="{x + 14}" y="51">{impl}</text>')
        x += 110
    for p, threads in enumerate(threads_list):
        x0 = label_w + p * panel_w
        w = panel_w - 60
        out.append(f'<text x="{x0}" y="{top - 6}" font-weight="bold">{threads} thread{"s" if threads > 1 else ""}</text>')
        for tick in range(0, int(scale_max) + 1, int(scale_max // 5) or 1):
            tx = x0 + w * tick / scale_max
            out.append(f'<line x1="{tx:.1f}" y1="{top}" x2="{tx:.1f}" y2="{height - 35}" stroke="#ddd"/>'
                       f'<text x="{tx:.1f}" y="{height - 22}" text-anchor="middle" fill="#555">{tick}</text>')
        for g, s in enumerate(shapes):
            y = top + g * group_h
            if p == 0:
                out.append(f'<text x="{label_w - 6}" y="{y + group_h / 2:.1f}" text-anchor="end">{s}</text>')
            for i, impl in enumerate(IMPLEMENTATIONS):
                r = by_key.get((s, threads, impl))
                by = y + i * bar
                if r is None:
                    continue
                bw = w * min(r["gflops"], scale_max) / scale_max
                out.append(f'<rect x="{x0}" y="{by}" width="{bw:.1f}" height="{bar - 1}" fill="{COLOURS[impl]}">'
                           f'<title>{s}, {threads} thr, {impl}: {r["us_per_call"] / 1e3:.2f} ms, '
                           f'{r["gflops"]:.1f} GFLOP/s</title></rect>')
                if impl == SUBJECT:
                    out.append(f'<text x="{x0 + bw + 3:.1f}" y="{by + bar - 1}" font-size="9">{r["gflops"]:.0f}</text>')
    out.append(f'<text x="{label_w}" y="{height - 8}" fill="#555">GFLOP/s</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def update_readme(path, table, begin=BEGIN, end=END):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.count(begin) != 1 or text.count(end) != 1 or text.index(begin) > text.index(end):
        raise SystemExit(f"render: {path} needs exactly one {begin} ... {end} block")
    head, rest = text.split(begin)
    _, tail = rest.split(end)
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + begin + "\n" + table + end + tail)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", required=True)
    parser.add_argument("--machine", required=True)
    parser.add_argument("--peak", required=True)
    parser.add_argument("--jmh", help="WindowAttentionBenchmark's JMH JSON (omit for the whole model only)")
    parser.add_argument("--pytorch")
    parser.add_argument("--elapsed", type=int, default=0, help="seconds the run took")
    parser.add_argument("--json", required=True)
    parser.add_argument("--markdown", required=True)
    parser.add_argument("--svg")
    parser.add_argument("--readme")
    parser.add_argument("--model-jmh", help="WholeModelBenchmark's JMH JSON")
    parser.add_argument("--model-spec", help="spec.json of tools/reference/export_swin_model.py")
    parser.add_argument("--model-pytorch", help="tools/bench/pytorch_model_bench.py's JSON")
    args = parser.parse_args(argv)
    if args.jmh is None and args.model_jmh is None:
        parser.error("nothing to render: give --jmh, --model-jmh or both")
    if args.model_jmh is not None and args.model_spec is None:
        parser.error("--model-jmh needs --model-spec (the exported network's spec.json)")

    shapes = load(args.shapes)
    machine = load(args.machine)
    peak_run = load(args.peak)[0]["primaryMetric"]
    peak = machine["peakFlopsPerCall"] / (peak_run["score"] * 1e3)
    records = jmh_records(load(args.jmh), shapes, peak) if args.jmh else []
    pytorch = load(args.pytorch) if args.pytorch and args.jmh else None
    if pytorch:
        records += pytorch_records(pytorch, shapes, peak)
    threads = sorted({r["threads"] for r in records})
    by_key = index(records)
    missing = [(s, t, i) for s in shapes for t in threads for i in IMPLEMENTATIONS if (s, t, i) not in by_key]
    order = {(s, t, i): n for n, (s, t, i) in enumerate((s, t, i) for s in shapes for t in threads for i in IMPLEMENTATIONS)}
    records.sort(key=lambda r: order.get((r["shape"], r["threads"], r["implementation"]), len(order)))
    summary = {
        "date": time.strftime("%Y-%m-%d", time.gmtime()),
        "peak_gflops": peak,
        "peak_error_gflops": peak * number(peak_run.get("scoreError") or 0) / peak_run["score"]
        if number(peak_run.get("scoreError")) is not None else None,
        "jdk": f"{machine['javaVersion']} ({machine['vm']})",
        "cpu": machine["cpu"],
        "vector_bits": machine["vectorBits"],
        "vector_lanes": machine["lanes"],
        "onnxruntime": machine["onnxRuntime"],
        "pytorch": {k: v for k, v in pytorch.items() if k != "results"} if pytorch else None,
        "machine": machine,
        "elapsed_s": args.elapsed,
        "load_end": os.getloadavg()[0],
        "threads": threads,
        "records": records,
        "missing": missing,
    }
    measured = {s: shapes[s] for s in shapes if any(r["shape"] == s for r in records)}
    summary["targets"] = evaluate(targets_for(measured), by_key)
    model_table = None
    if args.model_jmh:
        spec = load(args.model_spec)
        name = f"{spec['model']}_{spec['config']['img_size']}"
        flops = swin_flops(spec["config"])
        model_pytorch = load(args.model_pytorch) if args.model_pytorch else None
        summary["model_pytorch"] = {k: v for k, v in model_pytorch.items() if k != "results"} \
            if model_pytorch else None
        summary["model"] = model_summary(model_records(load(args.model_jmh), model_pytorch, name, flops, peak),
                                         name, spec["config"], flops)
        model_table = model_markdown(summary)
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    table = markdown(summary, measured) if args.jmh else None
    with open(args.markdown, "w", encoding="utf-8") as f:
        f.write("<!-- Written by tools/bench/render.py from summary.json; do not edit. -->\n")
        if table:
            f.write(table)
        if model_table:
            f.write(("\n" if table else "") + "## Whole Swin-T\n\n" + model_table)
    if args.svg and args.jmh:
        os.makedirs(os.path.dirname(args.svg) or ".", exist_ok=True)
        with open(args.svg, "w", encoding="utf-8") as f:
            f.write(svg(summary, list(measured)))
    if args.readme:
        if table:
            update_readme(args.readme, table)
        if model_table:
            update_readme(args.readme, model_table, MODEL_BEGIN, MODEL_END)
    met = sum(1 for t in summary["targets"] if t["status"] == "met")
    if model_table:
        print(f"render: whole model: {len(summary['model']['records'])} records, "
              f"{len(summary['model']['missing'])} missing", file=sys.stderr)
    if args.jmh:
        print(f"render: {len(records)} records, {len(missing)} missing, targets met {met}/{len(summary['targets'])}",
              file=sys.stderr)
    print(f"render: wrote {args.json}, {args.markdown}" + (f", {args.svg}" if args.svg else "")
          + (f", {args.readme}" if args.readme else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
