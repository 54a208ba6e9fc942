#!/usr/bin/env python3
"""Where a generated vector kernel spends its time, step by step (a profile, not a guess).

Runs WindowAttentionBenchmark for each shape (generated-vector, 1 thread) under JMH's JFR
profiler, attributes every execution sample to the innermost frame in the generated kernel's
class, maps that method to the PyTorch step it implements, and prints the share of time and the
GFLOP/s of each step (the step's FLOPs over its share of the measured time per call), with the
machine's FMA peak if given.

    tools/bench/profile_steps.py [--java PATH] [--peak GFLOPS] [--out FILE.md] shape [shape ...]

Needs benchmarks/target/benchmarks.jar and the models that benchmarks/run exports (for the
agreement check of the set-up); the `jfr` tool of the same JDK parses the recordings.
"""

import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile
from collections import Counter

# method-name prefix in the generated vector class -> (step, which FLOPs it does)
STEPS = [
    ("tile3Bias", "qkv and proj projections", "proj"),
    ("tile2Bias", "qkv and proj projections", "proj"),
    ("splitLinear", "qkv and proj projections", "proj"),
    ("tile1Bias", "qkv and proj projections", "proj"),
    ("gemmBias", "qkv and proj projections", "proj"),
    ("packRows", "qkv and proj projections", "proj"),
    ("tile2RowScaled", "attn @ v (and * 1/sum)", "av"),
    ("tile1RowScaled", "attn @ v (and * 1/sum)", "av"),
    ("gemmRowScaled", "attn @ v (and * 1/sum)", "av"),
    ("tile2Scaled", "q @ k.T", "qk"),
    ("tile1Scaled", "q @ k.T", "qk"),
    ("gemmScaled", "q @ k.T", "qk"),
    ("tile2", "q @ k.T", "qk"),
    ("tile1", "q @ k.T", "qk"),
    ("gemm", "q @ k.T", "qk"),
    ("softmaxRow", "softmax (+ bias, mask, exp, sum)", None),
    ("normalizeRows", "cosine normalize (v2)", None),
    ("gatherBias", "bias gather", None),
    ("padMask", "mask rows", None),
    ("head", "head split (k transposed, v)", None),
    ("splitMergeHeads", "head split (k transposed, v)", None),
    ("window", "window copy in/out", None),
]


def step_of(method):
    for prefix, step, flops in STEPS:
        if method == prefix or method.startswith(prefix) and method[len(prefix):].isdigit():
            return step, flops
    return "other in kernel: " + method, None


def step_flops(shape):
    """FLOPs per call of the three product groups, from the JMH shape's geometry."""
    n, c, windows = shape["tokens"], shape["dim"], shape["windows"]
    with_qkv = shape.get("withQkv", True)
    proj = 2 * n * c * (3 * c + c) if with_qkv else 0
    return {"proj": windows * proj, "qk": windows * 2 * n * n * c, "av": windows * 2 * n * n * c}


def run(args, shape_id, shapes, work):
    out_dir = os.path.join(work, shape_id)
    result = os.path.join(out_dir, "result.json")
    os.makedirs(out_dir, exist_ok=True)
    cmd = [args.java, "--add-modules", "jdk.incubator.vector", "-jar", args.jar,
           "WindowAttentionBenchmark", "-p", "shape=" + shape_id, "-p", "implementation=generated-vector",
           "-p", "threads=1", "-f", "1", "-wi", "2", "-w", "1s", "-i", "4", "-r", "1s",
           "-prof", "jfr:dir=" + out_dir + ";configName=profile", "-rf", "json", "-rff", result]
    print(">> " + " ".join(cmd), file=sys.stderr)
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    us = json.load(open(result))[0]["primaryMetric"]["score"]  # the benchmark reports us/op
    unit = json.load(open(result))[0]["primaryMetric"]["scoreUnit"]
    ms = us / 1000 if unit.startswith("us") else us
    recordings = glob.glob(os.path.join(out_dir, "**", "*.jfr"), recursive=True)
    if not recordings:
        sys.exit("profile_steps: no JFR recording under " + out_dir)
    jfr = os.path.join(os.path.dirname(args.java), "jfr")
    text = subprocess.run([jfr, "print", "--json", "--events", "jdk.ExecutionSample", recordings[0]],
                          check=True, capture_output=True, text=True).stdout
    samples = Counter()
    flops_of = {}
    total = 0
    for event in json.loads(text)["recording"]["events"]:
        frames = (event["values"].get("stackTrace") or {}).get("frames") or []
        total += 1
        for frame in frames:
            klass = frame["method"]["type"]["name"]
            if klass.endswith("_Vector"):
                step, flops = step_of(frame["method"]["name"])
                samples[step] += 1
                flops_of[step] = flops
                break
        else:
            samples["outside the kernel (JMH, JDK)"] += 1
    return ms, total, samples, flops_of, step_flops(shapes[shape_id])


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("shapes", nargs="+")
    p.add_argument("--java", default=os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java"))
    p.add_argument("--jar", default="benchmarks/target/benchmarks.jar")
    p.add_argument("--shapes-json", default="benchmarks/work/shapes.json")
    p.add_argument("--peak", type=float, help="FMA peak of one core, GFLOP/s (same machine)")
    p.add_argument("--out", help="also write the tables (markdown) here")
    args = p.parse_args()
    shapes = json.load(open(args.shapes_json))
    lines = []
    with tempfile.TemporaryDirectory(prefix="winattn-profile-") as work:
        for shape_id in args.shapes:
            if shape_id not in shapes:
                sys.exit("profile_steps: unknown shape '%s' (known: %s)" % (shape_id, ", ".join(shapes)))
            ms, total, samples, flops_of, flops = run(args, shape_id, shapes, work)
            lines.append("`%s`: %.3f ms per call, %d samples" % (shape_id, ms, total))
            lines.append("")
            lines.append("| step | share of time | GFLOP/s of the step |" + (" % of peak |" if args.peak else ""))
            lines.append("|---|---:|---:|" + ("---:|" if args.peak else ""))
            for step, count in samples.most_common():
                share = count / total
                kind = flops_of.get(step)
                rate = ""
                frac = ""
                if kind and share > 0:
                    gflops = flops[kind] / (share * ms * 1e-3) / 1e9
                    rate = "%.1f" % gflops
                    frac = "%.0f%%" % (100 * gflops / args.peak) if args.peak else ""
                row = "| %s | %.1f%% | %s |" % (step, 100 * share, rate)
                lines.append(row + (" %s |" % frac if args.peak else ""))
            lines.append("")
    text = "\n".join(lines)
    print(text)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")


if __name__ == "__main__":
    main()
