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

Usage: render.py --shapes S --machine M --peak P --jmh J [--pytorch T] --json OUT.json
       --markdown OUT.md [--svg docs/benchmark.svg] [--readme README.md] [--elapsed SECONDS]
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
        f"Peers: ONNX Runtime {m['onnxRuntime']} (Java API), "
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


def update_readme(path, table):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        raise SystemExit(f"render: {path} needs exactly one {BEGIN} ... {END} block")
    head, rest = text.split(BEGIN)
    _, tail = rest.split(END)
    with open(path, "w", encoding="utf-8") as f:
        f.write(head + BEGIN + "\n" + table + END + tail)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", required=True)
    parser.add_argument("--machine", required=True)
    parser.add_argument("--peak", required=True)
    parser.add_argument("--jmh", required=True)
    parser.add_argument("--pytorch")
    parser.add_argument("--elapsed", type=int, default=0, help="seconds the run took")
    parser.add_argument("--json", required=True)
    parser.add_argument("--markdown", required=True)
    parser.add_argument("--svg")
    parser.add_argument("--readme")
    args = parser.parse_args(argv)

    shapes = load(args.shapes)
    machine = load(args.machine)
    peak_run = load(args.peak)[0]["primaryMetric"]
    peak = machine["peakFlopsPerCall"] / (peak_run["score"] * 1e3)
    records = jmh_records(load(args.jmh), shapes, peak)
    pytorch = load(args.pytorch) if args.pytorch else None
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
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(summary, f, indent=2)
        f.write("\n")
    table = markdown(summary, measured)
    with open(args.markdown, "w", encoding="utf-8") as f:
        f.write("<!-- Written by tools/bench/render.py from summary.json; do not edit. -->\n" + table)
    if args.svg:
        os.makedirs(os.path.dirname(args.svg) or ".", exist_ok=True)
        with open(args.svg, "w", encoding="utf-8") as f:
            f.write(svg(summary, list(measured)))
    if args.readme:
        update_readme(args.readme, table)
    met = sum(1 for t in summary["targets"] if t["status"] == "met")
    print(f"render: {len(records)} records, {len(missing)} missing, targets met {met}/{len(summary['targets'])};"
          f" wrote {args.json}, {args.markdown}" + (f", {args.svg}" if args.svg else "")
          + (f", {args.readme}" if args.readme else ""), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
