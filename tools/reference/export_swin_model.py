#!/usr/bin/python3
"""Exports the whole-model benchmark network (Swin-T v1 at 224) for the ONNX Runtime and Java peers.

For the benchmarks, not the tests. Builds swin_models.SwinTransformer with Swin-T's configuration
(patch 4, embed 96, depths 2,2,6,2, heads 3,6,12,24, window 7, 1000 classes, qkv bias, no ape,
patch norm), seeds its parameters (make_model_vectors.seed_parameters, seed 42: realistic
magnitudes, LayerNorm weights near 1) and writes into OUT (default benchmarks/work/swin_model/):

  model.onnx           torch.onnx.export, opset 17, constant folding; input `images` (B, 3, 224, 224)
                       with a dynamic batch axis, output `logits` (B, 1000)
  weights.safetensors  the state dict under the official names (buffers included), float32
  inputs.safetensors   `images` (8, 3, 224, 224), seeded N(0, 1), and torch's `logits` (8, 1000)
  spec.json            configuration, seed and torch version; an OUT whose spec.json is unchanged
                       is not exported again (--force does)

tools/bench/pytorch_model_bench.py times the same model in PyTorch.

Usage: /usr/bin/python3 tools/reference/export_swin_model.py [--out benchmarks/work/swin_model] [--force]
"""

import argparse
import json
import os
import sys
import warnings

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_model_vectors as mv  # noqa: E402
import safetensors_io  # noqa: E402
import swin_models as sm  # noqa: E402

OPSET = 17
SEED = 42
INPUT_SEED = 7
BATCH = 8
SWIN_T = dict(img_size=224, patch_size=4, in_chans=3, num_classes=1000, embed_dim=96, depths=[2, 2, 6, 2],
              num_heads=[3, 6, 12, 24], window_size=7, mlp_ratio=4.0, qkv_bias=True, ape=False, patch_norm=True)

warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
warnings.filterwarnings("ignore", category=UserWarning)


def build_model():
    """Swin-T v1 at 224 with seeded parameters, eval(), float32."""
    model = sm.SwinTransformer(**SWIN_T).eval()
    mv.seed_parameters(model, torch.Generator().manual_seed(SEED))
    return model


def make_images(batch=BATCH):
    return torch.randn(batch, 3, 224, 224, generator=torch.Generator().manual_seed(INPUT_SEED))


def export(out_dir, force=False):
    stamp = {"model": "swin_t_v1", "config": SWIN_T, "seed": SEED, "input_seed": INPUT_SEED, "batch": BATCH,
             "torch": torch.__version__, "opset": OPSET}
    stamp_path = os.path.join(out_dir, "spec.json")
    if not force and os.path.exists(stamp_path) and os.path.exists(os.path.join(out_dir, "model.onnx")):
        with open(stamp_path, encoding="utf-8") as f:
            if json.load(f) == stamp:
                print(f"export_swin_model: {out_dir}: up to date", file=sys.stderr)
                return
    os.makedirs(out_dir, exist_ok=True)
    model = build_model()
    images = make_images()
    with torch.no_grad():
        logits = model(images)
        torch.onnx.export(model, (images,), os.path.join(out_dir, "model.onnx"), opset_version=OPSET,
                          input_names=["images"], output_names=["logits"], do_constant_folding=True,
                          dynamic_axes={"images": {0: "batch"}, "logits": {0: "batch"}})
    safetensors_io.write(os.path.join(out_dir, "weights.safetensors"), dict(model.state_dict()),
                         {"format": "pt", "model": "swin_t_v1", "config": json.dumps(SWIN_T, sort_keys=True)})
    safetensors_io.write(os.path.join(out_dir, "inputs.safetensors"), {"images": images, "logits": logits},
                         {"model": "swin_t_v1"})
    with open(stamp_path, "w", encoding="utf-8") as f:
        json.dump(stamp, f, indent=2, sort_keys=True)
    print(f"export_swin_model: wrote {out_dir}/model.onnx, weights.safetensors, inputs.safetensors "
          f"(logits |max| {logits.abs().max().item():.2f})", file=sys.stderr)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default=os.path.join("benchmarks", "work", "swin_model"))
    parser.add_argument("--force", action="store_true", help="export even if spec.json is unchanged")
    args = parser.parse_args(argv)
    torch.set_num_threads(max(1, os.cpu_count() or 1))
    export(args.out, args.force)
    return 0


if __name__ == "__main__":
    sys.exit(main())
