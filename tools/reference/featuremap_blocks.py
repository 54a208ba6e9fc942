"""The attention path of the official blocks on whole feature maps, around our modules.

Written from the official code (Swin-Transformer models/swin_transformer.py and
swin_transformer_v2.py `SwinTransformerBlock.forward`; Video-Swin-Transformer
mmaction/models/backbones/swin_transformer.py `SwinTransformerBlock3D.forward_part1` with
`get_window_size`, `compute_mask`, `window_partition`, `window_reverse`): what happens between
`norm1` and the residual. Each step is the official tensor operation (roll, pad, partition view and
permute, reverse, roll back, crop), so these are the copies WinAttn's fused path avoids.
"""

import math

import torch
import torch.nn.functional as F

import winattn_modules as wm


def _partition_2d(x, ws):
    """window_partition: (B, H, W, C) -> (B*nW, ws*ws, C), image outer, windows row-major inner."""
    b, h, w, c = x.shape
    x = x.view(b, h // ws, ws, w // ws, ws, c)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(-1, ws * ws, c)


def _reverse_2d(windows, ws, h, w):
    """window_reverse: (B*nW, ws*ws, C) -> (B, H, W, C)."""
    b = int(windows.shape[0] / (h * w / ws / ws))
    x = windows.view(b, h // ws, w // ws, ws, ws, -1)
    return x.permute(0, 1, 3, 2, 4, 5).contiguous().view(b, h, w, -1)


def swin_block_attention(module, x, window_size, shift_size):
    """SwinTransformerBlock (v1 or v2) attention on x (B, H, W, C): the block clamps window and
    shift to the input, rolls, partitions, runs the module with the block's attn_mask, reverses
    and rolls back. There is no padding: H and W must be multiples of the window."""
    _, h, w, _ = x.shape
    (ws, _), (shift, _) = wm.swin_block_geometry((h, w), window_size, shift_size)
    mask = wm.swin_mask((h, w), (ws, ws), (shift, shift)).to(x.dtype) if shift > 0 else None
    shifted = torch.roll(x, shifts=(-shift, -shift), dims=(1, 2)) if shift > 0 else x
    windows = module(_partition_2d(shifted, ws), mask=mask)
    shifted = _reverse_2d(windows, ws, h, w)
    return torch.roll(shifted, shifts=(shift, shift), dims=(1, 2)) if shift > 0 else shifted


def _partition_3d(x, window):
    b, d, h, w, c = x.shape
    wd, wh, ww = window
    x = x.view(b, d // wd, wd, h // wh, wh, w // ww, ww, c)
    return x.permute(0, 1, 3, 5, 2, 4, 6, 7).contiguous().view(-1, wd * wh * ww, c)


def _reverse_3d(windows, window, b, d, h, w):
    wd, wh, ww = window
    x = windows.view(b, d // wd, h // wh, w // ww, wd, wh, ww, -1)
    return x.permute(0, 1, 4, 2, 5, 3, 6, 7).contiguous().view(b, d, h, w, -1)


def video_block_attention(module, x, window_size, shift_size):
    """SwinTransformerBlock3D.forward_part1 after norm1 on x (B, D, H, W, C): get_window_size, pad
    with zeros at the end of D, H, W (padded tokens are real zero tokens in attention), roll,
    partition, the module with compute_mask of the padded size (Dp, Hp, Wp), reverse, roll back,
    crop. The module keeps the full window; it uses relative_position_index[:N, :N]."""
    b, d, h, w, c = x.shape
    window, shift = wm.video_window_geometry((d, h, w), window_size, shift_size)
    pad = [(window[a] - size % window[a]) % window[a] for a, size in enumerate((d, h, w))]
    x = F.pad(x, (0, 0, 0, pad[2], 0, pad[1], 0, pad[0]))
    _, dp, hp, wp, _ = x.shape
    if any(s > 0 for s in shift):
        shifted = torch.roll(x, shifts=(-shift[0], -shift[1], -shift[2]), dims=(1, 2, 3))
        mask = wm.video_mask((dp, hp, wp), window, shift).to(x.dtype)
    else:
        shifted, mask = x, None
    windows = module(_partition_3d(shifted, window), mask=mask)
    shifted = _reverse_3d(windows, window, b, dp, hp, wp)
    if any(s > 0 for s in shift):
        x = torch.roll(shifted, shifts=shift, dims=(1, 2, 3))
    else:
        x = shifted
    return x[:, :d, :h, :w, :].contiguous()


def temporal_frames_attention(module, x):
    """Temporal attention across the T frames of x (B, T, N, C) for every spatial token:
    rearrange 'b t n c -> (b n) t c', the module, and back."""
    b, t, n, c = x.shape
    y = module(x.permute(0, 2, 1, 3).reshape(b * n, t, c))
    return y.view(b, n, t, c).permute(0, 2, 1, 3).contiguous()


def windows_of(case_family, shape, window_size, shift_size):
    """(clamped window, clamped shift, padded size) of a map, for the metadata."""
    if case_family in ("swin_v1", "swin_v2"):
        window, shift = wm.swin_block_geometry(shape, window_size, shift_size)
        return window, shift, tuple(shape)
    window, shift = wm.video_window_geometry(shape, window_size, shift_size)
    padded = tuple(math.ceil(s / w) * w for s, w in zip(shape, window))
    return window, shift, padded
