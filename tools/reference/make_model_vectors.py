#!/usr/bin/python3
"""Whole-model test vectors: Swin v1/v2 blocks, patch merging, patch embed and tiny classifiers.

Run with Debian's Python (torch 1.13):  /usr/bin/python3 tools/reference/make_model_vectors.py
Options: --out DIR (default: runtime/src/test/resources/model-vectors), --check-only (compute and
check everything, write nothing; what CI runs).

Per case it builds the module of swin_models.py with parameters seeded by crc32(case name), runs it
in float32 and in float64 (same float32 parameters and input, cast to double) and checks:
- |f32 - f64| within the limit of the case's kind (F32_VS_F64_LIMIT);
- blocks: the float64 output against a second route (featuremap_blocks' attention path around the
  same norms and MLP) within 1e-12;
- every applicable "mistake" (merging order, norm order, tanh GELU, unclamped shift, missing mask,
  reversed roll, transposed patch kernel, ape or pretrained window ignored) changes the float64
  output by more than MUTATION_FACTOR (10) times the kind's limit;
- the case built twice encodes to identical bytes; every written file is read back and compared.
Then, when torchvision imports, the float64 logits of two tiny models against torchvision's
SwinTransformer (v1 and v2) under a name mapping (torchvision_check); optionally the timm case
against timm's own model (--timm-src) and every case against the official code (--official-src).

Files follow the contract in MODEL-CONTRACT.md / tools/reference/README.md "Model vectors".
"""

import argparse
import copy
import json
import math
import os
import sys
import types
import zlib

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import featuremap_blocks as fb  # noqa: E402
import safetensors_io  # noqa: E402
import swin_models as sm  # noqa: E402

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO, "runtime", "src", "test", "resources", "model-vectors")
TOTAL_BYTES_LIMIT = 3 * 1024 * 1024

# max |output(float32) - output(float64)| accepted per kind (outputs are of order 1-10)
F32_VS_F64_LIMIT = {"patch_embed": 2e-6, "merging": 2e-6, "block": 1e-5, "model": 2e-5}
MUTATION_FACTOR = 10          # each mistake must move the float64 output by > 10x the kind's limit
SECOND_ROUTE_LIMIT = 1e-12

# ------------------------------------------------------------------------------------------------
# Cases. Every config is the constructor arguments of the official module.

