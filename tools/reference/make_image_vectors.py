#!/usr/bin/python3
"""ImageNet eval preprocessing vectors: PIL and torchvision on small synthetic images.

Run with Debian's Python (torch 1.13, torchvision 0.14, Pillow 9.4):
    /usr/bin/python3 tools/reference/make_image_vectors.py
Options: --out DIR (default: cli/src/test/resources/image-vectors), --check-only.

Writes (under images/) small deterministic test images (a photo-like gradient + shapes + smoothed noise as JPEG
and PNG, grayscale PNG and JPEG, a palette PNG, an RGBA PNG, a gray + alpha PNG, a 1-pixel-wide PNG, an image smaller
than the crop, and a CMYK JPEG that the Java side refuses), then per case runs the transform the
official Swin repository and timm use in eval:

    Resize(int(size / crop_pct), BICUBIC)  # shorter side; PIL's Image.resize on the RGB image
    CenterCrop(size)                       # offsets round((h - size) / 2), half to even
    ToTensor()                             # / 255 in float32
    Normalize(IMAGENET_MEAN, IMAGENET_STD) # (x - mean) / std in float32

on the image as PIL decodes it and converts it to RGB (`Image.open(p).convert("RGB")`, what
torchvision's and timm's image loaders do). Non-square targets (H, W): each side's resize target is
int(side / crop_pct); the image is scaled, keeping its aspect ratio, so that it covers both (the
side with the larger ratio target/side gets its target exactly, the other int(target * other /
side) as torchvision computes the long side), then torchvision's Resize((h, w)) and
CenterCrop((H, W)). For square targets this is checked to give torchvision's own short-side size.

Per case <case>.safetensors holds:
- `crop`: U8 (H, W, 3), the resized and cropped image before ToTensor (PIL's bytes);
- `expected`: F32 (3, H, W), torchvision's tensor (omitted for the large cases: it is
  (crop / 255 - mean) / std in float32, which this script checks bit for bit on every case);
- metadata `config`: JSON with image, height, width, crop_pct, resize [h, w], crop_offset [top,
  left], source size [h, w].
pixels/<image>.safetensors holds `pixels`: U8 (h, w, 3), PIL's decoded RGB of each image, so the
Java tests check the decoder and the transform separately. Deterministic: re-running gives
identical bytes (on the same Pillow / libjpeg); --check-only recomputes the vectors from the
committed images, so another JPEG encoder does not matter there.
"""

import argparse
import io
import json
import os
import sys

import numpy as np
import torch
from PIL import Image, ImageDraw, ImageFilter
from torchvision import transforms as T
from torchvision.transforms import functional as TF

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import safetensors_io  # noqa: E402

# Bytes need no conversion: add U8 to the shared writer's table (safetensors dtype "U8").
safetensors_io.DTYPES.setdefault("U8", (torch.uint8, np.dtype("u1")))
safetensors_io._BY_TORCH[torch.uint8] = "U8"

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DEFAULT_OUT = os.path.join(REPO, "cli", "src", "test", "resources", "image-vectors")
IMAGES_LIMIT = 96 * 1024          # the test images together
TOTAL_LIMIT = 900 * 1024          # everything in the folder
MEAN = (0.485, 0.456, 0.406)
STD = (0.229, 0.224, 0.225)


