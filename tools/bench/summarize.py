#!/usr/bin/env python3
"""Turns JMH JSON results of WindowAttentionBenchmark into a markdown table.

Usage:
  summarize.py --shapes results/shapes.json [--machine results/machine.txt] RESULT.json [...]

One table per result file (one file per JDK). Per shape and thread count it lists every kernel
variant with its time per forward call (mean +- JMH's 99.9% error), GFLOP/s derived from the
shape's FLOPs per call (printed by io.github.winattn.benchmarks.ShapeTable, never re-derived
here), and the speedup over the reference kernel measured in the same file (the same run, the same
JDK). The speedup's error combines both relative errors in quadrature. A variant measured for some
shapes but missing for others (e.g. a shape not in the catalogue, whose set-up failed) is listed as
not run; a variant absent from the whole file (filtered out with -p kernel=...) is left out.

Python 3 standard library only.
"""

import argparse
import json
import math
import os
import sys

BENCHMARK = "io.github.winattn.benchmarks.WindowAttentionBenchmark.forward"
KERNELS = ("reference", "plain", "vector")
TO_MS = {"ns/op": 1e-6, "us/op": 1e-3, "ms/op": 1.0, "s/op": 1e3}


class Measurement:
    """One JMH result: mean and error of the time per call, in milliseconds."""

    def __init__(self, mean_ms, error_ms):
        self.mean_ms = mean_ms
        self.error_ms = error_ms  # NaN when JMH had too few samples

    def gflops(self, flops):
        return flops / (self.mean_ms * 1e-3) / 1e9

    def gflops_error(self, flops):
        # d(F/t) = F/t * dt/t
        return self.gflops(flops) * self.error_ms / self.mean_ms


def _number(value):
    """JMH writes "NaN" as a string."""
    return float(value)


def load_results(path):
    """Reads one JMH JSON file: (run info, {(shape, threads, kernel): Measurement})."""
    with open(path, encoding="utf-8") as f:
        runs = json.load(f)
    if not isinstance(runs, list):
        raise ValueError(f"{path}: expected a JMH JSON array of results, got {type(runs).__name__}")
    info = None
    table = {}
    for i, run in enumerate(runs):
        if run.get("benchmark") != BENCHMARK:
            continue
        try:
            params = run["params"]
            metric = run["primaryMetric"]
            unit = metric["scoreUnit"]
            if unit not in TO_MS:
                raise ValueError(f"{path}: result {i}: unsupported unit {unit!r} (expected a time per op)")
            scale = TO_MS[unit]
            key = (params["shape"], int(params["threads"]), params["kernel"])
            table[key] = Measurement(_number(metric["score"]) * scale,
                                     _number(metric["scoreError"]) * scale)
        except KeyError as missing:
            raise ValueError(f"{path}: result {i} has no field {missing}") from None
        if info is None:
            info = {
                "jdk": f"{run['vmName']} {run['vmVersion']} (JDK {run['jdkVersion']})",
                "jvm": run["jvm"],
                "jvm_args": " ".join(run.get("jvmArgs", [])),
                "jmh": (f"JMH {run['jmhVersion']}, {run['forks']} forks, "
                        f"warm-up {run['warmupIterations']} x {run['warmupTime']}, "
                        f"measurement {run['measurementIterations']} x {run['measurementTime']}, "
                        f"mode {run['mode']}"),
            }
    if info is None:
        raise ValueError(f"{path}: no results of {BENCHMARK}")
    return info, table


def load_shapes(path):
    with open(path, encoding="utf-8") as f:
        shapes = json.load(f)
    for name, shape in shapes.items():
        for field in ("description", "windows", "flopsPerCall"):
            if field not in shape:
                raise ValueError(f"{path}: shape {name!r} has no field {field!r}")
    return shapes


def speedup(reference, other):
    """reference / other with its error from both relative errors in quadrature."""
    ratio = reference.mean_ms / other.mean_ms
    rel = math.hypot(reference.error_ms / reference.mean_ms, other.error_ms / other.mean_ms)
    return ratio, ratio * rel


