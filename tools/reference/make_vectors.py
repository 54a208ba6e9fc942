#!/usr/bin/python3
"""Generates the committed PyTorch test vectors under runtime/src/test/resources/vectors/.

Run with Debian's Python (torch 1.13):  /usr/bin/python3 tools/reference/make_vectors.py
Options: --out DIR (default: the vectors folder of this repository), --check-only (compute and
check everything, write nothing).

Per case it builds the reference module with seeded parameters, runs it in float32 and in
float64 (same parameters and input cast to double), checks both against a naive float64 oracle,
and writes <case>/weights.safetensors and <case>/io.safetensors, then index.json. Every file is
read back and compared (round trip). Output is deterministic: re-running gives identical bytes.
"""

import argparse
import copy
import json
import math
import os
import sys
import zlib
from dataclasses import dataclass, field

import numpy as np
import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import naive_oracle as oracle  # noqa: E402
import safetensors_io  # noqa: E402
import winattn_modules as wm  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO, "runtime", "src", "test", "resources", "vectors")

# max |output(float32) - output(float64)| accepted; v2's cosine logits times logit scales up to
# 100 amplify float32 rounding (docs/semantics.md "Expected precision")
F32_VS_F64_LIMIT = {"swin_v1": 1e-5, "swin_v2": 5e-5, "video_swin": 1e-5, "temporal": 1e-5}
ORACLE_LIMIT = 1e-9           # module (float64) vs naive oracle (float64)
MUTATION_MIN = 0.1            # every semantic mistake must move the output by more than this
TOTAL_BYTES_LIMIT = 3 * 1024 * 1024


def fmt_window(window):
    return "x".join(str(w) for w in window)


def fmt_block(value):
    """Block parameters as given: an int stays "7", a tuple becomes "1x2"."""
    return str(value) if isinstance(value, int) else fmt_window(value)


@dataclass
class Case:
    name: str
    family: str               # swin_v1 | swin_v2 | video_swin | temporal
    window: tuple             # the window the module (and its weights) is built for
    dim: int
    heads: int
    batch: int = 0            # B_ of unmasked cases; masked cases use images * nW
    qkv_bias: bool = True
    qk_scale: float = None
    with_qkv: bool = True
    pretrained: tuple = None  # swin_v2 pretrained_window_size
    prefix: str = ""
    block: dict = None        # input_resolution, window_size, shift_size, images (as given)
    masked: bool = False
    checkpoint_extras: bool = False
    effective_window: tuple = None
    effective_shift: tuple = None
    notes: list = field(default_factory=list)

    @property
    def seed(self):
        return zlib.crc32(self.name.encode("utf-8"))


