#!/usr/bin/python3
"""Converts a PyTorch checkpoint (.pth) to safetensors, so Java never unpickles anything.

Usage: /usr/bin/python3 tools/reference/pth_to_safetensors.py IN.pth OUT.safetensors
       [--dtype f32|f16|bf16] [--key model|state_dict|...]

- Loads with torch.load(..., map_location="cpu", weights_only=True): only tensors, dicts, lists
  and plain values are unpickled, never arbitrary objects (torch >= 1.13; older torch is refused).
- Finds the state dict: --key if given; else the official Swin checkpoints' `model`, else
  `state_dict` (some timm / Lightning files), else the top level (timm's own files).
- Every entry must be a tensor: other entries (numbers, strings, nested dicts) are refused with a
  message listing all of them, so nothing is dropped silently.
- Floating point tensors are written as --dtype (default f32); integer tensors (e.g. the index
  buffers `relative_position_index`) keep their integer type (int64 / int32).
- Writes atomically: a temporary file in the output folder, fsync, then rename over OUT. On any
  error OUT is left as it was.

Exit status 0 on success, 2 on a refused input (message on stderr).
"""

import argparse
import inspect
import os
import pickle
import sys
import tempfile

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import safetensors_io  # noqa: E402

FLOAT_DTYPES = {"f32": torch.float32, "f16": torch.float16, "bf16": torch.bfloat16}
INTEGER_DTYPES = (torch.int64, torch.int32)
STATE_DICT_KEYS = ("model", "state_dict")


class ConversionError(Exception):
    """A checkpoint we refuse to convert; the message says why and where."""


def load_checkpoint(path):
    """torch.load with weights_only=True (no arbitrary unpickling)."""
    if "weights_only" not in inspect.signature(torch.load).parameters:
        raise ConversionError(f"torch {torch.__version__} has no torch.load(weights_only=True); refusing to "
                              f"unpickle {path} without it (use torch >= 1.13)")
    try:
        return torch.load(path, map_location="cpu", weights_only=True)
    except (pickle.UnpicklingError, RuntimeError, AttributeError) as e:
        raise ConversionError(
            f"{path}: weights_only loading refused the file: {str(e).splitlines()[0]}. It holds objects other "
            f"than tensors (e.g. a training config or optimizer state). In a trusted environment, re-save "
            f"just the state dict: torch.save(torch.load(path)['model'], 'weights.pth')") from e


def select_state_dict(checkpoint, key=None, source="<checkpoint>"):
    """The name -> tensor mapping inside a loaded checkpoint, as (state dict, where)."""
    if not isinstance(checkpoint, dict):
        raise ConversionError(f"{source}: top level is a {type(checkpoint).__name__}, not a dict of tensors")
    if key is not None:
        if key not in checkpoint:
            raise ConversionError(f"{source}: no key '{key}' at the top level (keys: {sorted(map(str, checkpoint))})")
        return checkpoint[key], f"['{key}']"
    for candidate in STATE_DICT_KEYS:
        if isinstance(checkpoint.get(candidate), dict):
            return checkpoint[candidate], f"['{candidate}']"
    return checkpoint, "top level"


def convert_tensors(state, dtype, source="<checkpoint>", where="top level"):
    """Checks every entry and casts floats to `dtype`; raises listing every problem at once."""
    if not isinstance(state, dict):
        raise ConversionError(f"{source}: {where} is a {type(state).__name__}, not a dict of tensors")
    problems = []
    out = {}
    for name, value in state.items():
        if not isinstance(name, str):
            problems.append(f"{name!r}: key is a {type(name).__name__}, not a string")
        elif not isinstance(value, torch.Tensor):
            problems.append(f"'{name}': {type(value).__name__}, not a tensor")
        elif value.is_floating_point():
            out[name] = value.detach().to(dtype).contiguous()
        elif value.dtype in INTEGER_DTYPES:
            out[name] = value.detach().contiguous()
        else:
            problems.append(f"'{name}': dtype {value.dtype} is not supported (floats, int64, int32)")
    if problems:
        raise ConversionError(f"{source}: {len(problems)} of {len(state)} entries under {where} cannot be "
                              f"written as safetensors:\n  " + "\n  ".join(problems))
    if not out:
        raise ConversionError(f"{source}: no tensors under {where}")
    return out


def write_atomically(path, data):
    """Writes bytes to a temporary file next to `path`, fsyncs it, then renames it over `path`."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".safetensors", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def convert(src, dst, dtype="f32", key=None):
    """Converts src (.pth) to dst (.safetensors); returns the number of tensors written."""
    if dtype not in FLOAT_DTYPES:
        raise ConversionError(f"--dtype {dtype!r}: expected one of {sorted(FLOAT_DTYPES)}")
    checkpoint = load_checkpoint(src)
    state, where = select_state_dict(checkpoint, key, src)
    tensors = convert_tensors(state, FLOAT_DTYPES[dtype], src, where)
    write_atomically(dst, safetensors_io.encode(tensors, {"format": "pt"}))
    return len(tensors), where


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("src", help="PyTorch checkpoint (.pth, .pt, .bin)")
    parser.add_argument("dst", help="output .safetensors (replaced atomically)")
    parser.add_argument("--dtype", default="f32", choices=sorted(FLOAT_DTYPES), help="floating point type (default f32)")
    parser.add_argument("--key", help="top-level key holding the state dict (default: model, state_dict, or the top level)")
    args = parser.parse_args(argv)
    try:
        count, where = convert(args.src, args.dst, args.dtype, args.key)
    except ConversionError as e:
        print(f"pth_to_safetensors: {e}", file=sys.stderr)
        return 2
    print(f"pth_to_safetensors: wrote {count} tensors from {args.src} ({where}) to {args.dst} as {args.dtype}",
          file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