CASES = [
    # ---- blocks: (B, H*W, C) in and out
    dict(name="block_swin_v1_8x8_d16_h2_w4_s0_b2", kind="block", family="swin_v1", batch=2,
         dim=16, input_resolution=[8, 8], num_heads=2, window_size=4, shift_size=0),
    dict(name="block_swin_v1_8x12_d16_h2_w4_s2_b2", kind="block", family="swin_v1", batch=2,
         dim=16, input_resolution=[8, 12], num_heads=2, window_size=4, shift_size=2, mlp_ratio=2.0),
    dict(name="block_swin_v1_clamped_4x8_d16_h2_w4_s2", kind="block", family="swin_v1", batch=1,
         dim=16, input_resolution=[4, 8], num_heads=2, window_size=4, shift_size=2),
    dict(name="block_swin_v1_clamped_4x4_d32_h4_w7_s3_noqkvbias", kind="block", family="swin_v1", batch=2,
         dim=32, input_resolution=[4, 4], num_heads=4, window_size=7, shift_size=3, qkv_bias=False),
    dict(name="block_swin_v2_8x8_d16_h2_w4_s2_b2", kind="block", family="swin_v2", batch=2,
         dim=16, input_resolution=[8, 8], num_heads=2, window_size=4, shift_size=2),
    dict(name="block_swin_v2_12x8_d16_h2_w4_s0", kind="block", family="swin_v2", batch=1,
         dim=16, input_resolution=[12, 8], num_heads=2, window_size=4, shift_size=0),
    dict(name="block_swin_v2_clamped_4x8_d16_h2_w4_s2_pre6", kind="block", family="swin_v2", batch=2,
         dim=16, input_resolution=[4, 8], num_heads=2, window_size=4, shift_size=2, pretrained_window_size=6),
    dict(name="block_swin_v2_8x8_d24_h3_w4_s2_pre8_noqkvbias", kind="block", family="swin_v2", batch=1,
         dim=24, input_resolution=[8, 8], num_heads=3, window_size=4, shift_size=2, pretrained_window_size=8,
         qkv_bias=False),
    # ---- patch merging: (B, H*W, C) -> (B, H/2*W/2, 2C)
    dict(name="merging_swin_v1_8x8_d16_b2", kind="merging", family="swin_v1", batch=2,
         dim=16, input_resolution=[8, 8]),
    dict(name="merging_swin_v1_4x8_d16", kind="merging", family="swin_v1", batch=1,
         dim=16, input_resolution=[4, 8]),
    dict(name="merging_swin_v2_8x8_d16_b2", kind="merging", family="swin_v2", batch=2,
         dim=16, input_resolution=[8, 8]),
    dict(name="merging_swin_v2_8x4_d24", kind="merging", family="swin_v2", batch=1,
         dim=24, input_resolution=[8, 4]),
    # ---- patch embed: (B, 3, H, W) -> (B, H/p*W/p, C)
    dict(name="patch_embed_32x32_p4_e16_norm_b2", kind="patch_embed", family="swin_v1", batch=2,
         img_size=[32, 32], patch_size=4, in_chans=3, embed_dim=16, patch_norm=True),
    dict(name="patch_embed_32x32_p4_e16_nonorm", kind="patch_embed", family="swin_v1", batch=1,
         img_size=[32, 32], patch_size=4, in_chans=3, embed_dim=16, patch_norm=False),
    dict(name="patch_embed_16x24_p2_e24_norm", kind="patch_embed", family="swin_v2", batch=1,
         img_size=[16, 24], patch_size=2, in_chans=3, embed_dim=24, patch_norm=True),
    # ---- whole models: (B, 3, H, W) -> logits (B, 10)
    dict(name="model_swin_v1_32_e16_d2-2_h1-2_b2", kind="model", family="swin_v1", batch=2,
         img_size=[32, 32], embed_dim=16, depths=[2, 2], num_heads=[1, 2]),
    dict(name="model_swin_v1_64_e16_d2-2-1_h1-2-4_mlp2_ape_nopatchnorm", kind="model", family="swin_v1",
         batch=1, img_size=[64, 64], embed_dim=16, depths=[2, 2, 1], num_heads=[1, 2, 4], mlp_ratio=2.0, ape=True,
         patch_norm=False),
    dict(name="model_swin_v1_32x64_e16_d2-2_h2-2_b2", kind="model", family="swin_v1", batch=2,
         img_size=[32, 64], embed_dim=16, depths=[2, 2], num_heads=[2, 2]),
    dict(name="model_swin_v2_32_e16_d2-2_h1-2_b2", kind="model", family="swin_v2", batch=2,
         img_size=[32, 32], embed_dim=16, depths=[2, 2], num_heads=[1, 2], pretrained_window_sizes=[0, 0]),
    dict(name="model_swin_v2_64x32_e16_d2-2-1_h1-2-4_ape", kind="model", family="swin_v2", batch=1,
         img_size=[64, 32], embed_dim=16, depths=[2, 2, 1], num_heads=[1, 2, 4], ape=True,
         pretrained_window_sizes=[0, 0, 0]),
    dict(name="model_swin_v2_32_e16_d2-2_h2-4_pre6-3", kind="model", family="swin_v2", batch=1,
         img_size=[32, 32], embed_dim=16, depths=[2, 2], num_heads=[2, 4], pretrained_window_sizes=[6, 3]),
    # the same tensors as model_swin_v1_32_e16_d2-2_h1-2_b2 under timm's names
    dict(name="model_swin_v1_32_e16_d2-2_h1-2_b2_timm", kind="model", family="swin_v1", batch=2,
         img_size=[32, 32], embed_dim=16, depths=[2, 2], num_heads=[1, 2], names="timm",
         same_as="model_swin_v1_32_e16_d2-2_h1-2_b2"),
]

MODEL_DEFAULTS = dict(names="official", patch_size=4, in_chans=3, window_size=4, mlp_ratio=4.0,
                      qkv_bias=True, ape=False, patch_norm=True, num_classes=10)
BLOCK_DEFAULTS = dict(mlp_ratio=4.0, qkv_bias=True)


def config_of(case):
    """The `config` JSON object of the contract (constructor arguments + kind, family, batch)."""
    c = {k: v for k, v in case.items() if k not in ("name", "same_as")}
    if case["kind"] == "model":
        c = {**MODEL_DEFAULTS, **c}
        if case["family"] == "swin_v1":
            c.pop("pretrained_window_sizes", None)
    elif case["kind"] == "block":
        c = {**BLOCK_DEFAULTS, **c}
        if case["family"] == "swin_v2":
            c.setdefault("pretrained_window_size", 0)
    return c


