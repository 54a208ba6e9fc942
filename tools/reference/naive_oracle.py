"""A second, deliberately naive float64 oracle written straight from docs/semantics.md formulas.

It shares no code with winattn_modules.py: indices are computed token by token from the
coordinate formulas, masks from per-coordinate region labels, and the attention with explicit
einsums. make_vectors.py checks the modules against it, so a slip in one is caught by the other.
"""

import itertools
import math

import numpy as np


def _coords(window):
    """Token coordinates of a window, row-major (last axis fastest)."""
    return list(itertools.product(*[range(w) for w in window]))


def table_index(window, tokens=None):
    """index[i, j] for the first `tokens` tokens of `window` (all when None), SPEC formula."""
    coords = _coords(window)[: tokens or math.prod(window)]
    n = len(coords)
    index = np.zeros((n, n), dtype=np.int64)
    for i, ci in enumerate(coords):
        for j, cj in enumerate(coords):
            value = 0
            for axis, w in enumerate(window):
                stride = 1
                for later in window[axis + 1:]:
                    stride *= 2 * later - 1
                value += (ci[axis] - cj[axis] + w - 1) * stride
            index[i, j] = value
    return index


def _label(p, length, window, shift):
    """Region label of coordinate p along one axis of the shifted map: slices [0, L-w), [L-w, L-s),
    [L-s, L) get 0, 1, 2; with shift 0 the whole axis has one label."""
    if shift == 0:
        return 2
    if p < length - window:
        return 0
    if p < length - shift:
        return 1
    return 2


def shift_mask(resolution, window, shift):
    """(nW, N, N) mask: 0 for tokens of the same region, -100 otherwise; windows row-major."""
    padded = [math.ceil(r / w) * w for r, w in zip(resolution, window)]
    grid = [p // w for p, w in zip(padded, window)]
    masks = []
    for cell in itertools.product(*[range(g) for g in grid]):
        ids = []
        for offset in _coords(window):
            region = 0
            for axis in range(len(window)):
                p = cell[axis] * window[axis] + offset[axis]
                region = 3 * region + _label(p, padded[axis], window[axis], shift[axis])
            ids.append(region)
        ids = np.array(ids)
        masks.append(np.where(ids[:, None] == ids[None, :], 0.0, -100.0))
    return np.stack(masks)


def _softmax(a):
    a = a - a.max(axis=-1, keepdims=True)
    e = np.exp(a)
    return e / e.sum(axis=-1, keepdims=True)


def attention(x, heads, wqkv, bqkv, wproj, bproj, bias, scale, mask=None, cosine_scale=None):
    """Generic window attention in float64.

    x (B_, N, C); wqkv (3C, C) or None (q = k = v = x); bias (H, N, N); mask (nW, N, N) or None;
    cosine_scale (H,) switches to Swin v2 cosine attention (scale then unused).
    """
    x = np.asarray(x, dtype=np.float64)
    batch, tokens, channels = x.shape
    d = channels // heads
    if wqkv is None:
        q = k = v = x.reshape(batch, tokens, heads, d)
    else:
        qkv = x @ wqkv.T + (0 if bqkv is None else bqkv)
        split = qkv.reshape(batch, tokens, 3, heads, d)   # channel s*C + h*d + e
        q, k, v = split[:, :, 0], split[:, :, 1], split[:, :, 2]
    if cosine_scale is None:
        logits = np.einsum("bihe,bjhe->bhij", q, k) * scale
    else:
        qn = q / np.maximum(np.linalg.norm(q, axis=-1, keepdims=True), 1e-12)
        kn = k / np.maximum(np.linalg.norm(k, axis=-1, keepdims=True), 1e-12)
        logits = np.einsum("bihe,bjhe->bhij", qn, kn) * cosine_scale[None, :, None, None]
    logits = logits + bias[None]
    if mask is not None:
        windows = mask.shape[0]
        logits = logits + np.stack([mask[b % windows] for b in range(batch)])[:, None]
    attn = _softmax(logits)
    y = np.einsum("bhij,bjhe->bihe", attn, v).reshape(batch, tokens, channels)
    return y if wproj is None else y @ wproj.T + bproj


def gather_bias(table, index):
    """bias[h, i, j] = table[index[i, j], h]."""
    return np.transpose(table[index], (2, 0, 1))


def v2_coords_table(window, pretrained):
    """float32 continuous coordinates, (2Wh-1)(2Ww-1) rows of (t_h, t_w), SPEC formula."""
    norm = pretrained if pretrained and pretrained[0] > 0 else window
    rows = []
    for dh in range(-(window[0] - 1), window[0]):
        for dw in range(-(window[1] - 1), window[1]):
            pair = []
            for delta, p in ((dh, norm[0]), (dw, norm[1])):
                t = np.float32(np.float32(delta) / np.float32(p - 1)) * np.float32(8)
                t = np.float32(t)
                pair.append(np.float32(np.sign(t) * np.log2(np.abs(t) + np.float32(1)) / np.float32(3)))
            rows.append(pair)
    return np.array(rows, dtype=np.float32)
