"""Minimal, dependency-free safetensors writer and reader (numpy + torch only).

Format (https://huggingface.co/docs/safetensors): an 8-byte little-endian unsigned header length,
a UTF-8 JSON header mapping each tensor name to {"dtype", "shape", "data_offsets": [begin, end]}
(offsets relative to the start of the data section) plus an optional "__metadata__" object of
string -> string, then the raw little-endian tensor bytes.

Choices made here so that files are byte-for-byte reproducible:
- JSON keys sorted, no spaces between tokens;
- tensors laid out in sorted name order, back to back;
- the header padded with spaces to a multiple of 8 bytes, so the data section is 8-byte aligned.
"""

import json
import struct

import numpy as np
import torch

# safetensors dtype name -> (torch dtype, little-endian numpy dtype of the stored bits). numpy has
# no bfloat16: BF16 tensors travel as their int16 bit patterns (torch .view(torch.int16)).
DTYPES = {
    "F32": (torch.float32, np.dtype("<f4")),
    "F64": (torch.float64, np.dtype("<f8")),
    "F16": (torch.float16, np.dtype("<f2")),
    "BF16": (torch.bfloat16, np.dtype("<i2")),
    "I64": (torch.int64, np.dtype("<i8")),
    "I32": (torch.int32, np.dtype("<i4")),
}
_BY_TORCH = {torch_dtype: name for name, (torch_dtype, _) in DTYPES.items()}


def _dtype_name(name, tensor):
    if tensor.dtype not in _BY_TORCH:
        raise ValueError(f"tensor '{name}': unsupported dtype {tensor.dtype} "
                         f"(supported: {sorted(DTYPES)})")
    return _BY_TORCH[tensor.dtype]


def encode(tensors, metadata=None):
    """Returns the bytes of a safetensors file holding `tensors` (name -> torch.Tensor)."""
    if metadata is not None:
        for key, value in metadata.items():
            if not isinstance(key, str) or not isinstance(value, str):
                raise ValueError(f"metadata must map str -> str (got {key!r}: {value!r})")
    header = {}
    chunks = []
    offset = 0
    for name in sorted(tensors):
        if name == "__metadata__":
            raise ValueError("'__metadata__' is reserved and cannot name a tensor")
        tensor = tensors[name].detach().cpu().contiguous()
        dtype = _dtype_name(name, tensor)
        bits = tensor.view(torch.int16) if tensor.dtype == torch.bfloat16 else tensor
        data = bits.numpy().astype(DTYPES[dtype][1], copy=False).tobytes(order="C")
        header[name] = {
            "dtype": dtype,
            "shape": list(tensor.shape),
            "data_offsets": [offset, offset + len(data)],
        }
        chunks.append(data)
        offset += len(data)
    if metadata:
        header["__metadata__"] = dict(metadata)
    text = json.dumps(header, sort_keys=True, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(chunks)


def write(path, tensors, metadata=None):
    """Writes `tensors` (name -> torch.Tensor) and optional string metadata to `path`."""
    data = encode(tensors, metadata)
    with open(path, "wb") as f:
        f.write(data)
    return data


def decode(data, source="<bytes>"):
    """Parses safetensors bytes; returns (tensors: name -> torch.Tensor, metadata: dict)."""
    if len(data) < 8:
        raise ValueError(f"{source}: {len(data)} bytes, too short for the 8-byte header length")
    (header_len,) = struct.unpack("<Q", data[:8])
    if 8 + header_len > len(data):
        raise ValueError(f"{source}: header length {header_len} exceeds file size {len(data)}")
    header = json.loads(data[8:8 + header_len].decode("utf-8"))
    body = data[8 + header_len:]
    metadata = header.pop("__metadata__", {}) or {}
    tensors = {}
    expected_begin = 0
    for name, entry in sorted(header.items(), key=lambda kv: kv[1]["data_offsets"][0]):
        dtype = entry["dtype"]
        if dtype not in DTYPES:
            raise ValueError(f"{source}: tensor '{name}' has unsupported dtype {dtype}")
        torch_dtype, np_dtype = DTYPES[dtype]
        begin, end = entry["data_offsets"]
        shape = entry["shape"]
        count = int(np.prod(shape)) if shape else 1
        if begin != expected_begin:
            raise ValueError(f"{source}: tensor '{name}' starts at {begin}, expected {expected_begin}")
        if end - begin != count * np_dtype.itemsize:
            raise ValueError(f"{source}: tensor '{name}' {dtype}{shape} needs "
                             f"{count * np_dtype.itemsize} bytes, offsets give {end - begin}")
        array = np.frombuffer(body, dtype=np_dtype, count=count, offset=begin).reshape(shape)
        native = torch.from_numpy(array.astype(np_dtype.newbyteorder("=")))
        tensors[name] = native.view(torch.bfloat16) if dtype == "BF16" else native.to(torch_dtype)
        expected_begin = end
    if expected_begin != len(body):
        raise ValueError(f"{source}: data section has {len(body)} bytes, tensors cover {expected_begin}")
    return tensors, metadata


def read(path):
    """Reads a safetensors file; returns (tensors, metadata)."""
    with open(path, "rb") as f:
        return decode(f.read(), source=str(path))