CASES = [
    # ---- swin_v1
    Case("swin_v1_w7x7_d32_h2", "swin_v1", (7, 7), 32, 2, batch=3),
    Case("swin_v1_w3x5_d24_h3_masked", "swin_v1", (3, 5), 24, 3, masked=True,
         block=dict(input_resolution=(6, 10), window_size=(3, 5), shift_size=(1, 2), images=2)),
    Case("swin_v1_w4x6_d16_h4_noqkvbias_qkscale", "swin_v1", (4, 6), 16, 4, batch=2,
         qkv_bias=False, qk_scale=0.3),
    Case("swin_v1_w7x7_d24_h3_checkpoint", "swin_v1", (7, 7), 24, 3, masked=True,
         prefix="layers.0.blocks.1.attn.", checkpoint_extras=True,
         block=dict(input_resolution=(14, 14), window_size=7, shift_size=3, images=1)),
    Case("swin_v1_clamped_w5x5_d16_h2", "swin_v1", (5, 5), 16, 2,
         block=dict(input_resolution=(5, 5), window_size=7, shift_size=3, images=2)),
    # ---- swin_v2
    Case("swin_v2_w4x6_d24_h3_masked", "swin_v2", (4, 6), 24, 3, masked=True,
         block=dict(input_resolution=(8, 12), window_size=(4, 6), shift_size=(2, 3), images=2)),
    Case("swin_v2_w6x6_d16_h2_pre4x4", "swin_v2", (6, 6), 16, 2, batch=2, pretrained=(4, 4)),
    Case("swin_v2_w4x6_d24_h4_pre3x5_noqkvbias", "swin_v2", (4, 6), 24, 4, batch=2,
         pretrained=(3, 5), qkv_bias=False),
    # ---- video_swin
    Case("video_swin_w2x3x4_d24_h3_masked", "video_swin", (2, 3, 4), 24, 3, masked=True,
         block=dict(input_resolution=(4, 6, 8), window_size=(2, 3, 4), shift_size=(1, 1, 2), images=2)),
    Case("video_swin_w4x3x3_d16_h2_clamped_depth", "video_swin", (4, 3, 3), 16, 2, masked=True,
         qkv_bias=False,
         block=dict(input_resolution=(1, 6, 6), window_size=(4, 3, 3), shift_size=(2, 1, 1), images=2)),
    Case("video_swin_w2x4x4_d16_h2_clamped_height", "video_swin", (2, 4, 4), 16, 2, masked=True,
         block=dict(input_resolution=(2, 2, 8), window_size=(2, 4, 4), shift_size=(1, 2, 2), images=2)),
    Case("video_swin_w2x2x3_d16_h2_qkscale", "video_swin", (2, 2, 3), 16, 2, batch=3, qk_scale=0.2),
    # ---- temporal
    Case("temporal_t8_d32_h4", "temporal", (8,), 32, 4, batch=4, qkv_bias=False),
    Case("temporal_t6_d24_h3_noqkv", "temporal", (6,), 24, 3, batch=3, qkv_bias=False, with_qkv=False),
    # qk_scale 0.35, not 0.5: with d = 4 the default is 0.5, and an override equal to the default
    # could not reveal an ignored qk_scale
    Case("temporal_t5_d20_h5_qkvbias_qkscale", "temporal", (5,), 20, 5, batch=3, qkv_bias=True,
         qk_scale=0.35),
]


# ------------------------------------------------------------------------------------------------
# Geometry: window and mask the official block would use.


def resolve_geometry(case):
    """Fills effective_window/effective_shift; returns the float32 mask or None."""
    case.effective_window = case.window
    case.effective_shift = (0,) * len(case.window)
    if case.block is None:
        return None
    b = case.block
    if case.family in ("swin_v1", "swin_v2"):
        window, shift = wm.swin_block_geometry(b["input_resolution"], b["window_size"], b["shift_size"])
        if window != case.window:
            raise AssertionError(f"{case.name}: the block builds a {window} module, case says {case.window}")
        mask = wm.swin_mask(b["input_resolution"], window, shift)
    elif case.family == "video_swin":
        window, shift = wm.video_window_geometry(b["input_resolution"], b["window_size"], b["shift_size"])
        case.effective_window = window
        mask = wm.video_mask(b["input_resolution"], window, shift)
    else:
        raise AssertionError(f"{case.name}: {case.family} has no block geometry")
    case.effective_shift = shift
    expected = oracle.shift_mask(b["input_resolution"], window, shift)
    if not np.array_equal(mask.numpy(), expected):
        raise AssertionError(f"{case.name}: mask builder disagrees with the naive region labels")
    uses_mask = any(s > 0 for s in shift)
    if uses_mask != case.masked:
        raise AssertionError(f"{case.name}: block shift {shift} means masked={uses_mask}, case says {case.masked}")
    return mask if uses_mask else None


# ------------------------------------------------------------------------------------------------
# Modules with seeded parameters whose magnitudes make mistakes visible.


