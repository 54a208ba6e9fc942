#!/usr/bin/python3
"""Exports the benchmark shapes to ONNX for the ONNX Runtime peer of the JMH suite.

For each shape of benchmarks' ShapeTable (shapes.json), builds our PyTorch module
(winattn_modules.py) with seeded weights of realistic magnitude and writes into OUT/<shape>/:

  model.onnx           torch.onnx.export, opset 17, constant folding; inputs x (B_, N, C) and,
                       for a shifted (masked) shape, mask (nW, N, N); output y (B_, N, C)
  weights.safetensors  the module's state dict, which the Java side binds with StateDictBinder so
                       the reference kernel computes the same function as the graph
  inputs.safetensors   the x (and mask) the export traced with, and torch's output y on them
  spec.json            the shape spec and torch version it was made from; a shape whose spec.json
                       is unchanged is not exported again (--force does)

The same seeded modules are timed by tools/bench/pytorch_bench.py (build_module below).

Usage: /usr/bin/python3 tools/reference/export_onnx.py --shapes shapes.json [--out benchmarks/work]
       [--only swin_t_s1,temporal_t8] [--force]
"""

import argparse
import json
import math
import os
import sys

import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402
import winattn_modules as wm  # noqa: E402

OPSET = 17

# The tracer warns about every Python-level shape check in the modules; the shapes are static here.
warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
warnings.filterwarnings("ignore", category=UserWarning, module="torch.onnx")


def build_module(spec, seed=42):
    """Our module for one ShapeTable entry, eval mode, seeded weights of realistic magnitude:
    nn.Linear's default init, bias tables trunc_normal(std=0.02) as the official models, Swin v2's
    default cpb_mlp and logit_scale with small random q/v biases."""
    torch.manual_seed(seed)
    family, dim, heads = spec["family"], spec["dim"], spec["heads"]
    window = tuple(spec["window"])
    bias = spec["qkvBias"]
    if family == "swin_v1":
        module = wm.WindowAttention(dim, window, heads, qkv_bias=bias)
    elif family == "swin_v2":
        pretrained = tuple(spec["pretrainedWindow"])
        module = wm.WindowAttentionV2(dim, window, heads, qkv_bias=bias,
                                      pretrained_window_size=(0, 0) if pretrained == window else pretrained)
    elif family == "video_swin":
        module = wm.WindowAttention3D(dim, window, heads, qkv_bias=bias)
    elif family == "temporal":
        module = wm.TemporalAttention(dim, window[0], num_heads=heads, qkv_bias=bias)
    else:
        raise SystemExit(f"{spec['model']}: unknown family {family!r}")
    module.eval()
    with torch.no_grad():
        if family == "swin_v2":
            if bias:
                module.q_bias.normal_(0.0, 0.02)
                module.v_bias.normal_(0.0, 0.02)
        else:
            torch.nn.init.trunc_normal_(module.relative_position_bias_table, std=0.02)
    return module


def make_inputs(spec, seed=7):
    """x (B_, N, C) uniform in [-1, 1) and the block's mask (nW, N, N) or None."""
    g = torch.Generator().manual_seed(seed)
    x = torch.rand(spec["windows"], spec["tokens"], spec["dim"], generator=g) * 2 - 1
    return x, make_mask(spec)


def make_mask(spec):
    """The SW-MSA mask of a shifted block, as the official blocks build it; None if unshifted."""
    if not spec["masked"]:
        return None
    resolution, window, shift = spec["resolution"], spec["effectiveWindow"], spec["shift"]
    if spec["family"] == "video_swin":
        mask = wm.video_mask(resolution, window, shift)
    else:
        mask = wm.swin_mask(resolution, window, shift)
    if mask.shape[0] != spec["windowsPerItem"]:
        raise SystemExit(f"{spec['model']}: mask has {mask.shape[0]} windows, Java says {spec['windowsPerItem']}")
    return mask


class _Graph(torch.nn.Module):
    """The exported function: forward(x[, mask]) of one module, mask as a graph input."""

    def __init__(self, module, masked):
        super().__init__()
        self.module = module
        self.masked = masked

    def forward(self, x, mask=None):
        if isinstance(self.module, wm.TemporalAttention):
            return self.module(x)
        return self.module(x, mask) if self.masked else self.module(x)


def flops_per_window(spec):
    """AttentionShape.flopsPerWindow(), to cross-check the spec."""
    n, c = spec["tokens"], spec["dim"]
    return 2 * n * c * 3 * c + 2 * n * c * c + 4 * n * n * c


def export(shape_id, spec, out_dir, force=False):
    if flops_per_window(spec) != spec["flopsPerWindow"]:
        raise SystemExit(f"{shape_id}: FLOPs per window disagree with Java; update flops_per_window")
    folder = os.path.join(out_dir, shape_id)
    stamp = {"spec": spec, "torch": torch.__version__, "opset": OPSET}
    stamp_path = os.path.join(folder, "spec.json")
    if not force and os.path.exists(stamp_path) and os.path.exists(os.path.join(folder, "model.onnx")):
        with open(stamp_path, encoding="utf-8") as f:
            if json.load(f) == stamp:
                print(f"export_onnx: {shape_id}: up to date", file=sys.stderr)
                return
    os.makedirs(folder, exist_ok=True)
    module = build_module(spec)
    x, mask = make_inputs(spec)
    graph = _Graph(module, mask is not None).eval()
    args = (x, mask) if mask is not None else (x,)
    names = ["x", "mask"] if mask is not None else ["x"]
    with torch.no_grad():
        y = graph(*args)
        torch.onnx.export(graph, args, os.path.join(folder, "model.onnx"), opset_version=OPSET,
                          input_names=names, output_names=["y"], do_constant_folding=True)
    state = {k: v for k, v in module.state_dict().items()}
    safetensors_io.write(os.path.join(folder, "weights.safetensors"), state,
                         {"shape": shape_id, "description": spec["description"]})
    tensors = {"x": x, "y": y}
    if mask is not None:
        tensors["mask"] = mask
    safetensors_io.write(os.path.join(folder, "inputs.safetensors"), tensors, {"shape": shape_id})
    with open(stamp_path, "w", encoding="utf-8") as f:
        json.dump(stamp, f, indent=2, sort_keys=True)
    print(f"export_onnx: {shape_id}: wrote {folder}/model.onnx ({spec['description']},"
          f" inputs {names})", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", required=True, help="shapes.json of io.github.winattn.benchmarks.ShapeTable")
    parser.add_argument("--out", default="benchmarks/work", help="output folder (default: %(default)s)")
    parser.add_argument("--only", help="comma-separated shape ids (default: all)")
    parser.add_argument("--force", action="store_true", help="export even if spec.json is unchanged")
    args = parser.parse_args(argv)
    with open(args.shapes, encoding="utf-8") as f:
        shapes = json.load(f)
    wanted = args.only.split(",") if args.only else list(shapes)
    unknown = [s for s in wanted if s not in shapes]
    if unknown:
        raise SystemExit(f"export_onnx: unknown shape ids {unknown} (known: {list(shapes)})")
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    for shape_id in wanted:
        export(shape_id, shapes[shape_id], args.out, args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
