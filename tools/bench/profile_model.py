#!/usr/bin/env python3
"""Where a whole Swin-T forward spends its time, module by module (a profile, not a guess).

Runs WholeModelBenchmark (generated-vector, 1 thread, batch 1 unless told) under JMH's JFR
profiler, attributes every execution sample to the model's module by its stack (the innermost
frame of the runtime's layer classes: io.github.winattn.model.layers, the feature-map attention and
the generated kernels), and prints each module's share of the samples, its milliseconds per call
(share x JMH's measured time) and, for the matrix products, its GFLOP/s. Attention is split per
stage by the generated kernel's class (`..._d96_...` is stage 1); window gathering outside the
kernel is its own row. Samples outside the model (JMH, the JDK) are listed and not spread.

    tools/bench/profile_model.py [--java PATH] [--batch 1] [--threads 1] [--out FILE.md]

Needs benchmarks/target/benchmarks.jar and benchmarks/work/swin_model/ (export_swin_model.py);
the `jfr` tool of the same JDK parses the recording.
"""

import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile
from collections import Counter

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render  # noqa: E402

LAYERS = "io.github.winattn.model.layers."
MODEL = "io.github.winattn.model.SwinModel"
GENERATED = "io.github.winattn.generated."
ATTENTION_PACKAGES = ("io.github.winattn.featuremap.", "io.github.winattn.kernel.", "io.github.winattn.registry.")
PARALLEL = "io.github.winattn.kernel.ParallelForward"  # splits every step: not attention
OUTSIDE = "outside the model (JMH, JDK, GC)"
# Rows in the order of the forward pass.
ORDER = ["patch embedding (conv as matrix product + norm)"] \
    + [f"attention, stage {i} (generated kernel: qkv, softmax, proj)" for i in range(1, 5)] \
    + ["attention, outside the kernel (shift, window copies)", "norm1 (pre-attention LayerNorm)",
       "residual add (x + attn)", "norm2 (pre-MLP LayerNorm)", "MLP (fc1 + GELU, fc2 + residual)",
       "patch merging (gather, norm, reduction)", "final norm, mean, head", "other in the model", OUTSIDE]


def module_of(frames, stage_of_dim):
    """The module a sample (frames innermost first, each (class, method)) belongs to."""
    in_layer_norm = False  # a LayerNorm frame lies inside (the generated kernels call LayerNorm.row)
    for klass, method in frames:
        if klass.startswith(LAYERS) and klass[len(LAYERS):].split("$")[0] in ("LayerNorm", "VectorLayerNorm"):
            in_layer_norm = True
        if klass.startswith(GENERATED) and "Mlp_" in klass:
            # a generated MLP block kernel: the steps of SwinBlock.mlpRows in one class
            if in_layer_norm or method == "layerNorm":
                return "norm2 (pre-MLP LayerNorm)"
            if method in ("tile", "rows", "add"):
                return "residual add (x + attn)"
            return "MLP (fc1 + GELU, fc2 + residual)"
        if klass.startswith(GENERATED):
            m = re.search(r"_d(\d+)", klass)
            stage = stage_of_dim.get(int(m.group(1))) if m else None
            return ORDER[1 + stage - 1] if stage else "attention, outside the kernel (shift, window copies)"
    innermost_layer = None
    for klass, method in frames:
        if klass.startswith(ATTENTION_PACKAGES) and not klass.startswith(PARALLEL):
            return "attention, outside the kernel (shift, window copies)"
        if klass.startswith(LAYERS):
            simple = klass[len(LAYERS):].split("$")[0]
            if innermost_layer is None:
                innermost_layer = simple
            if simple == "PatchEmbed":
                return ORDER[0]
            if simple == "PatchMerging":
                return "patch merging (gather, norm, reduction)"
            if simple == "SwinBlock":
                if method == "preNormRows":
                    return "norm1 (pre-attention LayerNorm)"
                if method == "mlpRows":
                    if innermost_layer == "LayerNorm":
                        return "norm2 (pre-MLP LayerNorm)"
                    if innermost_layer in ("Linear", "VectorLinear", "Gelu"):
                        return "MLP (fc1 + GELU, fc2 + residual)"
                    return "residual add (x + attn)"
        if klass.startswith(MODEL):
            if method == "classifyHead":
                return "final norm, mean, head"
            return "other in the model"
    return OUTSIDE


