"""Our own PyTorch versions of the official Swin Transformer v1 and v2 image models (eval mode).

Written from the semantics of microsoft/Swin-Transformer models/swin_transformer.py and
models/swin_transformer_v2.py (see docs/models.md): the same constructor arguments, the same
module tree, so `state_dict()` gives the official names (buffers included: v1
`relative_position_index`, `attn_mask` of shifted blocks; v2 also `relative_coords_table`), and
the same order of floating point operations. Dropout and drop-path are identity in eval() and
are left out. The attention modules are winattn_modules.WindowAttention / WindowAttentionV2.

- PatchEmbed          conv k=p stride=p, flatten to tokens, optional LayerNorm
- Mlp                 fc1, exact (erf) GELU, fc2
- SwinTransformerBlock / SwinTransformerBlockV2   v1 pre-norm, v2 res-post-norm; clamp, roll,
                      window_partition, attention with attn_mask, window_reverse, roll back
- PatchMerging / PatchMergingV2   cat(x0, x1, x2, x3); v1 norm -> reduction, v2 reduction -> norm
- BasicLayer          blocks (odd ones shifted by window // 2), then the downsample
- SwinTransformer / SwinTransformerV2   patch embed, ape, layers, norm, mean over tokens, head

`forward_stages(x)` returns (logits, per-stage outputs before each downsample, final-norm
features) for the vectors.
"""

import torch
import torch.nn.functional as F
from torch import nn

import winattn_modules as wm