def build(case):
    """The module of the case, eval(), float32."""
    c = config_of(case)
    v2 = c["family"] == "swin_v2"
    if c["kind"] == "block":
        cls = sm.SwinTransformerBlockV2 if v2 else sm.SwinTransformerBlock
        extra = {"pretrained_window_size": c["pretrained_window_size"]} if v2 else {}
        module = cls(c["dim"], c["input_resolution"], c["num_heads"], c["window_size"], c["shift_size"],
                     c["mlp_ratio"], c["qkv_bias"], **extra)
    elif c["kind"] == "merging":
        module = (sm.PatchMergingV2 if v2 else sm.PatchMerging)(c["input_resolution"], c["dim"])
    elif c["kind"] == "patch_embed":
        module = sm.PatchEmbed(c["img_size"], c["patch_size"], c["in_chans"], c["embed_dim"], c["patch_norm"])
    else:
        args = {k: c[k] for k in ("img_size", "patch_size", "in_chans", "num_classes", "embed_dim", "depths",
                                  "num_heads", "window_size", "mlp_ratio", "qkv_bias", "ape", "patch_norm")}
        if v2:
            module = sm.SwinTransformerV2(pretrained_window_sizes=c["pretrained_window_sizes"], **args)
        else:
            module = sm.SwinTransformer(**args)
    return module.eval()


def seed_of(case):
    return zlib.crc32(case.get("same_as", case["name"]).encode("utf-8"))


def seed_parameters(module, g):
    """Realistic magnitudes that still let mistakes show: LayerNorm weights 1 + 0.1 N(0, 1), biases
    0.1 N; Linear and conv weights N(0, 1/fan_in) (qkv 1.5x, so attention is not flat; the head 4x,
    logits of a few units as a trained classifier gives); Swin v1 bias
    tables N(0, 0.5); ape N(0, 0.2); v2 logit_scale left as initialised (log 10), cpb_mlp.0 N(0, 1)
    with bias N(0, 0.5), cpb_mlp.2 N(0, 0.1), q_bias / v_bias N(0, 0.2)."""
    def randn(shape, std):
        return torch.randn(*shape, generator=g) * std

    with torch.no_grad():
        for name, p in module.named_parameters():
            leaf = name.rsplit(".", 1)[-1]
            owner = module.get_submodule(name.rsplit(".", 1)[0]) if "." in name else module
            if leaf == "logit_scale":
                continue
            if isinstance(owner, torch.nn.LayerNorm):
                p.copy_(1.0 + randn(p.shape, 0.1) if leaf == "weight" else randn(p.shape, 0.1))
            elif name.endswith("cpb_mlp.0.weight"):
                p.copy_(randn(p.shape, 1.0))
            elif name.endswith("cpb_mlp.0.bias"):
                p.copy_(randn(p.shape, 0.5))
            elif name.endswith("cpb_mlp.2.weight"):
                p.copy_(randn(p.shape, 0.1))
            elif leaf in ("q_bias", "v_bias"):
                p.copy_(randn(p.shape, 0.2))
            elif leaf == "relative_position_bias_table":
                p.copy_(randn(p.shape, 0.5))
            elif leaf == "absolute_pos_embed":
                p.copy_(randn(p.shape, 0.2))
            elif leaf == "weight":
                fan_in = p[0].numel()
                scale = 1.5 if name.endswith("qkv.weight") else 4.0 if name == "head.weight" else 1.0
                p.copy_(randn(p.shape, scale / math.sqrt(fan_in)))
            elif leaf == "bias":
                p.copy_(randn(p.shape, 0.1))
            else:
                raise AssertionError(f"no seeding rule for parameter {name}")


def make_input(case, g):
    c = config_of(case)
    if c["kind"] in ("model", "patch_embed"):
        h, w = c["img_size"]
        return torch.randn(c["batch"], c["in_chans"], h, w, generator=g)
    h, w = c["input_resolution"]
    return torch.randn(c["batch"], h * w, c["dim"], generator=g)


def run(module, x):
    """(output, extras) with extras = stage outputs and final-norm features for models."""
    with torch.no_grad():
        if isinstance(module, sm._SwinBase):
            logits, stages, features = module.forward_stages(x)
            return logits, {"stages": stages, "features": features}
        return module(x), {}


# ------------------------------------------------------------------------------------------------
# Second route for blocks: featuremap_blocks' attention path (its own clamp, mask, roll, partition).