def module_flops(config):
    """FLOPs per image of the matrix products in each row (render.swin_flops split by module)."""
    p = config["patch_size"]
    h, w = config["img_size"] // p, config["img_size"] // p
    c = config["embed_dim"]
    flops = Counter({ORDER[0]: 2 * h * w * config["in_chans"] * p * p * c})
    for i, depth in enumerate(config["depths"]):
        t = h * w
        win = min(config["window_size"], h, w)
        hidden = int(c * config["mlp_ratio"])
        flops[ORDER[1 + i]] += depth * (2 * t * c * 4 * c + 2 * 2 * t * win * win * c)
        flops["MLP (fc1 + GELU, fc2 + residual)"] += depth * 2 * 2 * t * c * hidden
        if i < len(config["depths"]) - 1:
            flops["patch merging (gather, norm, reduction)"] += 2 * (t // 4) * 4 * c * 2 * c
            h, w, c = h // 2, w // 2, 2 * c
    flops["final norm, mean, head"] += 2 * c * config["num_classes"]
    assert sum(flops.values()) == render.swin_flops(config)
    return flops


def stage_dims(config):
    return {config["embed_dim"] * 2 ** i: i + 1 for i in range(len(config["depths"]))}


def table(ms, samples, flops, batch):
    """Markdown rows: module, share of the model's samples, ms per call, GFLOP/s."""
    inside = sum(n for k, n in samples.items() if k != OUTSIDE)
    lines = ["| module | share of the model's time | ms per call | GFLOP/s |", "|---|---:|---:|---:|"]
    for module in ORDER:
        n = samples.get(module, 0)
        if module == OUTSIDE or n == 0 and not flops.get(module):
            continue
        share = n / inside if inside else 0.0
        module_ms = share * ms
        rate = f"{flops[module] * batch / (module_ms * 1e6):.1f}" if flops.get(module) and module_ms > 0 else ""
        lines.append(f"| {module} | {100 * share:.1f}% | {module_ms:.1f} | {rate} |")
    lines.append(f"| total (JMH: {ms:.1f} ms per call; {samples.get(OUTSIDE, 0)} of "
                 f"{inside + samples.get(OUTSIDE, 0)} samples outside the model, not spread) | 100% | {ms:.1f} | "
                 f"{sum(flops.values()) * batch / (ms * 1e6):.1f} |")
    return "\n".join(lines)


def samples_of(jfr_json, stage_of_dim):
    samples = Counter()
    for event in json.loads(jfr_json)["recording"]["events"]:
        frames = (event["values"].get("stackTrace") or {}).get("frames") or []
        # jfr print names classes with slashes (io/github/...): normalised to dots
        samples[module_of([(f["method"]["type"]["name"].replace("/", "."), f["method"]["name"]) for f in frames],
                          stage_of_dim)] += 1
    return samples


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--java", default=os.path.join(os.environ.get("JAVA_HOME", "/usr"), "bin", "java"))
    p.add_argument("--jar", default="benchmarks/target/benchmarks.jar")
    p.add_argument("--work", default="benchmarks/work")
    p.add_argument("--batch", type=int, default=1)
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--out", help="also write the table (markdown) here")
    p.add_argument("--keep", help="keep the JMH result and the JFR recording in this folder")
    p.add_argument("--reuse", action="store_true", help="with --keep: analyse the kept run, do not run JMH")
    args = p.parse_args(argv)
    spec_path = os.path.join(args.work, "swin_model", "spec.json")
    if not os.path.exists(spec_path):
        sys.exit(f"profile_model: no {spec_path}: run /usr/bin/python3 tools/reference/export_swin_model.py")
    config = json.load(open(spec_path))["config"]
    with tempfile.TemporaryDirectory(prefix="winattn-profile-model-") as temp:
        out_dir = args.keep or temp
        os.makedirs(out_dir, exist_ok=True)
        result = os.path.join(out_dir, "result.json")
        cmd = [args.java, "-Dwinattn.bench.work=" + args.work, "-Djmh.ignoreLock=true", "-jar", args.jar,
               "WholeModelBenchmark", "-p", "implementation=generated-vector", "-p", f"batch={args.batch}",
               "-p", f"threads={args.threads}", "-f", "1", "-wi", "2", "-w", "2s", "-i", "4", "-r", "2s",
               "-prof", "jfr:dir=" + out_dir + ";configName=profile", "-rf", "json", "-rff", result]
        if not (args.reuse and args.keep and os.path.exists(result)):
            print(">> " + " ".join(cmd), file=sys.stderr)
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        metric = json.load(open(result))[0]["primaryMetric"]
        if metric["scoreUnit"] != "ms/op":
            sys.exit("profile_model: expected ms/op, got " + metric["scoreUnit"])
        recordings = glob.glob(os.path.join(out_dir, "**", "*.jfr"), recursive=True)
        if not recordings:
            sys.exit("profile_model: no JFR recording under " + out_dir)
        jfr = os.path.join(os.path.dirname(args.java), "jfr")
        text = subprocess.run([jfr, "print", "--json", "--stack-depth", "64", "--events", "jdk.ExecutionSample",
                               recordings[0]],
                              check=True, capture_output=True, text=True).stdout
    samples = samples_of(text, stage_dims(config))
    out = (f"WholeModelBenchmark generated-vector, batch {args.batch}, {args.threads} thread(s): "
           f"{metric['score']:.1f} ± {metric['scoreError']:.1f} ms per call, load average "
           f"{os.getloadavg()[0]:.1f} at the end\n\n" + table(metric["score"], samples, module_flops(config), args.batch))
    print(out)
    if args.out:
        with open(args.out, "w") as f:
            f.write(out + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