def build_module(case):
    g = torch.Generator().manual_seed(case.seed)

    def randn(*shape, std=1.0):
        return torch.randn(*shape, generator=g) * std

    c = case.dim
    if case.family == "swin_v1":
        module = wm.WindowAttention(c, case.window, case.heads, qkv_bias=case.qkv_bias, qk_scale=case.qk_scale)
    elif case.family == "swin_v2":
        module = wm.WindowAttentionV2(c, case.window, case.heads, qkv_bias=case.qkv_bias,
                                      pretrained_window_size=case.pretrained or (0, 0))
    elif case.family == "video_swin":
        module = wm.WindowAttention3D(c, case.window, case.heads, qkv_bias=case.qkv_bias, qk_scale=case.qk_scale)
    else:
        module = wm.TemporalAttention(c, case.window[0], num_heads=case.heads, qkv_bias=case.qkv_bias,
                                      qk_scale=case.qk_scale, with_qkv=case.with_qkv)
    module.eval()
    with torch.no_grad():
        if case.family == "swin_v2":
            # logit scales spread over [log 1, log 100 + 1]: the top heads hit the clamp at log 100
            module.logit_scale.copy_(torch.linspace(0.0, math.log(100.0) + 1.0, case.heads).view(-1, 1, 1))
            module.cpb_mlp[0].weight.copy_(randn(512, 2, std=1.0))
            module.cpb_mlp[0].bias.copy_(randn(512, std=0.5))
            # std 0.1 over 512 ReLU features gives pre-sigmoid values of std ~1.5-2.5: the bias
            # 16*sigmoid(.) spans most of (0, 16) without saturating
            module.cpb_mlp[2].weight.copy_(randn(case.heads, 512, std=0.1))
            if case.qkv_bias:
                module.q_bias.copy_(randn(c, std=0.5))
                module.v_bias.copy_(randn(c, std=0.5))
        else:
            module.relative_position_bias_table.copy_(randn(*module.relative_position_bias_table.shape))
        if case.with_qkv:
            module.qkv.weight.copy_(randn(3 * c, c, std=1.5 / math.sqrt(c)))
            if module.qkv.bias is not None:
                module.qkv.bias.copy_(randn(3 * c, std=0.5))
            module.proj.weight.copy_(randn(c, c, std=1.0 / math.sqrt(c)))
            module.proj.bias.copy_(randn(c, std=0.5))
    return module, g


def run(module, x, mask):
    with torch.no_grad():
        if isinstance(module, wm.TemporalAttention):
            return module(x)
        return module(x, mask=mask)


def module_bias(module, tokens):
    with torch.no_grad():
        if isinstance(module, wm.WindowAttention3D):
            return module.position_bias(tokens)
        return module.position_bias()


# ------------------------------------------------------------------------------------------------
# Checks against the naive oracle.


