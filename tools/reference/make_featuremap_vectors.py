#!/usr/bin/python3
"""Feature-map test vectors: the official blocks' attention path on whole maps.

Run with Debian's Python (torch 1.13):  /usr/bin/python3 tools/reference/make_featuremap_vectors.py
Options: --out DIR (default: runtime/src/test/resources/featuremap-vectors), --check-only.

Each case builds a module with make_vectors' seeded parameters, runs featuremap_blocks' path
(roll, pad, window_partition, the module with attn_mask, window_reverse, roll back, crop; or the
temporal rearrange) on a seeded (B, H, W, C), (B, D, H, W, C) or (B, T, N, C) input in float32 and
float64, checks they agree, checks the path against the module run window by window on a map
rolled and padded by numpy indexing (a second route to the same numbers), and writes
<case>/weights.safetensors and <case>/io.safetensors with the metadata the Java tests and the CLI
read. Deterministic: re-running gives identical bytes.
"""

import argparse
import copy
import json
import math
import os
import sys

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import featuremap_blocks as fb  # noqa: E402
import make_vectors as mv  # noqa: E402
import safetensors_io  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO, "runtime", "src", "test", "resources", "featuremap-vectors")
TOTAL_BYTES_LIMIT = 1024 * 1024   # with the window vectors (about 1.2 MB), well under 3 MB


# (name, family, module window, dim, heads, layout, map shape, images, block window, block shift, extras)
CASES = [
    ("fm_swin_v1_8x12_w4_s2_b2", "swin_v1", (4, 4), 16, 2, (8, 12), 2, 4, 2, {}),
    ("fm_swin_v1_12x8_w4_s0", "swin_v1", (4, 4), 16, 2, (12, 8), 1, 4, 0, {}),
    ("fm_swin_v1_clamped_4x8_w7_s3_b2", "swin_v1", (4, 4), 16, 2, (4, 8), 2, 7, 3, {}),
    ("fm_swin_v2_8x12_w4_s2_b2", "swin_v2", (4, 4), 16, 2, (8, 12), 2, 4, 2, {}),
    ("fm_swin_v2_8x8_w4_s0_pre3", "swin_v2", (4, 4), 16, 2, (8, 8), 1, 4, 0, {"pretrained": (3, 3)}),
    ("fm_video_swin_3x6x7_w2x4x4_s1x2x2_b2", "video_swin", (2, 4, 4), 16, 2, (3, 6, 7), 2,
     (2, 4, 4), (1, 2, 2), {}),
    ("fm_video_swin_clamped_1x5x8_w2x4x4_s1x2x2", "video_swin", (2, 4, 4), 16, 2, (1, 5, 8), 1,
     (2, 4, 4), (1, 2, 2), {}),
    ("fm_video_swin_3x5x6_w2x4x4_s0", "video_swin", (2, 4, 4), 16, 2, (3, 5, 6), 2,
     (2, 4, 4), (0, 0, 0), {}),
    ("fm_temporal_t4_n5_b2", "temporal", (4,), 16, 2, (4, 5), 2, None, None, {}),
]


def fmt(value):
    return "x".join(str(v) for v in value) if isinstance(value, (tuple, list)) else str(value)


def run_path(family, module, x, window_size, shift_size):
    with torch.no_grad():
        if family in ("swin_v1", "swin_v2"):
            return fb.swin_block_attention(module, x, window_size, shift_size)
        if family == "video_swin":
            return fb.video_block_attention(module, x, window_size, shift_size)
        return fb.temporal_frames_attention(module, x)