def photo_like(width, height, seed):
    """Sky gradient, a bright disc, a dark hill with texture, smoothed noise: RGB uint8."""
    rng = np.random.default_rng(seed)
    y, x = np.mgrid[0:height, 0:width].astype(np.float64)
    u, v = x / max(width - 1, 1), y / max(height - 1, 1)
    img = np.zeros((height, width, 3))
    img[..., 0] = 70 + 120 * v + 30 * u
    img[..., 1] = 110 + 90 * v
    img[..., 2] = 220 - 100 * v
    sun = (u - 0.7) ** 2 + ((v - 0.25) * height / width) ** 2 < 0.012
    img[sun] = (250, 235, 180)
    hill = v > 0.62 + 0.12 * np.sin(6.0 * u) + 0.03 * np.sin(31.0 * u)
    texture = 18 * np.sin(0.9 * x + 0.4 * y) * np.cos(0.3 * x - 0.7 * y)
    img[hill] = np.stack([60 + texture, 95 + texture, 40 + 0.5 * texture], axis=-1)[hill]
    noise = Image.fromarray(rng.normal(128, 40, (height, width)).clip(0, 255).astype(np.uint8))
    noise = np.asarray(noise.filter(ImageFilter.GaussianBlur(1.2)), dtype=np.float64) - 128
    img += noise[..., None] * np.array([0.6, 0.5, 0.7])
    image = Image.fromarray(img.round().clip(0, 255).astype(np.uint8), "RGB")
    draw = ImageDraw.Draw(image)
    draw.rectangle([width // 8, height // 2, width // 8 + width // 10, height - 1], fill=(120, 30, 25))
    draw.line([0, height // 3, width - 1, height // 3 + height // 9], fill=(240, 240, 240), width=1)
    return image


def encoded(image, **options):
    buffer = io.BytesIO()
    image.save(buffer, **options)
    return buffer.getvalue()


def make_images():
    """Returns {name: file bytes} of the test images (the CMYK JPEG is not among the cases)."""
    images = {}
    photo = photo_like(320, 272, 1)
    images["photo.jpg"] = encoded(photo, format="JPEG", quality=88)
    images["photo.png"] = encoded(photo_like(120, 90, 2), format="PNG", optimize=True)
    images["gray.png"] = encoded(photo_like(50, 40, 3).convert("L"), format="PNG")
    images["gray.jpg"] = encoded(photo_like(64, 48, 4).convert("L"), format="JPEG", quality=90)
    palette = photo_like(30, 20, 5).convert("P", palette=Image.Palette.ADAPTIVE, colors=32)
    images["palette.png"] = encoded(palette, format="PNG")
    rgba = photo_like(20, 30, 6).convert("RGBA")
    rgba.putalpha(Image.fromarray(np.tile(np.arange(0, 240, 8, dtype=np.uint8), (20, 1)).T))
    images["rgba.png"] = encoded(rgba, format="PNG")
    gray_alpha = photo_like(12, 9, 10).convert("LA")
    gray_alpha.putalpha(Image.fromarray(np.tile(np.arange(0, 240, 20, dtype=np.uint8), (9, 1))))
    images["gray_alpha.png"] = encoded(gray_alpha, format="PNG")
    images["thin.png"] = encoded(photo_like(1, 37, 7), format="PNG")
    images["small.png"] = encoded(photo_like(10, 7, 8), format="PNG")
    images["cmyk.jpg"] = encoded(photo_like(16, 16, 9).convert("CMYK"), format="JPEG")
    return images


# (case, image, height, width, crop_pct, store the float tensor)
CASES = [
    ("photo_jpg_224", "photo.jpg", 224, 224, 0.875, False),   # the standard transform, 272 -> 256
    ("photo_jpg_48", "photo.jpg", 48, 48, 0.875, True),       # downscale by 5 (wide filter)
    ("photo_png_48", "photo.png", 48, 48, 0.875, True),       # 90 -> 54
    ("photo_png_24x40", "photo.png", 24, 40, 0.875, True),    # non-square, width constrains
    ("photo_png_37x29_crop90", "photo.png", 37, 29, 0.9, True),  # non-square, odd, height constrains
    ("photo_png_224", "photo.png", 224, 224, 0.875, False),   # upscale 90 -> 256
    ("gray_png_32", "gray.png", 32, 32, 1.0, True),
    ("gray_jpg_32", "gray.jpg", 32, 32, 0.875, True),
    ("palette_png_16", "palette.png", 16, 16, 0.875, True),
    ("rgba_png_16", "rgba.png", 16, 16, 0.875, True),
    ("gray_alpha_png_8", "gray_alpha.png", 8, 8, 0.875, True),
    ("thin_png_16", "thin.png", 16, 16, 0.875, True),         # 1 x 37 -> 18 x 666
    ("small_png_24", "small.png", 24, 24, 0.875, True),       # 10 x 7, smaller than the crop
]


def resize_size(src_h, src_w, height, width, crop_pct):
    """(h, w) the image is resized to before the centre crop (see the module docstring)."""
    th, tw = int(height / crop_pct), int(width / crop_pct)
    if th * src_w >= tw * src_h:          # th / src_h >= tw / src_w: height constrains
        return th, int(th * src_w / src_h)
    return int(tw * src_h / src_w), tw


def to_tensor(array):
    return torch.from_numpy(np.array(array, copy=True, order="C"))


def run_case(image_bytes, image_name, height, width, crop_pct):
    pil = Image.open(io.BytesIO(image_bytes)).convert("RGB")
    src_w, src_h = pil.size
    rh, rw = resize_size(src_h, src_w, height, width, crop_pct)
    if height == width:
        short = int(height / crop_pct)
        expected_size = TF._compute_resized_output_size((src_h, src_w), [short])
        assert [rh, rw] == expected_size, (image_name, (rh, rw), expected_size)
        resize = T.Resize(short, interpolation=T.InterpolationMode.BICUBIC)
    else:
        resize = T.Resize((rh, rw), interpolation=T.InterpolationMode.BICUBIC)
    crop = T.CenterCrop((height, width))
    transform = T.Compose([resize, crop, T.ToTensor(), T.Normalize(MEAN, STD)])
    expected = transform(pil)
    cropped = crop(resize(pil))
    assert cropped.size == (width, height) and resize(pil).size == (rw, rh)
    crop_bytes = np.asarray(cropped, dtype=np.uint8)
    # The float steps, by hand in float32: must equal torchvision bit for bit.
    by_hand = (to_tensor(crop_bytes).permute(2, 0, 1).float() / 255
               - torch.tensor(MEAN).view(3, 1, 1)) / torch.tensor(STD).view(3, 1, 1)
    assert expected.dtype == torch.float32 and expected.shape == (3, height, width)
    assert torch.equal(expected, by_hand), f"{image_name}: normalisation differs from by-hand"
    top = int(round((rh - height) / 2.0))
    left = int(round((rw - width) / 2.0))
    config = {"image": image_name, "height": height, "width": width, "crop_pct": crop_pct,
              "resize": [rh, rw], "crop_offset": [top, left], "source": [src_h, src_w]}
    return pil, crop_bytes, expected, config


def build(images):
    """Returns {relative path: bytes} of every file: images/*, the cases, pixels/*."""
    files = {os.path.join("images", name): data for name, data in images.items()}
    decoded = {}
    for case, image_name, height, width, crop_pct, store_expected in CASES:
        pil, crop_bytes, expected, config = run_case(images[image_name], image_name, height, width, crop_pct)
        decoded[image_name] = np.asarray(pil, dtype=np.uint8)
        tensors = {"crop": to_tensor(crop_bytes)}
        if store_expected:
            tensors["expected"] = expected.contiguous()
        metadata = {"config": json.dumps(config, sort_keys=True)}
        files[case + ".safetensors"] = safetensors_io.encode(tensors, metadata)
        print(f"{case}: {config['source']} -> resize {config['resize']} -> crop "
              f"{height}x{width} at {config['crop_offset']}")
    for image_name, pixels in sorted(decoded.items()):
        stem = image_name.replace(".", "_")
        files[os.path.join("pixels", stem + ".safetensors")] = safetensors_io.encode(
            {"pixels": to_tensor(pixels)}, {"image": image_name})
    return files


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT)
    parser.add_argument("--check-only", action="store_true",
                        help="recompute every case from the committed images, write nothing, "
                             "fail if a vector would change")
    args = parser.parse_args()
    if args.check_only:
        # The committed images, not fresh ones: another libjpeg may encode them differently.
        folder = os.path.join(args.out, "images")
        images = {name: open(os.path.join(folder, name), "rb").read()
                  for name in sorted(os.listdir(folder))}
        if sorted(images) != sorted(make_images()):
            sys.exit(f"{folder}: expected the images {sorted(make_images())}, found {sorted(images)}")
    else:
        images = make_images()
    for sub in ("images", "pixels"):
        os.makedirs(os.path.join(args.out, sub), exist_ok=True)
    files = build(images)
    changed = []
    for rel, data in sorted(files.items()):
        path = os.path.join(args.out, rel)
        old = open(path, "rb").read() if os.path.exists(path) else None
        if old != data:
            changed.append(rel)
            if not args.check_only:
                with open(path, "wb") as f:
                    f.write(data)
    image_bytes = sum(len(d) for rel, d in files.items() if rel.startswith("images"))
    total = sum(len(d) for d in files.values())
    print(f"images {image_bytes} bytes, total {total} bytes")
    if image_bytes > IMAGES_LIMIT or total > TOTAL_LIMIT:
        sys.exit(f"too large: images {image_bytes} (limit {IMAGES_LIMIT}), "
                 f"total {total} (limit {TOTAL_LIMIT})")
    if args.check_only and changed:
        sys.exit(f"would change: {changed}")
    print(f"{len(files)} vector files, {len(changed)} changed")


if __name__ == "__main__":
    main()