def block_second_route(case, block, x):
    c = config_of(case)
    h, w = c["input_resolution"]
    b, length, dim = x.shape
    with torch.no_grad():
        if c["family"] == "swin_v1":
            y = fb.swin_block_attention(block.attn, block.norm1(x).view(b, h, w, dim), c["window_size"],
                                        c["shift_size"]).view(b, length, dim)
            x = x + y
            return x + block.mlp(block.norm2(x))
        y = fb.swin_block_attention(block.attn, x.view(b, h, w, dim), c["window_size"],
                                    c["shift_size"]).view(b, length, dim)
        x = x + block.norm1(y)
        return x + block.norm2(block.mlp(x))


# ------------------------------------------------------------------------------------------------
# Mistakes that must change the output.


def _blocks(module):
    if isinstance(module, sm._BlockBase):
        return [module]
    return [m for m in module.modules() if isinstance(m, sm._BlockBase)]


def _pre_norm_forward(self, x):
    x = x + self.windowed_attention(self.norm1(x))
    return x + self.mlp(self.norm2(x))


def _post_norm_forward(self, x):
    x = x + self.norm1(self.windowed_attention(x))
    return x + self.norm2(self.mlp(x))


def _reversed_roll(self, x):
    h, w = self.input_resolution
    b, length, c = x.shape
    ws, s = self.window_size, self.shift_size
    x = torch.roll(x.view(b, h, w, c), shifts=(s, s), dims=(1, 2))
    windows = self.attn(sm.window_partition(x, ws).view(-1, ws * ws, c), mask=self.attn_mask)
    x = sm.window_reverse(windows.view(-1, ws, ws, c), ws, h, w)
    return torch.roll(x, shifts=(-s, -s), dims=(1, 2)).reshape(b, length, c)


def _unclamped_shift(res, window_size, shift_size):
    if min(res) <= window_size:
        ws = min(res)
        return ws, min(shift_size, ws - 1) if shift_size else 0
    return window_size, shift_size


def _swapped_merge(x, input_resolution):
    h, w = input_resolution
    b, _, c = x.shape
    x = x.view(b, h, w, c)
    parts = [x[:, 0::2, 0::2, :], x[:, 0::2, 1::2, :], x[:, 1::2, 0::2, :], x[:, 1::2, 1::2, :]]
    return torch.cat(parts, -1).view(b, -1, 4 * c)


def mutations(case, module, x, out64):
    """(description, max |mutated - correct|) for every mistake that applies to the case."""
    c = config_of(case)
    results = []
    x64 = x.double()

    def rerun(patch, rebuild=False):
        if rebuild:
            m = build(case)
            state = module.state_dict()
            missing, unexpected = m.load_state_dict(state, strict=False)
            m = m.double()
        else:
            m = copy.deepcopy(module).double()
        patch(m)
        y, _ = run(m, x64)
        return (y - out64).abs().max().item()

    def with_global(name, value, patch=lambda m: None, rebuild=False):
        original = getattr(sm, name)
        setattr(sm, name, value)
        try:
            return rerun(patch, rebuild)
        finally:
            setattr(sm, name, original)

    blocks = _blocks(module)
    if blocks or c["kind"] == "model":
        results.append(("GELU tanh approximation instead of erf",
                        with_global("gelu", lambda t: F.gelu(t, approximate="tanh"))))
        wrong = _post_norm_forward if c["family"] == "swin_v1" else _pre_norm_forward
        label = "v1 block with v2 res-post-norm" if c["family"] == "swin_v1" else "v2 block with v1 pre-norm"

        def swap_norm(m):
            for blk in _blocks(m):
                blk.forward = types.MethodType(wrong, blk)
        results.append((label, rerun(swap_norm)))
        if any(b.shift_size > 0 for b in blocks):
            def no_mask(m):
                for blk in _blocks(m):
                    blk.attn_mask = None
            results.append(("shifted windows without attn_mask", rerun(no_mask)))

            def reverse(m):
                for blk in _blocks(m):
                    if blk.shift_size > 0:
                        blk.windowed_attention = types.MethodType(_reversed_roll, blk)
            results.append(("roll by +shift before attention (direction reversed)", rerun(reverse)))
        clamp_changes_shift = any(
            b.shift_size == 0 and _unclamped_shift(b.input_resolution, w, s)[1] > 0
            for b, (w, s) in zip(blocks, _constructor_windows(case, module)))
        if clamp_changes_shift:
            results.append(("shift not clamped where min(resolution) <= window",
                            with_global("clamp_window", _unclamped_shift, rebuild=True)))
        if c["family"] == "swin_v2" and any(b.attn.pretrained_window_size[0] > 0 for b in blocks):
            def no_pretrained(m):
                for blk in _blocks(m):
                    ws = blk.attn.window_size
                    blk.attn.relative_coords_table = sm.wm.continuous_coords_table(ws, (0, 0)).double()
            results.append(("v2 pretrained_window_size ignored", rerun(no_pretrained)))
    if c["kind"] in ("merging", "model") and (c["kind"] == "merging" or len(c["depths"]) > 1):
        results.append(("patch merging order x0, x2, x1, x3 (x1/x2 swapped)",
                        with_global("merge_2x2", _swapped_merge)))
    if c["kind"] in ("patch_embed", "model"):
        def transposed_kernel(m):
            pe = m.patch_embed if hasattr(m, "patch_embed") else m
            with torch.no_grad():
                pe.proj.weight.copy_(pe.proj.weight.transpose(2, 3).clone())
        results.append(("patch kernel transposed (kh/kw swapped)", rerun(transposed_kernel)))
    if c["kind"] == "model" and c["ape"]:
        def no_ape(m):
            m.ape = False
        results.append(("absolute_pos_embed ignored", rerun(no_ape)))
    return results