def _pair(value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def gelu(x):
    """Exact GELU, 0.5 x (1 + erf(x / sqrt 2)), as nn.GELU() (approximate='none') computes it."""
    return F.gelu(x)


class Mlp(nn.Module):
    def __init__(self, in_features, hidden_features=None, out_features=None):
        super().__init__()
        hidden_features = hidden_features or in_features
        out_features = out_features or in_features
        self.fc1 = nn.Linear(in_features, hidden_features)
        self.fc2 = nn.Linear(hidden_features, out_features)

    def forward(self, x):
        return self.fc2(gelu(self.fc1(x)))


def window_partition(x, ws):
    """(B, H, W, C) -> (B * nW, ws, ws, C): image outer, windows row-major inner."""
    b, h, w, c = x.shape
    x = x.view(b, h // ws, ws, w // ws, ws, c).permute(0, 1, 3, 2, 4, 5)
    return x.contiguous().view(-1, ws, ws, c)


def window_reverse(windows, ws, h, w):
    """(B * nW, ws, ws, C) -> (B, H, W, C)."""
    b = windows.shape[0] // ((h // ws) * (w // ws))
    x = windows.view(b, h // ws, w // ws, ws, ws, -1).permute(0, 1, 3, 2, 4, 5)
    return x.contiguous().view(b, h, w, -1)


def clamp_window(input_resolution, window_size, shift_size):
    """The official per-block clamp: min(H, W) <= window -> window min(H, W), shift 0."""
    if min(input_resolution) <= window_size:
        return min(input_resolution), 0
    return window_size, shift_size


def shift_mask(input_resolution, ws, shift):
    """(nW, ws*ws, ws*ws) float32 SW-MSA mask: 0 inside a region, -100 across regions."""
    return wm.swin_mask(tuple(input_resolution), (ws, ws), (shift, shift))


class _BlockBase(nn.Module):
    """What v1 and v2 blocks share: clamp, norms, MLP, mask buffer, the windowed attention path."""

    def __init__(self, dim, input_resolution, num_heads, window_size, shift_size, mlp_ratio):
        super().__init__()
        self.dim = dim
        self.input_resolution = tuple(input_resolution)
        self.num_heads = num_heads
        self.mlp_ratio = mlp_ratio
        self.window_size, self.shift_size = clamp_window(self.input_resolution, window_size, shift_size)
        if not 0 <= self.shift_size < self.window_size:
            raise ValueError(f"shift_size {self.shift_size} must be in [0, window {self.window_size})")
        self.norm1 = nn.LayerNorm(dim)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = Mlp(dim, int(dim * mlp_ratio))

    def _register_mask(self):
        mask = shift_mask(self.input_resolution, self.window_size, self.shift_size) if self.shift_size > 0 else None
        self.register_buffer("attn_mask", mask)   # None is not in the state dict

    def windowed_attention(self, x):
        """x (B, L, C) -> attention over the (shifted) windows of the (H, W) map, back to (B, L, C)."""
        h, w = self.input_resolution
        b, length, c = x.shape
        if length != h * w:
            raise ValueError(f"input has {length} tokens, the block expects {h}x{w}")
        ws, s = self.window_size, self.shift_size
        x = x.view(b, h, w, c)
        if s > 0:
            x = torch.roll(x, shifts=(-s, -s), dims=(1, 2))
        windows = window_partition(x, ws).view(-1, ws * ws, c)
        windows = self.attn(windows, mask=self.attn_mask)
        x = window_reverse(windows.view(-1, ws, ws, c), ws, h, w)
        if s > 0:
            x = torch.roll(x, shifts=(s, s), dims=(1, 2))
        return x.view(b, h * w, c)


class SwinTransformerBlock(_BlockBase):
    """Swin v1 block: x + attn(norm1(x)), then x + mlp(norm2(x))."""

    def __init__(self, dim, input_resolution, num_heads, window_size=7, shift_size=0,
                 mlp_ratio=4.0, qkv_bias=True, qk_scale=None):
        super().__init__(dim, input_resolution, num_heads, window_size, shift_size, mlp_ratio)
        self.attn = wm.WindowAttention(dim, _pair(self.window_size), num_heads, qkv_bias=qkv_bias,
                                       qk_scale=qk_scale)
        self._register_mask()

    def forward(self, x):
        x = x + self.windowed_attention(self.norm1(x))
        return x + self.mlp(self.norm2(x))


class SwinTransformerBlockV2(_BlockBase):
    """Swin v2 block (res-post-norm): x + norm1(attn(x)), then x + norm2(mlp(x))."""

    def __init__(self, dim, input_resolution, num_heads, window_size=7, shift_size=0,
                 mlp_ratio=4.0, qkv_bias=True, pretrained_window_size=0):
        super().__init__(dim, input_resolution, num_heads, window_size, shift_size, mlp_ratio)
        self.attn = wm.WindowAttentionV2(dim, _pair(self.window_size), num_heads, qkv_bias=qkv_bias,
                                         pretrained_window_size=_pair(pretrained_window_size))
        self._register_mask()

    def forward(self, x):
        x = x + self.norm1(self.windowed_attention(x))
        return x + self.norm2(self.mlp(x))


def merge_2x2(x, input_resolution):
    """(B, H*W, C) -> (B, H/2*W/2, 4C): cat(x[0::2, 0::2], x[1::2, 0::2], x[0::2, 1::2], x[1::2, 1::2])."""
    h, w = input_resolution
    b, length, c = x.shape
    if length != h * w or h % 2 or w % 2:
        raise ValueError(f"patch merging needs an even {h}x{w} map, got {length} tokens")
    x = x.view(b, h, w, c)
    parts = [x[:, 0::2, 0::2, :], x[:, 1::2, 0::2, :], x[:, 0::2, 1::2, :], x[:, 1::2, 1::2, :]]
    return torch.cat(parts, -1).view(b, -1, 4 * c)


class PatchMerging(nn.Module):
    """Swin v1: merge 2x2, LayerNorm(4C), Linear(4C -> 2C, no bias)."""

    def __init__(self, input_resolution, dim):
        super().__init__()
        self.input_resolution = tuple(input_resolution)
        self.dim = dim
        self.reduction = nn.Linear(4 * dim, 2 * dim, bias=False)
        self.norm = nn.LayerNorm(4 * dim)

    def forward(self, x):
        return self.reduction(self.norm(merge_2x2(x, self.input_resolution)))


class PatchMergingV2(nn.Module):
    """Swin v2: merge 2x2, Linear(4C -> 2C, no bias), LayerNorm(2C)."""

    def __init__(self, input_resolution, dim):
        super().__init__()
        self.input_resolution = tuple(input_resolution)
        self.dim = dim
        self.reduction = nn.Linear(4 * dim, 2 * dim, bias=False)
        self.norm = nn.LayerNorm(2 * dim)

    def forward(self, x):
        return self.norm(self.reduction(merge_2x2(x, self.input_resolution)))


class PatchEmbed(nn.Module):
    """Conv2d(in_chans, embed_dim, k=p, stride=p), (B, C, H/p, W/p) -> (B, H/p*W/p, C), optional norm."""

    def __init__(self, img_size=224, patch_size=4, in_chans=3, embed_dim=96, patch_norm=True):
        super().__init__()
        self.img_size = _pair(img_size)
        self.patch_size = _pair(patch_size)
        self.patches_resolution = [self.img_size[0] // self.patch_size[0], self.img_size[1] // self.patch_size[1]]
        self.num_patches = self.patches_resolution[0] * self.patches_resolution[1]
        self.in_chans = in_chans
        self.embed_dim = embed_dim
        self.proj = nn.Conv2d(in_chans, embed_dim, kernel_size=self.patch_size, stride=self.patch_size)
        self.norm = nn.LayerNorm(embed_dim) if patch_norm else None

    def forward(self, x):
        _, _, h, w = x.shape
        if (h, w) != self.img_size:
            raise ValueError(f"input image {h}x{w} does not match the model's {self.img_size}")
        x = self.proj(x).flatten(2).transpose(1, 2)
        return self.norm(x) if self.norm is not None else x


class BasicLayer(nn.Module):
    """One stage: `depth` blocks (block i shifted by window // 2 when i is odd), then the downsample."""

    def __init__(self, dim, input_resolution, depth, num_heads, window_size, mlp_ratio=4.0,
                 qkv_bias=True, downsample=None, version=1, pretrained_window_size=0, qk_scale=None):
        super().__init__()
        self.dim = dim
        self.input_resolution = tuple(input_resolution)
        self.depth = depth
        blocks = []
        for i in range(depth):
            shift = 0 if i % 2 == 0 else window_size // 2
            if version == 1:
                blocks.append(SwinTransformerBlock(dim, input_resolution, num_heads, window_size, shift,
                                                   mlp_ratio, qkv_bias, qk_scale))
            else:
                blocks.append(SwinTransformerBlockV2(dim, input_resolution, num_heads, window_size, shift,
                                                     mlp_ratio, qkv_bias, pretrained_window_size))
        self.blocks = nn.ModuleList(blocks)
        self.downsample = downsample(input_resolution, dim=dim) if downsample is not None else None

    def forward_blocks(self, x):
        for block in self.blocks:
            x = block(x)
        return x

    def forward(self, x):
        x = self.forward_blocks(x)
        return self.downsample(x) if self.downsample is not None else x


class _SwinBase(nn.Module):
    version = 1

    def __init__(self, img_size, patch_size, in_chans, num_classes, embed_dim, depths, num_heads,
                 window_size, mlp_ratio, qkv_bias, ape, patch_norm, layer_args):
        super().__init__()
        self.num_classes = num_classes
        self.num_layers = len(depths)
        self.embed_dim = embed_dim
        self.ape = ape
        self.patch_norm = patch_norm
        self.num_features = int(embed_dim * 2 ** (self.num_layers - 1))
        self.mlp_ratio = mlp_ratio
        self.patch_embed = PatchEmbed(img_size, patch_size, in_chans, embed_dim, patch_norm)
        resolution = self.patch_embed.patches_resolution
        self.patches_resolution = resolution
        if ape:
            self.absolute_pos_embed = nn.Parameter(torch.zeros(1, self.patch_embed.num_patches, embed_dim))
        merging = PatchMerging if self.version == 1 else PatchMergingV2
        self.layers = nn.ModuleList()
        for i in range(self.num_layers):
            self.layers.append(BasicLayer(
                int(embed_dim * 2 ** i), (resolution[0] // 2 ** i, resolution[1] // 2 ** i), depths[i],
                num_heads[i], window_size, mlp_ratio, qkv_bias,
                downsample=merging if i < self.num_layers - 1 else None, version=self.version,
                **layer_args(i)))
        self.norm = nn.LayerNorm(self.num_features)
        self.head = nn.Linear(self.num_features, num_classes) if num_classes > 0 else nn.Identity()

    def embed(self, x):
        x = self.patch_embed(x)
        return x + self.absolute_pos_embed if self.ape else x

    def forward_stages(self, x):
        """(logits, [stage outputs before their downsample], final-norm features (B, L, C))."""
        x = self.embed(x)
        stages = []
        for layer in self.layers:
            x = layer.forward_blocks(x)
            stages.append(x)
            if layer.downsample is not None:
                x = layer.downsample(x)
        features = self.norm(x)
        pooled = torch.flatten(F.adaptive_avg_pool1d(features.transpose(1, 2), 1), 1)   # avgpool over tokens
        return self.head(pooled), stages, features

    def forward(self, x):
        return self.forward_stages(x)[0]


class SwinTransformer(_SwinBase):
    """Swin v1 image classifier with the official constructor arguments (dropout ones ignored)."""

    version = 1

    def __init__(self, img_size=224, patch_size=4, in_chans=3, num_classes=1000, embed_dim=96,
                 depths=(2, 2, 6, 2), num_heads=(3, 6, 12, 24), window_size=7, mlp_ratio=4.0,
                 qkv_bias=True, qk_scale=None, ape=False, patch_norm=True, **unused):
        super().__init__(img_size, patch_size, in_chans, num_classes, embed_dim, depths, num_heads,
                         window_size, mlp_ratio, qkv_bias, ape, patch_norm,
                         lambda i: {"qk_scale": qk_scale})


class SwinTransformerV2(_SwinBase):
    """Swin v2 image classifier with the official constructor arguments (dropout ones ignored)."""

    version = 2

    def __init__(self, img_size=224, patch_size=4, in_chans=3, num_classes=1000, embed_dim=96,
                 depths=(2, 2, 6, 2), num_heads=(3, 6, 12, 24), window_size=7, mlp_ratio=4.0,
                 qkv_bias=True, ape=False, patch_norm=True, pretrained_window_sizes=(0, 0, 0, 0), **unused):
        pretrained = list(pretrained_window_sizes)
        if len(pretrained) < len(depths):
            raise ValueError(f"pretrained_window_sizes {pretrained} needs one entry per stage ({len(depths)})")
        super().__init__(img_size, patch_size, in_chans, num_classes, embed_dim, depths, num_heads,
                         window_size, mlp_ratio, qkv_bias, ape, patch_norm,
                         lambda i: {"pretrained_window_size": pretrained[i]})
