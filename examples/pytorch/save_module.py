# Saves one attention module of your PyTorch model, an input batch and the module's output for
# `winattn forward --expect` (pip install torch safetensors; not run by the WinAttn build).
import torch
from safetensors.torch import save_file

from models.swin_transformer import WindowAttention  # the official Swin-Transformer module

attn = WindowAttention(dim=96, window_size=(7, 7), num_heads=3).eval()
x = torch.randn(64, 49, 96)  # (B_, N, C): 64 windows of 7x7 tokens
with torch.no_grad():
    y = attn(x)
save_file(attn.state_dict(), "attn.safetensors")
save_file({"input": x, "output": y}, "io.safetensors")