def oracle_output(case, module, x, mask):
    """The naive float64 oracle from the SPEC formulas (no code shared with the modules)."""
    m = copy.deepcopy(module).double()
    sd = {k: v.detach().numpy() for k, v in m.state_dict().items()}
    tokens = x.shape[1]
    index = oracle.table_index(case.window, tokens)
    if case.family == "temporal":
        t = case.window[0]
        if not np.array_equal(sd["relative_coords"], index.reshape(-1)):
            raise AssertionError(f"{case.name}: relative_coords differs from i - j + T - 1")
    elif not np.array_equal(sd["relative_position_index"][:tokens, :tokens], index):
        raise AssertionError(f"{case.name}: relative_position_index differs from the SPEC formula")
    scale = case.qk_scale or (case.dim // case.heads) ** -0.5
    cosine = None
    if case.family == "swin_v2":
        coords = oracle.v2_coords_table(case.window, case.pretrained)
        ours = sd["relative_coords_table"].reshape(-1, 2)
        if np.abs(coords - ours).max() > 1e-6:
            raise AssertionError(f"{case.name}: relative_coords_table differs from the SPEC formula")
        hidden = np.maximum(ours @ sd["cpb_mlp.0.weight"].T + sd["cpb_mlp.0.bias"], 0.0)
        table = 16.0 / (1.0 + np.exp(-(hidden @ sd["cpb_mlp.2.weight"].T)))
        bias = oracle.gather_bias(table, index)
        bound = float(np.log(np.float32(100.0)).astype(np.float32))
        cosine = np.exp(np.minimum(sd["logit_scale"].reshape(-1), bound))
        bqkv = None
        if case.qkv_bias:
            bqkv = np.concatenate([sd["q_bias"], np.zeros_like(sd["v_bias"]), sd["v_bias"]])
    else:
        bias = oracle.gather_bias(sd["relative_position_bias_table"], index)
        bqkv = sd.get("qkv.bias")
    return oracle.attention(
        x.double().numpy(), case.heads,
        sd.get("qkv.weight"), bqkv, sd.get("proj.weight"), sd.get("proj.bias"),
        bias, scale, None if mask is None else mask.double().numpy(), cosine)


# ------------------------------------------------------------------------------------------------
# Semantic mistakes from docs/semantics.md "Expected precision": each must move the output by > 0.1.


def _rerun(module, x, mask, patch):
    m = copy.deepcopy(module).double()
    patch(m)
    return run(m, x.double(), None if mask is None else mask.double())


def mutations(case, module, x, mask, out64):
    """Returns (description, max |mutated - correct|) for the mistakes that apply to this case."""
    results = []

    def add(description, mutated):
        results.append((description, (mutated - out64).abs().max().item()))

    def transposed(m):
        original = m.position_bias
        m.position_bias = lambda *a: original(*a).transpose(-2, -1)
    add("bias transposed (table[index[j, i]])", _rerun(module, x, mask, transposed))
    if case.family in ("swin_v1", "swin_v2") and case.window[0] < case.window[1]:
        wh, ww = case.window
        def swapped_stride(m):
            i = torch.arange(wh * ww)
            dh = (i // ww)[:, None] - (i // ww)[None, :]
            dw = (i % ww)[:, None] - (i % ww)[None, :]
            m.relative_position_index = (dh + wh - 1) * (2 * wh - 1) + (dw + ww - 1)
        add("Wh/Ww swapped in the index stride (2Wh-1 instead of 2Ww-1)",
            _rerun(module, x, mask, swapped_stride))
    if case.with_qkv:
        original_split = wm._split_heads
        def heads_first(qkv, tokens, heads):
            split = qkv.reshape(qkv.shape[0], tokens, heads, 3, -1).permute(3, 0, 2, 1, 4)
            return split[0], split[1], split[2]
        wm._split_heads = heads_first
        try:
            add("head split (H, 3, d) instead of (3, H, d)", _rerun(module, x, mask, lambda m: None))
        finally:
            wm._split_heads = original_split
    if mask is not None:
        images = case.block["images"]
        if images > 1:            # with one image b // images == b % nW
            rows = torch.arange(x.shape[0]) // images
            per_row = mask[rows]      # row b uses window b // images: images inner, not outer
            add("mask window b // images instead of b % nW", _rerun(module, x, per_row, lambda m: None))
        add("mask ignored", _rerun(module, x, None, lambda m: None))
    if case.qk_scale and case.family != "swin_v2":
        def default_scale(m):
            m.scale = (case.dim // case.heads) ** -0.5
        add(f"qk_scale {case.qk_scale} ignored", _rerun(module, x, mask, default_scale))
    if case.family == "swin_v2" and case.qkv_bias:
        def k_bias(m):
            m.qkv_bias = lambda: torch.cat((m.q_bias, m.v_bias, m.v_bias))
        add("v2 bias on k (v_bias added to k)", _rerun(module, x, mask, k_bias))
    if case.family == "swin_v2" and case.pretrained:
        def no_pretrained(m):
            m.relative_coords_table = wm.continuous_coords_table(case.window, (0, 0)).double()
        add("v2 pretrained_window_size ignored", _rerun(module, x, mask, no_pretrained))
    if case.family == "swin_v2":
        def no_clamp(m):
            m.clamped_logit_scale = lambda: m.logit_scale.exp()
        add("v2 logit_scale not clamped at log(100)", _rerun(module, x, mask, no_clamp))
    if case.family == "video_swin" and case.effective_window != case.window:
        def recomputed(m):
            m.relative_position_index = wm.relative_position_index(case.effective_window)
        add(f"index recomputed for {fmt_window(case.effective_window)} instead of "
            f"[:N, :N] of {fmt_window(case.window)}", _rerun(module, x, mask, recomputed))
    return results


# ------------------------------------------------------------------------------------------------
# Files.


def metadata(case, mask, batch):
    meta = {
        "case": case.name,
        "family": case.family,
        "window": fmt_window(case.window),
        "effective_window": fmt_window(case.effective_window),
        "dim": str(case.dim),
        "heads": str(case.heads),
        "qkv_bias": "true" if case.qkv_bias else "false",
        "qk_scale": "0" if not case.qk_scale else repr(float(case.qk_scale)),
        "with_qkv": "true" if case.with_qkv else "false",
        "pretrained_window": fmt_window(case.pretrained) if case.pretrained else "",
        "prefix": case.prefix,
        "masked": "true" if mask is not None else "false",
        "batch": str(batch),
        "tokens": str(math.prod(case.effective_window)),
    }
    if case.block is not None:
        b = case.block
        meta.update({
            "input_resolution": fmt_window(b["input_resolution"]),
            "window_size": fmt_block(b["window_size"]),
            "shift_size": fmt_block(b["shift_size"]),
            "effective_shift": fmt_window(case.effective_shift),
            "images": str(b["images"]),
        })
    if mask is not None:
        meta["num_windows"] = str(mask.shape[0])
    return meta


def checkpoint_extras(case, module, mask, g):
    """Unrelated tensors a real checkpoint holds next to the attention module: a loader must take
    exactly the keys under the prefix (note `layers.0.blocks.1.attn_mask` starts with
    `layers.0.blocks.1.attn`, and block 0 has an attention module of the same shape)."""
    c = case.dim
    extras = {
        "layers.0.blocks.1.norm1.weight": 1.0 + 0.1 * torch.randn(c, generator=g),
        "layers.0.blocks.1.norm1.bias": 0.1 * torch.randn(c, generator=g),
        "layers.0.blocks.1.attn_mask": mask.clone(),
        "layers.0.blocks.1.mlp.fc1.weight": torch.randn(4 * c, c, generator=g) / math.sqrt(c),
        "layers.0.blocks.0.attn.qkv.weight": torch.randn(3 * c, c, generator=g) / math.sqrt(c),
        "layers.0.blocks.0.attn.qkv.bias": torch.randn(3 * c, generator=g),
        "layers.0.blocks.0.attn.relative_position_bias_table":
            torch.randn(*module.relative_position_bias_table.shape, generator=g),
        "layers.0.blocks.0.attn.relative_position_index": module.relative_position_index.clone(),
        "layers.1.blocks.1.attn.relative_position_bias_table": torch.randn(169, 2 * case.heads, generator=g),
    }
    return extras


def write_checked(path, tensors, meta):
    """Writes a safetensors file and reads it back: names, dtypes, shapes, values and metadata."""
    data = safetensors_io.write(path, tensors, meta)
    back, back_meta = safetensors_io.read(path)
    if sorted(back) != sorted(tensors):
        raise AssertionError(f"{path}: round trip changed the tensor names")
    for name, tensor in tensors.items():
        if back[name].dtype != tensor.dtype or not torch.equal(back[name], tensor.detach()):
            raise AssertionError(f"{path}: round trip changed tensor '{name}'")
    if back_meta != (meta or {}):
        raise AssertionError(f"{path}: round trip changed the metadata")
    return len(data)


def make_case(case, out_dir, write):
    mask = resolve_geometry(case)
    module, g = build_module(case)
    tokens = math.prod(case.effective_window)
    batch = case.block["images"] * mask.shape[0] if mask is not None else case.batch
    if case.block is not None and mask is None:
        grid = math.prod(r // w for r, w in zip(case.block["input_resolution"], case.effective_window))
        batch = case.block["images"] * grid
    x = torch.randn(batch, tokens, case.dim, generator=g)

    out32 = run(module, x, mask)
    module64 = copy.deepcopy(module).double()
    out64 = run(module64, x.double(), None if mask is None else mask.double())
    diff = (out32.double() - out64).abs().max().item()
    if diff > F32_VS_F64_LIMIT[case.family]:
        raise AssertionError(f"{case.name}: max |f32 - f64| = {diff:.3e} > {F32_VS_F64_LIMIT[case.family]}")
    naive = oracle_output(case, module, x, mask)
    oracle_diff = np.abs(out64.numpy() - naive).max()
    if oracle_diff > ORACLE_LIMIT:
        raise AssertionError(f"{case.name}: module vs naive oracle differ by {oracle_diff:.3e}")

    bias = module_bias(module, tokens)
    print(f"{case.name}: B_={batch} N={tokens} C={case.dim} H={case.heads}"
          f"  max|f32-f64|={diff:.2e}  max|f64-oracle|={oracle_diff:.1e}"
          f"  |out|max={out64.abs().max().item():.2f}  bias[{bias.min().item():.2f}, {bias.max().item():.2f}]")
    for description, change in mutations(case, module, x, mask, out64):
        flag = "ok" if change > MUTATION_MIN else "TOO SMALL"
        print(f"    mistake: {description:<62} max change {change:8.4f}  {flag}")
        if change <= MUTATION_MIN:
            raise AssertionError(f"{case.name}: mistake '{description}' changes the output only by {change:.4f}")

    meta = metadata(case, mask, batch)
    weights = {case.prefix + k: v for k, v in module.state_dict().items()}
    if case.checkpoint_extras:
        weights.update(checkpoint_extras(case, module, mask, g))
    io = {"input": x, "output": out32, "output_f64": out64, "bias": bias}
    if mask is not None:
        io["mask"] = mask
    if case.family == "swin_v2":
        with torch.no_grad():
            io["folded_table"] = 16 * torch.sigmoid(module.cpb_mlp(module.relative_coords_table).view(-1, case.heads))
    size = 0
    if write:
        case_dir = os.path.join(out_dir, case.name)
        os.makedirs(case_dir, exist_ok=True)
        size += write_checked(os.path.join(case_dir, "weights.safetensors"), weights, {"format": "pt"})
        size += write_checked(os.path.join(case_dir, "io.safetensors"), io, meta)
    entry = {
        "name": case.name,
        "files": {"weights": f"{case.name}/weights.safetensors", "io": f"{case.name}/io.safetensors"},
        "metadata": meta,
        "weights": {k: {"dtype": safetensors_io._BY_TORCH[v.dtype], "shape": list(v.shape)}
                    for k, v in sorted(weights.items())},
        "io": {k: {"dtype": safetensors_io._BY_TORCH[v.dtype], "shape": list(v.shape)}
               for k, v in sorted(io.items())},
    }
    return entry, size, diff


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    parser.add_argument("--check-only", action="store_true", help="run all checks, write nothing")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)          # fixed reduction order: byte-identical reruns
    torch.use_deterministic_algorithms(True)

    names = [c.name for c in CASES]
    if len(set(names)) != len(names):
        raise AssertionError("duplicate case names")
    entries, total, worst = [], 0, {}
    for case in CASES:
        entry, size, diff = make_case(case, args.out, not args.check_only)
        entries.append(entry)
        total += size
        worst[case.family] = max(worst.get(case.family, 0.0), diff)
    index = {
        "generator": "tools/reference/make_vectors.py",
        "torch": torch.__version__.split("+")[0],
        "cases": entries,
    }
    if not args.check_only:
        text = json.dumps(index, indent=2, sort_keys=True) + "\n"
        with open(os.path.join(args.out, "index.json"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text)
        if total > TOTAL_BYTES_LIMIT:
            raise AssertionError(f"vectors take {total} bytes, more than {TOTAL_BYTES_LIMIT}")
    print(f"{len(entries)} cases, {total} bytes written to {args.out if not args.check_only else '(nothing)'}")
    for family, diff in worst.items():
        print(f"  worst max|f32-f64| {family}: {diff:.2e}")


if __name__ == "__main__":
    main()
