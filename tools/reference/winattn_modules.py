"""Reference PyTorch implementations of the four attention modules WinAttn reproduces.

Written from docs/semantics.md with plain torch ops. Each module keeps the official module's
constructor signature, parameter/buffer names and shapes, and the official order of floating point
operations (that is what fixes the float32 rounding), so its state dict loads official checkpoints
and its outputs are the official outputs in eval mode. Dropout layers are omitted: eval mode.

- WindowAttention    Swin v1 (2-D window, learned bias table)
- WindowAttentionV2  Swin v2 (cosine attention, continuous position bias from cpb_mlp)
- WindowAttention3D  Video Swin (3-D window, clamped windows use index[:N, :N] of the full window)
- TemporalAttention  the temporal `Attention(dim, num_ttokens, ...)` of adapt-image-models

Mask builders reproduce how the official blocks build the shifted-window (SW-MSA) masks:
swin_block_geometry/swin_mask (2-D) and video_window_geometry/video_mask (3-D).
"""

import math

import torch
import torch.nn.functional as F
from torch import nn

MASK_VALUE = -100.0


def _pair(value):
    return tuple(value) if isinstance(value, (tuple, list)) else (value, value)


def _tokens(window):
    return math.prod(window)


def relative_position_index(window):
    """(N, N) int64 index into the bias table for a 1-, 2- or 3-D window, tokens row-major.

    index[i, j] = sum over axes a of (p_a(i) - p_a(j) + W_a - 1) * prod_{b > a} (2 W_b - 1).
    """
    axes = torch.meshgrid([torch.arange(w) for w in window], indexing="ij")
    coords = torch.stack([a.reshape(-1) for a in axes])            # (rank, N)
    delta = coords[:, :, None] - coords[:, None, :]                 # (rank, N, N): i minus j
    index = torch.zeros(delta.shape[1:], dtype=torch.int64)
    for axis, w in enumerate(window):
        stride = math.prod(2 * v - 1 for v in window[axis + 1:])
        index += (delta[axis] + (w - 1)) * stride
    return index


def _linear_params(module, name, in_features, out_features, bias):
    """Registers `name` as an nn.Linear child so the state dict says name.weight / name.bias."""
    setattr(module, name, nn.Linear(in_features, out_features, bias=bias))


def _split_heads(qkv, tokens, heads):
    """(B_, N, 3C) -> q, k, v each (B_, H, N, d): channel s*C + h*d + e is element e of head h of s."""
    batch = qkv.shape[0]
    qkv = qkv.reshape(batch, tokens, 3, heads, -1).permute(2, 0, 3, 1, 4)
    return qkv[0], qkv[1], qkv[2]


def _merge_heads(y):
    """(B_, H, N, d) -> (B_, N, H*d), head-major channels."""
    batch, _, tokens, _ = y.shape
    return y.transpose(1, 2).reshape(batch, tokens, -1)