def _constructor_windows(case, module):
    """(window_size, shift_size) as given to each block's constructor, in module order."""
    c = config_of(case)
    if c["kind"] == "block":
        return [(c["window_size"], c["shift_size"])]
    out = []
    for depth in c["depths"]:
        out += [(c["window_size"], 0 if i % 2 == 0 else c["window_size"] // 2) for i in range(depth)]
    return out


# ------------------------------------------------------------------------------------------------
# timm names (timm >= 0.9.6 SwinTransformer, e.g. timm 1.0.x)


def timm_names(state):
    """Official model state dict -> timm's: downsample moved to the start of the next stage,
    head -> head.fc, non-persistent buffers (relative_position_index, attn_mask) dropped."""
    import re
    out = {}
    for key, value in state.items():
        if key.endswith("relative_position_index") or key.endswith("attn_mask"):
            continue
        key = re.sub(r"^layers\.(\d+)\.downsample\.", lambda m: f"layers.{int(m.group(1)) + 1}.downsample.", key)
        key = re.sub(r"^head\.", "head.fc.", key)
        out[key] = value
    return out


# ------------------------------------------------------------------------------------------------
# Files


def fmt_tensors(tensors):
    return {k: {"dtype": safetensors_io._BY_TORCH[v.dtype], "shape": list(v.shape)} for k, v in sorted(tensors.items())}


def compute_case(case):
    """Builds, seeds and runs one case; returns (module, weights dict, io dict, metadata, diff, x, out64)."""
    g = torch.Generator().manual_seed(seed_of(case))
    module = build(case)
    seed_parameters(module, g)
    x = make_input(case, g)
    out32, _ = run(module, x)
    module64 = copy.deepcopy(module).double()
    out64, extras = run(module64, x.double())
    diff = (out32.double() - out64).abs().max().item()
    io = {"input": x, "output": out32, "output_f64": out64}
    for i, stage in enumerate(extras.get("stages", [])):
        io[f"stage{i}"] = stage
    if "features" in extras:
        io["features_f64"] = extras["features"]
    state = {k: v.detach().clone() for k, v in module.state_dict().items()}
    if case.get("names") == "timm":
        state = timm_names(state)
    config = config_of(case)
    meta = {"case": case["name"], "config": json.dumps(config, sort_keys=True, separators=(",", ":"))}
    return module, state, io, meta, diff, x, out64


def write_checked(path, tensors, meta):
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


def make_case(case, out_dir, write, reference_outputs):
    module, state, io, meta, diff, x, out64 = compute_case(case)
    kind = case["kind"]
    limit = F32_VS_F64_LIMIT[kind]
    if diff > limit:
        raise AssertionError(f"{case['name']}: max |f32 - f64| = {diff:.3e} > {limit:.0e} ({kind})")
    # determinism: a second, independent build encodes to the same bytes
    _, state2, io2, meta2, _, _, _ = compute_case(case)
    if (safetensors_io.encode(state, {"format": "pt"}) != safetensors_io.encode(state2, {"format": "pt"})
            or safetensors_io.encode(io, meta) != safetensors_io.encode(io2, meta2)):
        raise AssertionError(f"{case['name']}: two builds of the case differ")
    second = 0.0
    if kind == "block":
        second = (block_second_route(case, copy.deepcopy(module).double(), x.double()) - out64).abs().max().item()
        if second > SECOND_ROUTE_LIMIT:
            raise AssertionError(f"{case['name']}: block and featuremap_blocks route differ by {second:.3e}")
    if "same_as" in case:
        ref = reference_outputs[case["same_as"]]
        if not torch.equal(ref, io["output_f64"]):
            raise AssertionError(f"{case['name']}: output differs from {case['same_as']}")
    reference_outputs[case["name"]] = io["output_f64"]
    print(f"{case['name']}: in {tuple(x.shape)} out {tuple(io['output'].shape)}  max|f32-f64|={diff:.2e}"
          f"  |out|max={out64.abs().max().item():.2f}" + (f"  max|block-route2|={second:.1e}" if kind == "block" else ""))
    if "same_as" not in case:
        for description, change in mutations(case, module, x, out64):
            need = MUTATION_FACTOR * limit
            flag = "ok" if change > need else "TOO SMALL"
            print(f"    mistake: {description:<58} max change {change:9.2e}  (> {need:.0e}) {flag}")
            if change <= need:
                raise AssertionError(f"{case['name']}: mistake '{description}' changes the output only by {change:.3e}")
    size = 0
    if write:
        case_dir = os.path.join(out_dir, case["name"])
        os.makedirs(case_dir, exist_ok=True)
        size += write_checked(os.path.join(case_dir, "weights.safetensors"), state, {"format": "pt"})
        size += write_checked(os.path.join(case_dir, "io.safetensors"), io, meta)
    entry = {
        "name": case["name"],
        "files": {"weights": f"{case['name']}/weights.safetensors", "io": f"{case['name']}/io.safetensors"},
        "config": json.loads(meta["config"]),
        "weights": fmt_tensors(state),
        "io": fmt_tensors(io),
    }
    return entry, size, diff


# ------------------------------------------------------------------------------------------------
# Cross-check against torchvision's Swin (not a dependency of the vectors).


def torchvision_state(official, version):
    """Official state dict -> torchvision.models.swin_transformer.SwinTransformer names."""
    import re
    out = {}
    for key, value in official.items():
        if key.endswith(("attn_mask", "relative_position_index", "relative_coords_table")):
            continue              # torchvision builds its own (checked equal below)
        if key == "patch_embed.proj.weight" or key == "patch_embed.proj.bias":
            out["features.0.0." + key.rsplit(".", 1)[1]] = value
            continue
        if key.startswith("patch_embed.norm."):
            out["features.0.2." + key.rsplit(".", 1)[1]] = value
            continue
        m = re.match(r"layers\.(\d+)\.blocks\.(\d+)\.(.*)", key)
        if m:
            i, j, rest = int(m.group(1)), m.group(2), m.group(3)
            rest = rest.replace("mlp.fc1.", "mlp.0.").replace("mlp.fc2.", "mlp.3.")
            if rest == "attn.q_bias":
                v = official[key.replace("q_bias", "v_bias")]
                rest, value = "attn.qkv.bias", torch.cat((value, torch.zeros_like(value), v))
            elif rest == "attn.v_bias":
                continue
            out[f"features.{2 * i + 1}.{j}.{rest}"] = value
            continue
        m = re.match(r"layers\.(\d+)\.downsample\.(.*)", key)
        if m:
            out[f"features.{2 * int(m.group(1)) + 2}.{m.group(2)}"] = value
            continue
        out[key] = value
    return out


def torchvision_check():
    """float64 logits of our models vs torchvision's under the name mapping. Returns lines to print."""
    try:
        from torchvision.models import swin_transformer as tvs
    except ImportError:
        return ["torchvision check: SKIPPED (torchvision does not import)"]
    lines = []
    configs = [
        ("swin_v1 32x32 e16 d2-2 h1-2 w4 (agree)", 1, [32, 32], True),
        ("swin_v2 32x32 e16 d2-2 h1-2 w4 (agree)", 2, [32, 32], True),
        ("swin_v1 32x64 (differ: stage 1 is 4x8)", 1, [32, 64], False),
    ]
    for label, version, img, must_agree in configs:
        case = dict(name=f"torchvision_{label}", kind="model", family=f"swin_v{version}", batch=2, img_size=img,
                    embed_dim=16, depths=[2, 2], num_heads=[1, 2])
        if version == 2:
            case["pretrained_window_sizes"] = [0, 0]
        g = torch.Generator().manual_seed(seed_of(case))
        ours = build(case)
        seed_parameters(ours, g)
        x = make_input(case, g).double()
        ours = ours.double()
        kwargs = {}
        if version == 2:
            kwargs = dict(block=tvs.SwinTransformerBlockV2, downsample_layer=tvs.PatchMergingV2)
        theirs = tvs.SwinTransformer(patch_size=[4, 4], embed_dim=16, depths=[2, 2], num_heads=[1, 2],
                                     window_size=[4, 4], num_classes=10, stochastic_depth_prob=0.0, **kwargs)
        mapped = torchvision_state(ours.state_dict(), version)
        target = theirs.state_dict()
        missing = [k for k, v in theirs.named_parameters() if k not in mapped]
        extra = [k for k in mapped if k not in target]
        if missing or extra:
            raise AssertionError(f"torchvision mapping: missing {missing}, unexpected {extra}")
        for key, value in ours.state_dict().items():
            if key.endswith(("relative_position_index", "relative_coords_table")):
                tv_key = torchvision_state({key.replace(key.rsplit(".", 1)[1], "proj.bias"): value}, version)
                tv_key = next(iter(tv_key)).replace("proj.bias", key.rsplit(".", 1)[1])
                if not torch.equal(target[tv_key].reshape(value.shape).to(value.dtype), value):
                    raise AssertionError(f"torchvision check: {key} differs from torchvision's {tv_key}")
        target.update(mapped)
        theirs.load_state_dict(target)
        theirs = theirs.double().eval()
        with torch.no_grad():
            diff = (ours(x) - theirs(x)).abs().max().item()
        if must_agree and diff > 1e-10:
            raise AssertionError(f"torchvision check {label}: logits differ by {diff:.3e}")
        if not must_agree and diff < 1e-3:
            raise AssertionError(f"torchvision check {label}: expected a difference, got {diff:.3e}")
        lines.append(f"torchvision check {label}: max |ours - torchvision| logits (float64) = {diff:.2e}")
    return lines


def timm_check(timm_src):
    """The timm-named case loaded (strict) into timm's own SwinTransformer gives the same float64
    logits. Runs when timm imports (or from a source checkout passed with --timm-src)."""
    if timm_src:
        sys.path.insert(0, timm_src)
    try:
        import timm
        from timm.models.swin_transformer import SwinTransformer as TimmSwin
    except ImportError:
        return ["timm check: SKIPPED (timm does not import; pass --timm-src with a pytorch-image-models checkout)"]
    case = next(c for c in CASES if c.get("names") == "timm")
    c = config_of(case)
    _, state, io, _, _, x, _ = compute_case(case)
    model = TimmSwin(img_size=c["img_size"], patch_size=c["patch_size"], in_chans=c["in_chans"],
                     num_classes=c["num_classes"], embed_dim=c["embed_dim"], depths=c["depths"],
                     num_heads=c["num_heads"], window_size=c["window_size"], mlp_ratio=c["mlp_ratio"],
                     qkv_bias=c["qkv_bias"], drop_path_rate=0.0)
    model.load_state_dict(state, strict=True)
    model = model.double().eval()
    with torch.no_grad():
        diff = (model(x.double()) - io["output_f64"]).abs().max().item()
    if diff > 1e-10:
        raise AssertionError(f"timm check: timm {timm.__version__} logits differ from the vector by {diff:.3e}")
    return [f"timm check: {case['name']} loaded strictly into timm {timm.__version__}: "
            f"max |timm - vector| logits (float64) = {diff:.2e}"]


def official_check(official_src, timm_src):
    """Every case (but the timm one) against the official code itself: the official module built
    with the case's config has the same state-dict names, shapes, dtypes and buffers, loads the
    weights strictly and gives the same float64 output. Needs a microsoft/Swin-Transformer checkout
    (--official-src) and timm (its models import timm.models.layers; --timm-src)."""
    if not official_src:
        return ["official check: SKIPPED (pass --official-src with a microsoft/Swin-Transformer checkout)"]
    import importlib.util
    import warnings
    if timm_src and timm_src not in sys.path:
        sys.path.insert(0, timm_src)
    modules = {}
    for family, name in (("swin_v1", "swin_transformer"), ("swin_v2", "swin_transformer_v2")):
        spec = importlib.util.spec_from_file_location(f"official_{name}", os.path.join(official_src, "models", f"{name}.py"))
        module = importlib.util.module_from_spec(spec)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            spec.loader.exec_module(module)
        modules[family] = module
    worst = worst32 = 0.0
    for case in CASES:
        if case.get("names") == "timm":
            continue
        c = config_of(case)
        off = modules[c["family"]]
        v2 = c["family"] == "swin_v2"
        if c["kind"] == "model":
            args = {k: c[k] for k in ("patch_size", "in_chans", "num_classes", "embed_dim", "depths", "num_heads",
                                      "window_size", "mlp_ratio", "qkv_bias", "ape", "patch_norm")}
            args["img_size"] = tuple(c["img_size"])
            if v2:
                module = off.SwinTransformerV2(pretrained_window_sizes=c["pretrained_window_sizes"], drop_path_rate=0.0, **args)
            else:
                module = off.SwinTransformer(drop_path_rate=0.0, **args)
        elif c["kind"] == "block":
            extra = {"pretrained_window_size": c["pretrained_window_size"]} if v2 else {}
            module = off.SwinTransformerBlock(c["dim"], tuple(c["input_resolution"]), c["num_heads"], c["window_size"],
                                              c["shift_size"], c["mlp_ratio"], c["qkv_bias"], **extra)
        elif c["kind"] == "merging":
            module = off.PatchMerging(tuple(c["input_resolution"]), c["dim"])
        else:
            module = off.PatchEmbed(tuple(c["img_size"]), c["patch_size"], c["in_chans"], c["embed_dim"],
                                    torch.nn.LayerNorm if c["patch_norm"] else None)
        _, state, io, _, _, x, _ = compute_case(case)
        theirs = module.state_dict()
        if sorted(theirs) != sorted(state):
            raise AssertionError(f"official check {case['name']}: names differ: {sorted(set(theirs) ^ set(state))}")
        for key, value in theirs.items():
            if value.shape != state[key].shape or value.dtype != state[key].dtype:
                raise AssertionError(f"official check {case['name']}: {key} is {value.dtype}{list(value.shape)} "
                                     f"officially, {state[key].dtype}{list(state[key].shape)} here")
            if key.endswith(("relative_position_index", "attn_mask", "relative_coords_table")) \
                    and not torch.equal(value, state[key]):
                raise AssertionError(f"official check {case['name']}: buffer {key} differs")
        module.load_state_dict(state, strict=True)
        module = module.eval()
        with torch.no_grad():
            diff32 = (module(x) - io["output"]).abs().max().item()
            module = module.double()
            diff = (module(x.double()) - io["output_f64"]).abs().max().item()
        if diff > 1e-12 or diff32 > F32_VS_F64_LIMIT[c["kind"]]:
            raise AssertionError(f"official check {case['name']}: official output differs by {diff:.3e} (float64), "
                                 f"{diff32:.3e} (float32)")
        worst, worst32 = max(worst, diff), max(worst32, diff32)
    return [f"official check: {len(CASES) - 1} cases against {official_src}: same names, shapes, dtypes and "
            f"buffers; max |official - vector| float64 {worst:.2e}, float32 {worst32:.2e}"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    parser.add_argument("--check-only", action="store_true", help="run all checks, write nothing")
    parser.add_argument("--timm-src", help="a pytorch-image-models checkout for the timm check (optional)")
    parser.add_argument("--official-src", help="a microsoft/Swin-Transformer checkout for the official check "
                                               "(optional; needs timm, e.g. --timm-src)")
    args = parser.parse_args(argv)
    torch.set_num_threads(1)
    torch.use_deterministic_algorithms(True)
    names = [c["name"] for c in CASES]
    if len(set(names)) != len(names):
        raise AssertionError("duplicate case names")
    entries, total, worst, outputs = [], 0, {}, {}
    for case in CASES:
        entry, size, diff = make_case(case, args.out, not args.check_only, outputs)
        entries.append(entry)
        total += size
        key = (case["kind"], case["family"])
        worst[key] = max(worst.get(key, 0.0), diff)
    for line in torchvision_check() + timm_check(args.timm_src) + official_check(args.official_src, args.timm_src):
        print(line)
    if not args.check_only:
        index = {"generator": "tools/reference/make_model_vectors.py",
                 "torch": torch.__version__.split("+")[0],
                 "tolerance_f32_vs_f64": F32_VS_F64_LIMIT, "cases": entries}
        text = json.dumps(index, indent=2, sort_keys=True) + "\n"
        with open(os.path.join(args.out, "index.json"), "w", encoding="utf-8") as f:
            f.write(text)
        total += len(text)
        if total > TOTAL_BYTES_LIMIT:
            raise AssertionError(f"model vectors take {total} bytes, more than {TOTAL_BYTES_LIMIT}")
    print(f"{len(entries)} cases, {total} bytes written to {args.out if not args.check_only else '(nothing)'}")
    for (kind, family), diff in sorted(worst.items()):
        print(f"  worst max|f32-f64| {kind:<12} {family}: {diff:.2e}  (limit {F32_VS_F64_LIMIT[kind]:.0e})")


if __name__ == "__main__":
    main()
