"""Tests of pth_to_safetensors.py on small checkpoints written by the tests (needs torch; skipped
loudly without it)."""

import contextlib
import io
import os
import sys
import tempfile
import unittest

try:
    import torch
except ImportError:  # the stdlib-only runner still discovers this file
    torch = None

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


@unittest.skipIf(torch is None, "SKIPPED: torch does not import (Debian: apt-get install python3-torch)")
class PthToSafetensorsTest(unittest.TestCase):

    def setUp(self):
        import pth_to_safetensors
        import safetensors_io
        self.conv = pth_to_safetensors
        self.st = safetensors_io
        self.tmp = tempfile.TemporaryDirectory()
        self.dir = self.tmp.name
        g = torch.Generator().manual_seed(5)
        self.state = {
            "patch_embed.proj.weight": torch.randn(16, 3, 4, 4, generator=g),
            "layers.0.blocks.0.attn.relative_position_index": torch.arange(256).view(16, 16),
            "layers.0.blocks.0.attn.qkv.weight": torch.randn(48, 16, generator=g).double(),
            "head.weight": torch.randn(10, 16, generator=g).half(),
        }

    def tearDown(self):
        self.tmp.cleanup()

    def path(self, name):
        return os.path.join(self.dir, name)

    def save(self, obj, name="in.pth"):
        torch.save(obj, self.path(name))
        return self.path(name)

    def run_main(self, *args):
        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            status = self.conv.main(list(args))
        return status, err.getvalue()

    def read(self, name="out.safetensors"):
        return self.st.read(self.path(name))

    def test_official_checkpoint_under_model_becomes_float32(self):
        src = self.save({"model": self.state})
        status, err = self.run_main(src, self.path("out.safetensors"))
        self.assertEqual(0, status, err)
        tensors, meta = self.read()
        self.assertEqual(sorted(self.state), sorted(tensors))
        self.assertEqual({"format": "pt"}, meta)
        for name, value in self.state.items():
            expected = value.float() if value.is_floating_point() else value
            self.assertEqual(expected.dtype, tensors[name].dtype, name)
            self.assertTrue(torch.equal(expected, tensors[name]), name)
        self.assertIn("['model']", err)

    def test_timm_top_level_and_state_dict_key(self):
        for obj, where in ((self.state, "top level"), ({"state_dict": self.state, "epoch": 3}, "['state_dict']")):
            src = self.save(obj)
            status, err = self.run_main(src, self.path("out.safetensors"))
            self.assertEqual(0, status, err)
            self.assertIn(where, err)
            self.assertEqual(sorted(self.state), sorted(self.read()[0]))

    def test_half_precision_outputs(self):
        src = self.save({"model": self.state})
        for flag, dtype in (("f16", torch.float16), ("bf16", torch.bfloat16)):
            status, err = self.run_main(src, self.path("out.safetensors"), "--dtype", flag)
            self.assertEqual(0, status, err)
            tensors, _ = self.read()
            weight = tensors["patch_embed.proj.weight"]
            self.assertEqual(dtype, weight.dtype)
            self.assertTrue(torch.equal(self.state["patch_embed.proj.weight"].to(dtype), weight))
            self.assertEqual(torch.int64, tensors["layers.0.blocks.0.attn.relative_position_index"].dtype)

    def test_non_tensor_entries_are_refused_and_listed(self):
        bad = dict(self.state, **{"epoch": 3, "config.name": "swin", "layers.x": {"nested": torch.ones(1)}})
        src = self.save({"model": bad})
        status, err = self.run_main(src, self.path("out.safetensors"))
        self.assertEqual(2, status)
        self.assertIn("3 of 7 entries under ['model']", err)
        for text in ("'epoch': int", "'config.name': str", "'layers.x': dict"):
            self.assertIn(text, err)
        self.assertFalse(os.path.exists(self.path("out.safetensors")))

    def test_arbitrary_objects_are_not_unpickled(self):
        src = self.save({"model": self.state, "config": _Config()})
        status, err = self.run_main(src, self.path("out.safetensors"))
        self.assertEqual(2, status)
        self.assertIn("weights_only loading refused", err)
        self.assertFalse(_Config.constructed_on_load)

    def test_failed_conversion_leaves_existing_output_untouched(self):
        out = self.path("out.safetensors")
        with open(out, "wb") as f:
            f.write(b"previous")
        src = self.save({"model": {"w": torch.ones(2), "n": 1}})
        status, _ = self.run_main(src, out)
        self.assertEqual(2, status)
        with open(out, "rb") as f:
            self.assertEqual(b"previous", f.read())
        self.assertEqual(["in.pth", "out.safetensors"], sorted(os.listdir(self.dir)))

    def test_missing_key_and_unsupported_dtype(self):
        src = self.save({"model": self.state})
        status, err = self.run_main(src, self.path("out.safetensors"), "--key", "ema")
        self.assertEqual(2, status)
        self.assertIn("no key 'ema'", err)
        src = self.save({"mask": torch.ones(2, dtype=torch.bool)})
        status, err = self.run_main(src, self.path("out.safetensors"))
        self.assertEqual(2, status)
        self.assertIn("'mask': dtype torch.bool is not supported", err)


class _Config:
    """A non-tensor object a training checkpoint may hold; weights_only must refuse to build it."""
    constructed_on_load = False

    def __setstate__(self, state):
        _Config.constructed_on_load = True
        self.__dict__.update(state)


if __name__ == "__main__":
    unittest.main()