def _pm(value, error, digits):
    if math.isnan(error):
        return f"{value:.{digits}f}"
    return f"{value:.{digits}f} ± {error:.{digits}f}"


def render_table(table, shapes, log="the JMH log"):
    """Markdown rows for one result file, shapes in shapes.json order, threads ascending."""
    lines = [
        "| shape | threads | kernel | ms / call | GFLOP/s | speedup vs reference |",
        "|---|---:|---|---:|---:|---:|",
    ]
    threads_seen = sorted({t for (_, t, _) in table})
    # A variant absent from the whole file was not asked for (-p kernel=...); one absent only for
    # some shape or thread count was asked for but failed, typically in its set-up.
    kernels = [k for k in KERNELS if any(key[2] == k for key in table)]
    for name, shape in shapes.items():
        flops = shape["flopsPerCall"]
        for threads in threads_seen:
            if not any((name, threads, k) in table for k in KERNELS):
                continue
            reference = table.get((name, threads, "reference"))
            for kernel in kernels:
                m = table.get((name, threads, kernel))
                if m is None:
                    lines.append(f"| {name} | {threads} | {kernel} | not run (set-up failed? see {log}) | | |")
                    continue
                if kernel == "reference":
                    ratio = "1 (baseline)"
                elif reference is None:
                    ratio = "no reference in this run"
                else:
                    ratio = _pm(*speedup(reference, m), 2) + "x"
                lines.append(
                    f"| {name} | {threads} | {kernel} | {_pm(m.mean_ms, m.error_ms, 2)} | "
                    f"{_pm(m.gflops(flops), m.gflops_error(flops), 2)} | {ratio} |")
    return lines


def read_machine(path):
    """CPU model, cores and SIMD flags: from run.sh's machine.txt, else from this machine."""
    if path:
        with open(path, encoding="utf-8") as f:
            return [line.rstrip("\n") for line in f if line.strip()]
    model, flags, cores = "unknown", set(), 0
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                key, _, value = line.partition(":")
                key = key.strip()
                if key == "model name":
                    model = value.strip()
                    cores += 1
                elif key == "flags":
                    flags = set(value.split())
    except OSError:
        pass
    simd = " ".join(f for f in ("sse4_2", "avx", "avx2", "fma", "avx512f") if f in flags)
    return [f"CPU: {model} ({cores} logical cores), SIMD flags: {simd or 'unknown'}"]


def summarize(result_paths, shapes_path, machine_path=None):
    shapes = load_shapes(shapes_path)
    out = []
    for line in read_machine(machine_path):
        out.append(f"- {line}")
    out.append("- Shapes (Swin v1, qkv bias, default scale; one call = all windows of the batch):")
    for name, shape in shapes.items():
        mask = ", SW-MSA mask" if shape.get("masked") else ""
        out.append(f"  - `{name}`: {shape['description']}{mask}, {shape['windows']} windows, "
                   f"{shape['flopsPerCall'] / 1e6:.1f} MFLOP per call")
    for path in result_paths:
        info, table = load_results(path)
        out.append("")
        out.append(f"**{info['jdk']}** - `{os.path.basename(path)}`")
        out.append("")
        out.append(f"- JVM: `{info['jvm']}`, flags `{info['jvm_args']}`")
        out.append(f"- {info['jmh']}; ± is JMH's 99.9% confidence half-width")
        out.append("")
        log = path[:-len(".json")] + ".log" if path.endswith(".json") else "the JMH log"
        out.extend(render_table(table, shapes, f"`{os.path.basename(log)}`"))
    return "\n".join(out) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", required=True, help="JSON printed by ShapeTable")
    parser.add_argument("--machine", help="machine description written by run.sh")
    parser.add_argument("results", nargs="+", help="JMH JSON result files (-rf json)")
    args = parser.parse_args(argv)
    try:
        sys.stdout.write(summarize(args.results, args.shapes, args.machine))
    except (OSError, ValueError) as e:
        print(f"summarize.py: {e}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