def by_indexing(family, module, x, window, shift, padded):
    """Second route: every window gathered from the padded map by numpy index arithmetic (rolled
    coordinate (p + s) mod Lp), the module per window with the block's mask window, scattered."""
    if family == "temporal":
        return None
    size = x.shape[1:-1]
    rank = len(size)
    xp = torch.zeros((x.shape[0],) + tuple(padded) + (x.shape[-1],), dtype=x.dtype)
    xp[(slice(None),) + tuple(slice(0, s) for s in size)] = x
    grid = [p // w for p, w in zip(padded, window)]
    if any(s > 0 for s in shift):
        masks = (fb.wm.swin_mask(padded, window, shift) if rank == 2
                 else fb.wm.video_mask(padded, window, shift)).to(x.dtype)
    else:
        masks = None
    out = torch.zeros_like(xp)
    for b in range(x.shape[0]):
        for win, origin in enumerate(np.ndindex(*grid)):
            coords = [np.array(c) for c in np.ndindex(*window)]
            idx = [tuple((origin[a] * window[a] + c[a] + shift[a]) % padded[a] for a in range(rank))
                   for c in coords]
            tokens = torch.stack([xp[(b,) + i] for i in idx]).unsqueeze(0)
            mask = None if masks is None else masks[win:win + 1]
            with torch.no_grad():
                y = module(tokens, mask=mask)[0]
            for t, i in enumerate(idx):
                out[(b,) + i] = y[t]
    return out[(slice(None),) + tuple(slice(0, s) for s in size)]


def make_case(spec, out_dir, write):
    name, family, window, dim, heads, shape, images, block_window, block_shift, extras = spec
    case = mv.Case(name, family, window, dim, heads, pretrained=extras.get("pretrained"),
                   qkv_bias=family != "temporal")
    module, g = mv.build_module(case)
    x = torch.randn((images,) + tuple(shape) + (dim,), generator=g)
    if family == "temporal":
        clamped, shift, padded = window, (0,), shape
    else:
        clamped, shift, padded = fb.windows_of(family, shape, block_window, block_shift)
    out32 = run_path(family, module, x, block_window, block_shift)
    module64 = copy.deepcopy(module).double()
    out64 = run_path(family, module64, x.double(), block_window, block_shift)
    diff = (out32.double() - out64).abs().max().item()
    if diff > mv.F32_VS_F64_LIMIT[family]:
        raise AssertionError(f"{name}: max |f32 - f64| = {diff:.3e}")
    second = by_indexing(family, module64, x.double(), clamped, shift, padded)
    second_diff = 0.0 if second is None else (second - out64).abs().max().item()
    if second_diff > 1e-12:
        raise AssertionError(f"{name}: block path and per-window indexing differ by {second_diff:.3e}")
    effective = clamped if family == "video_swin" else window
    if family in ("swin_v1", "swin_v2") and tuple(clamped) != tuple(window):
        raise AssertionError(f"{name}: the block builds a {clamped} module, case says {window}")
    meta = {
        "case": name,
        "family": family,
        "window": fmt(window),
        "effective_window": fmt(effective),
        "dim": str(dim),
        "heads": str(heads),
        "qkv_bias": "true" if case.qkv_bias else "false",
        "qk_scale": "0",
        "with_qkv": "true",
        "pretrained_window": fmt(case.pretrained) if case.pretrained else "",
        "prefix": "",
        "layout": "frames" if family == "temporal" else "feature-map",
        "block_window": "" if block_window is None else fmt(block_window),
        "block_shift": "" if block_shift is None else fmt(block_shift),
        "effective_shift": fmt(shift),
        "padded": fmt(padded),
        "images": str(images),
    }
    print(f"{name}: x {tuple(x.shape)} window {fmt(clamped)} shift {fmt(shift)} padded {fmt(padded)}"
          f"  max|f32-f64|={diff:.2e}  max|path-indexing|={second_diff:.1e}")
    weights = dict(module.state_dict())
    io = {"input": x, "output": out32, "output_f64": out64}
    size = 0
    if write:
        case_dir = os.path.join(out_dir, name)
        os.makedirs(case_dir, exist_ok=True)
        size += mv.write_checked(os.path.join(case_dir, "weights.safetensors"), weights, {"format": "pt"})
        size += mv.write_checked(os.path.join(case_dir, "io.safetensors"), io, meta)
    return {"name": name, "metadata": meta}, size


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--check-only", action="store_true")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    entries, total = [], 0
    for spec in CASES:
        entry, size = make_case(spec, args.out, not args.check_only)
        entries.append(entry)
        total += size
    if not args.check_only:
        text = json.dumps({"generator": "tools/reference/make_featuremap_vectors.py",
                           "torch": torch.__version__.split("+")[0], "cases": entries},
                          indent=2, sort_keys=True) + "\n"
        with open(os.path.join(args.out, "index.json"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text)
        if total > TOTAL_BYTES_LIMIT:
            raise AssertionError(f"feature-map vectors take {total} bytes, more than {TOTAL_BYTES_LIMIT}")
    print(f"{len(entries)} cases, {total} bytes")


if __name__ == "__main__":
    main()