def _add_mask_and_softmax(attn, mask):
    """attn (B_, H, N, N) + mask (nW, N, N) with batch row b using window b % nW, then softmax."""
    if mask is None:
        return attn.softmax(dim=-1)
    batch, heads, tokens, _ = attn.shape
    windows = mask.shape[0]
    if batch % windows != 0:
        raise ValueError(f"B_={batch} is not a multiple of the mask's nW={windows}")
    attn = attn.view(batch // windows, windows, heads, tokens, tokens) + mask.unsqueeze(1).unsqueeze(0)
    return attn.view(-1, heads, tokens, tokens).softmax(dim=-1)


class WindowAttention(nn.Module):
    """Swin v1 window attention (models/swin_transformer.py `WindowAttention`)."""

    def __init__(self, dim, window_size, num_heads, qkv_bias=True, qk_scale=None,
                 attn_drop=0.0, proj_drop=0.0):
        super().__init__()
        self.dim = dim
        self.window_size = _pair(window_size)
        self.num_heads = num_heads
        self.scale = qk_scale or (dim // num_heads) ** -0.5
        wh, ww = self.window_size
        self.relative_position_bias_table = nn.Parameter(torch.zeros((2 * wh - 1) * (2 * ww - 1), num_heads))
        self.register_buffer("relative_position_index", relative_position_index(self.window_size))
        _linear_params(self, "qkv", dim, 3 * dim, qkv_bias)
        _linear_params(self, "proj", dim, dim, True)

    def position_bias(self):
        """(H, N, N): bias[h, i, j] = table[index[i, j], h]."""
        n = _tokens(self.window_size)
        bias = self.relative_position_bias_table[self.relative_position_index.view(-1)].view(n, n, -1)
        return bias.permute(2, 0, 1).contiguous()

    def forward(self, x, mask=None):
        _, tokens, _ = x.shape
        q, k, v = _split_heads(self.qkv(x), tokens, self.num_heads)
        q = q * self.scale                                # v1 scales q before q @ k^T
        attn = q @ k.transpose(-2, -1)
        attn = attn + self.position_bias().unsqueeze(0)
        attn = _add_mask_and_softmax(attn, mask)
        return self.proj(_merge_heads(attn @ v))


def continuous_coords_table(window_size, pretrained_window_size):
    """Swin v2 `relative_coords_table` (1, 2Wh-1, 2Ww-1, 2), float32.

    t = (dh, dw) / (P - 1) * 8, P = pretrained size if > 0 else window size,
    then sign(t) * log2(|t| + 1) / log2(8); in this order, in float32.
    """
    wh, ww = window_size
    dh = torch.arange(-(wh - 1), wh, dtype=torch.float32)
    dw = torch.arange(-(ww - 1), ww, dtype=torch.float32)
    table = torch.stack(torch.meshgrid([dh, dw], indexing="ij")).permute(1, 2, 0).contiguous().unsqueeze(0)
    ph, pw = pretrained_window_size
    norm_h, norm_w = (ph, pw) if ph > 0 else (wh, ww)
    table[:, :, :, 0] /= norm_h - 1
    table[:, :, :, 1] /= norm_w - 1
    table *= 8
    return torch.sign(table) * torch.log2(torch.abs(table) + 1.0) / math.log2(8)


class WindowAttentionV2(nn.Module):
    """Swin v2 window attention (models/swin_transformer_v2.py `WindowAttention`)."""

    def __init__(self, dim, window_size, num_heads, qkv_bias=True, attn_drop=0.0, proj_drop=0.0,
                 pretrained_window_size=(0, 0)):
        super().__init__()
        self.dim = dim
        self.window_size = _pair(window_size)
        self.pretrained_window_size = _pair(pretrained_window_size)
        self.num_heads = num_heads
        self.logit_scale = nn.Parameter(torch.log(10 * torch.ones((num_heads, 1, 1))))
        self.cpb_mlp = nn.Sequential(
            nn.Linear(2, 512, bias=True), nn.ReLU(inplace=True), nn.Linear(512, num_heads, bias=False))
        self.register_buffer("relative_coords_table",
                             continuous_coords_table(self.window_size, self.pretrained_window_size))
        self.register_buffer("relative_position_index", relative_position_index(self.window_size))
        self.qkv = nn.Linear(dim, 3 * dim, bias=False)
        if qkv_bias:
            self.q_bias = nn.Parameter(torch.zeros(dim))
            self.v_bias = nn.Parameter(torch.zeros(dim))
        else:
            self.q_bias = None
            self.v_bias = None
        _linear_params(self, "proj", dim, dim, True)

    def qkv_bias(self):
        """cat(q_bias, 0, v_bias): k has no bias. None without qkv_bias."""
        if self.q_bias is None:
            return None
        return torch.cat((self.q_bias, torch.zeros_like(self.v_bias), self.v_bias))

    def position_bias(self):
        """(H, N, N): 16 * sigmoid(cpb_mlp(relative_coords_table)[index])."""
        n = _tokens(self.window_size)
        table = self.cpb_mlp(self.relative_coords_table).view(-1, self.num_heads)
        bias = table[self.relative_position_index.view(-1)].view(n, n, -1).permute(2, 0, 1).contiguous()
        return 16 * torch.sigmoid(bias)

    def clamped_logit_scale(self):
        """exp(min(logit_scale, log(1 / 0.01))), the bound computed as a float32 tensor."""
        return torch.clamp(self.logit_scale, max=torch.log(torch.tensor(1.0 / 0.01))).exp()

    def forward(self, x, mask=None):
        _, tokens, _ = x.shape
        qkv = F.linear(input=x, weight=self.qkv.weight, bias=self.qkv_bias())
        q, k, v = _split_heads(qkv, tokens, self.num_heads)
        attn = F.normalize(q, dim=-1) @ F.normalize(k, dim=-1).transpose(-2, -1)
        attn = attn * self.clamped_logit_scale()
        attn = attn + self.position_bias().unsqueeze(0)
        attn = _add_mask_and_softmax(attn, mask)
        return self.proj(_merge_heads(attn @ v))


class WindowAttention3D(nn.Module):
    """Video Swin 3-D window attention (mmaction/models/backbones/swin_transformer.py).

    Built for the full window; a forward with fewer tokens N (the block clamped the window to the
    input) uses relative_position_index[:N, :N] of the full window, as the official module does.
    """

    def __init__(self, dim, window_size, num_heads, qkv_bias=False, qk_scale=None,
                 attn_drop=0.0, proj_drop=0.0):
        super().__init__()
        self.dim = dim
        self.window_size = tuple(window_size)
        if len(self.window_size) != 3:
            raise ValueError(f"WindowAttention3D needs a 3-D window (got {window_size})")
        self.num_heads = num_heads
        self.scale = qk_scale or (dim // num_heads) ** -0.5
        rows = math.prod(2 * w - 1 for w in self.window_size)
        self.relative_position_bias_table = nn.Parameter(torch.zeros(rows, num_heads))
        self.register_buffer("relative_position_index", relative_position_index(self.window_size))
        _linear_params(self, "qkv", dim, 3 * dim, qkv_bias)
        _linear_params(self, "proj", dim, dim, True)

    def position_bias(self, tokens):
        index = self.relative_position_index[:tokens, :tokens].reshape(-1)
        bias = self.relative_position_bias_table[index].reshape(tokens, tokens, -1)
        return bias.permute(2, 0, 1).contiguous()

    def forward(self, x, mask=None):
        _, tokens, _ = x.shape
        if tokens > _tokens(self.window_size):
            raise ValueError(f"N={tokens} exceeds the window {self.window_size}")
        q, k, v = _split_heads(self.qkv(x), tokens, self.num_heads)
        q = q * self.scale
        attn = q @ k.transpose(-2, -1)
        attn = attn + self.position_bias(tokens).unsqueeze(0)
        attn = _add_mask_and_softmax(attn, mask)
        return self.proj(_merge_heads(attn @ v))


class TemporalAttention(nn.Module):
    """The temporal `Attention(dim, num_ttokens, num_heads=8, qkv_bias=False, qk_scale=None,
    attn_drop=0., proj_drop=0., with_qkv=True)` of adapt-image-models (swin2d_adapter.py).

    Scale multiplies q @ k^T after the product. with_qkv=False: q = k = v = x, no projections.
    """

    def __init__(self, dim, num_ttokens, num_heads=8, qkv_bias=False, qk_scale=None,
                 attn_drop=0.0, proj_drop=0.0, with_qkv=True):
        super().__init__()
        self.num_heads = num_heads
        self.scale = qk_scale or (dim // num_heads) ** -0.5
        self.with_qkv = with_qkv
        if with_qkv:
            _linear_params(self, "qkv", dim, 3 * dim, qkv_bias)
            _linear_params(self, "proj", dim, dim, True)
        self.num_ttokens = num_ttokens
        self.relative_position_bias_table = nn.Parameter(torch.zeros(2 * num_ttokens - 1, num_heads))
        t = torch.arange(num_ttokens)
        self.register_buffer("relative_coords", (t[:, None] - t[None, :] + num_ttokens - 1).reshape(-1))

    def position_bias(self):
        t = self.num_ttokens
        return self.relative_position_bias_table[self.relative_coords].view(t, t, -1).permute(2, 0, 1).contiguous()

    def forward(self, x):
        batch, tokens, channels = x.shape
        if tokens != self.num_ttokens:
            raise ValueError(f"N={tokens} must equal num_ttokens={self.num_ttokens}")
        if self.with_qkv:
            q, k, v = _split_heads(self.qkv(x), tokens, self.num_heads)
        else:
            q = k = v = x.reshape(batch, tokens, self.num_heads, channels // self.num_heads).permute(0, 2, 1, 3)
        attn = (q @ k.transpose(-2, -1)) * self.scale    # temporal scales after the product
        attn = attn + self.position_bias().unsqueeze(0)
        y = _merge_heads(attn.softmax(dim=-1) @ v)
        return self.proj(y) if self.with_qkv else y


# ---------------------------------------------------------------------------------------------
# Shifted-window masks, as the official blocks build them.


def swin_block_geometry(input_resolution, window_size, shift_size):
    """Window and shift a Swin (v1/v2) block actually uses, as ((wh, ww), (sh, sw)).

    Official blocks take an int window: when min(input_resolution) <= window_size the window
    becomes min(input_resolution) and the shift 0. Tuples (non-square windows, our extension) are
    taken as given and must fit the input without clamping.
    """
    if isinstance(window_size, int):
        if not isinstance(shift_size, int):
            raise ValueError(f"int window {window_size} needs an int shift (got {shift_size})")
        if min(input_resolution) <= window_size:
            window_size, shift_size = min(input_resolution), 0
        window, shift = (window_size, window_size), (shift_size, shift_size)
    else:
        window, shift = tuple(window_size), tuple(shift_size)
        if min(input_resolution) <= max(window):
            raise ValueError(f"non-square window {window} would need clamping for input {input_resolution}")
    for axis in range(2):
        if not 0 <= shift[axis] < window[axis]:
            raise ValueError(f"shift {shift} must be in [0, window {window}) on every axis")
        if input_resolution[axis] % window[axis] != 0:
            raise ValueError(f"input {input_resolution} is not a multiple of window {window}")
    return window, shift


def _axis_slices(window, shift):
    # The official slices; with shift 0 the last one, slice(0, None), covers the whole axis.
    return (slice(0, -window), slice(-window, -shift), slice(-shift, None))


def _region_mask(region_windows):
    """(nW, N) region ids -> (nW, N, N) mask: 0 where ids are equal, else -100."""
    diff = region_windows.unsqueeze(1) - region_windows.unsqueeze(2)
    return diff.masked_fill(diff != 0, float(MASK_VALUE)).masked_fill(diff == 0, float(0.0))


def swin_mask(input_resolution, window, shift):
    """(nW, Wh*Ww, Wh*Ww) float32 SW-MSA mask of a Swin block; windows row-major over the grid."""
    height, width = input_resolution
    (wh, ww), (sh, sw) = window, shift
    regions = torch.zeros((1, height, width, 1))
    label = 0
    for hs in _axis_slices(wh, sh):
        for ws in _axis_slices(ww, sw):
            regions[:, hs, ws, :] = label
            label += 1
    grid = regions.view(1, height // wh, wh, width // ww, ww, 1).permute(0, 1, 3, 2, 4, 5)
    return _region_mask(grid.contiguous().view(-1, wh * ww))


def video_window_geometry(input_resolution, window_size, shift_size):
    """Video Swin `get_window_size`: per axis, an input no larger than the window clamps the window
    to the input and zeroes that axis' shift. Returns (window, shift) as 3-tuples."""
    window, shift = list(window_size), list(shift_size)
    for axis, size in enumerate(input_resolution):
        if size <= window_size[axis]:
            window[axis] = size
            shift[axis] = 0
    return tuple(window), tuple(shift)


def video_mask(input_resolution, window, shift):
    """Video Swin `compute_mask` on the padded input: (nW, N, N) float32, windows row-major."""
    padded = [math.ceil(size / w) * w for size, w in zip(input_resolution, window)]
    depth, height, width = padded
    regions = torch.zeros((1, depth, height, width, 1))
    label = 0
    for ds in _axis_slices(window[0], shift[0]):
        for hs in _axis_slices(window[1], shift[1]):
            for ws in _axis_slices(window[2], shift[2]):
                regions[:, ds, hs, ws, :] = label
                label += 1
    wd, wh, ww = window
    grid = regions.view(1, depth // wd, wd, height // wh, wh, width // ww, ww, 1)
    grid = grid.permute(0, 1, 3, 5, 2, 4, 6, 7).contiguous().view(-1, wd * wh * ww)
    return _region_mask(grid)
