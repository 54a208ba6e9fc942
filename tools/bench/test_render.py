#!/usr/bin/python3
"""Tests of render.py on a made-up run: python3 tools/bench/test_render.py (no torch needed)."""

import json
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import render  # noqa: E402

SHAPES = {
    "swin_t_s1": {"model": "Swin-T 224 stage 1", "windows": 64, "tokens": 49, "dim": 96, "masked": True,
                  "flopsPerCall": 290217984},
    "swin_t_s4": {"model": "Swin-T 224 stage 4", "windows": 1, "tokens": 49, "dim": 768, "masked": False,
                  "flopsPerCall": 100_000_000},
}
MACHINE = {"javaVersion": "25.0.3", "vm": "OpenJDK", "lanes": 16, "vectorBits": 512, "peakFlopsPerCall": 38400000,
           "onnxRuntime": "1.29.0", "cpu": "Test CPU", "cores": 2, "mode": "quick",
           "command": "benchmarks/run --quick", "loadStart": 0.5,
           "hugePages": "transparent huge pages madvise: JVM -XX:+UseTransparentHugePages, peers X"}


def jmh_entry(shape, impl, threads, us, allocated=0.0, calls=100.0):
    return {"params": {"shape": shape, "implementation": impl, "threads": str(threads)},
            "primaryMetric": {"score": us, "scoreError": us / 10, "scoreUnit": "us/op"},
            "secondaryMetrics": {"allocatedBytes": {"score": allocated}, "calls": {"score": calls},
                                 "gc.alloc.rate.norm": {"score": 80.0}}}


class RenderTest(unittest.TestCase):

    def run_render(self, jmh, pytorch, readme_text=None):
        with tempfile.TemporaryDirectory() as d:
            paths = {}
            for name, data in [("shapes", SHAPES), ("machine", MACHINE), ("jmh", jmh), ("pytorch", pytorch),
                               ("peak", [{"primaryMetric": {"score": 384.0, "scoreError": 3.84}}])]:
                paths[name] = os.path.join(d, name + ".json")
                with open(paths[name], "w") as f:
                    json.dump(data, f)
            args = ["--shapes", paths["shapes"], "--machine", paths["machine"], "--peak", paths["peak"],
                    "--jmh", paths["jmh"], "--pytorch", paths["pytorch"], "--elapsed", "754",
                    "--json", os.path.join(d, "s.json"), "--markdown", os.path.join(d, "s.md"),
                    "--svg", os.path.join(d, "c.svg")]
            if readme_text is not None:
                with open(os.path.join(d, "README.md"), "w") as f:
                    f.write(readme_text)
                args += ["--readme", os.path.join(d, "README.md")]
            self.assertEqual(0, render.main(args))
            out = {}
            for name in ("s.json", "s.md", "c.svg") + (("README.md",) if readme_text is not None else ()):
                with open(os.path.join(d, name)) as f:
                    out[name] = f.read()
            return out

    def test_records_ratios_targets_and_readme(self):
        jmh = [jmh_entry("swin_t_s1", "generated-vector", 1, 4000.0),
               jmh_entry("swin_t_s1", "onnxruntime", 1, 8000.0, allocated=53600.0),
               jmh_entry("swin_t_s1", "generated-vector", 2, 2000.0)]
        pytorch = {"torch": "1.13", "blas": "openblas", "blas_library": "/x/libblas.so.3", "publishable": True,
                   "results": [{"shape": "swin_t_s1", "threads": 1, "variant": "jit", "median_us": 5000.0,
                                "q1_us": 4900.0, "q3_us": 5300.0}]}
        out = self.run_render(jmh, pytorch, "# X\n<!-- bench:begin -->\nold\n<!-- bench:end -->\ntail\n")
        summary = json.loads(out["s.json"])
        self.assertAlmostEqual(100.0, summary["peak_gflops"])  # 38.4 MFLOP in 384 us
        by = {(r["shape"], r["threads"], r["implementation"]): r for r in summary["records"]}
        vec = by[("swin_t_s1", 1, "generated-vector")]
        self.assertAlmostEqual(290217984 / 4e6, vec["gflops"])
        self.assertAlmostEqual(vec["gflops"] / 100.0, vec["peak_fraction"])
        self.assertEqual(0.0, vec["bytes_per_call"])
        self.assertEqual(536.0, by[("swin_t_s1", 1, "onnxruntime")]["bytes_per_call"])
        self.assertAlmostEqual(200.0, by[("swin_t_s1", 1, "pytorch")]["error_us"])
        two = by[("swin_t_s1", 2, "generated-vector")]
        self.assertAlmostEqual(2 * vec["gflops"], two["gflops"])
        self.assertAlmostEqual(two["gflops"] / 200.0, two["peak_fraction"])  # 2 cores of peak
        targets = {(t["target"], t["shape"]): t for t in summary["targets"]}
        ort = targets[("vs ONNX Runtime, 1 thread >= 1.5x", "swin_t_s1")]
        self.assertEqual((2.0, "met"), (ort["measured"], ort["status"]))
        pt = targets[("vs PyTorch, 1 thread >= 1.5x", "swin_t_s1")]
        self.assertEqual((1.25, "missed"), (pt["measured"], pt["status"]))
        self.assertEqual("met", targets[("2 threads / 1 thread >= 1.85x (16+ windows)", "swin_t_s1")]["status"])
        self.assertEqual("not measured", targets[("vs ONNX Runtime, 2 threads >= 2x", "swin_t_s1")]["status"])
        self.assertNotIn(("2 threads / 1 thread >= 1.85x (16+ windows)", "swin_t_s4"), targets)  # 1 window
        self.assertIn(("swin_t_s4", 1, "reference"), [tuple(m) for m in summary["missing"]])
        self.assertIn("| 2.00x | 1.25x |", out["s.md"])
        self.assertIn("Memory: transparent huge pages madvise", out["s.md"])
        self.assertIn("`swin_t_s4` (not run)", out["s.md"])
        self.assertTrue(out["README.md"].startswith("# X\n<!-- bench:begin -->\nRun `benchmarks/run --quick`"))
        self.assertTrue(out["README.md"].endswith("<!-- bench:end -->\ntail\n"))
        self.assertNotIn("old", out["README.md"])
        self.assertIn("<svg", out["c.svg"])

    def test_readme_without_markers_is_an_error(self):
        with self.assertRaises(SystemExit) as e:
            self.run_render([jmh_entry("swin_t_s1", "generated-vector", 1, 4000.0)],
                            {"results": []}, "# no markers\n")
        self.assertIn("needs exactly one <!-- bench:begin --> ... <!-- bench:end --> block", str(e.exception))


SWIN_T = {"img_size": 224, "patch_size": 4, "in_chans": 3, "num_classes": 1000, "embed_dim": 96,
          "depths": [2, 2, 6, 2], "num_heads": [3, 6, 12, 24], "window_size": 7, "mlp_ratio": 4.0}


def model_entry(impl, batch, threads, ms, allocated=0.0, calls=10.0):
    return {"params": {"implementation": impl, "batch": str(batch), "threads": str(threads)},
            "primaryMetric": {"score": ms, "scoreError": ms / 20, "scoreUnit": "ms/op"},
            "secondaryMetrics": {"allocatedBytes": {"score": allocated}, "calls": {"score": calls}}}


class ModelRenderTest(unittest.TestCase):

    def run_model(self, model_jmh, model_pytorch=None, jmh=None, readme_text=None):
        with tempfile.TemporaryDirectory() as d:
            paths = {}
            data = [("shapes", SHAPES), ("machine", MACHINE), ("model_jmh", model_jmh),
                    ("spec", {"model": "swin_t_v1", "config": SWIN_T}),
                    ("peak", [{"primaryMetric": {"score": 384.0, "scoreError": 3.84}}])]
            if model_pytorch is not None:
                data.append(("model_pytorch", model_pytorch))
            if jmh is not None:
                data.append(("jmh", jmh))
            for name, value in data:
                paths[name] = os.path.join(d, name + ".json")
                with open(paths[name], "w") as f:
                    json.dump(value, f)
            args = ["--shapes", paths["shapes"], "--machine", paths["machine"], "--peak", paths["peak"],
                    "--model-jmh", paths["model_jmh"], "--model-spec", paths["spec"],
                    "--json", os.path.join(d, "s.json"), "--markdown", os.path.join(d, "s.md")]
            if model_pytorch is not None:
                args += ["--model-pytorch", paths["model_pytorch"]]
            if jmh is not None:
                args += ["--jmh", paths["jmh"]]
            if readme_text is not None:
                with open(os.path.join(d, "README.md"), "w") as f:
                    f.write(readme_text)
                args += ["--readme", os.path.join(d, "README.md")]
            self.assertEqual(0, render.main(args))
            out = {}
            for name in ("s.json", "s.md") + (("README.md",) if readme_text is not None else ()):
                with open(os.path.join(d, name)) as f:
                    out[name] = f.read()
            return out

    def test_swin_t_flops_match_the_known_count(self):
        # Swin-T at 224 is quoted as 4.5 G multiply-adds (the paper, timm); 2 FLOPs each.
        self.assertAlmostEqual(8.98, render.swin_flops(SWIN_T) / 1e9, delta=0.05)
        # Patch embedding alone: 56 * 56 tokens x 48 inputs x 96 outputs x 2.
        tiny = dict(SWIN_T, depths=[0], num_classes=0)
        self.assertEqual(2 * 56 * 56 * 48 * 96, render.swin_flops(tiny))

    def test_model_records_ratios_targets_and_readme_block(self):
        model_jmh = [model_entry("generated-vector", 1, 1, 200.0), model_entry("onnxruntime", 1, 1, 300.0, 5000.0),
                     model_entry("generated-vector", 1, 2, 125.0), model_entry("onnxruntime", 1, 2, 150.0),
                     model_entry("generated-vector", 8, 1, 1600.0)]
        model_pytorch = {"torch": "1.13", "blas": "openblas", "publishable": True, "results": [
            {"batch": 1, "threads": 1, "variant": "eager", "median_us": 500e3, "q1_us": 490e3, "q3_us": 530e3},
            {"batch": 1, "threads": 1, "variant": "jit", "median_us": 400e3, "q1_us": 390e3, "q3_us": 410e3}]}
        readme = ("# X\n<!-- bench:begin -->\nwindows\n<!-- bench:end -->\n"
                  "<!-- model-bench:begin -->\nold\n<!-- model-bench:end -->\ntail\n")
        out = self.run_model(model_jmh, model_pytorch, readme_text=readme)
        summary = json.loads(out["s.json"])
        model = summary["model"]
        self.assertEqual("swin_t_v1_224", model["name"])
        flops = render.swin_flops(SWIN_T)
        by = {(r["batch"], r["threads"], r["implementation"]): r for r in model["records"]}
        vec = by[(1, 1, "generated-vector")]
        self.assertEqual("swin_t_v1_224", vec["model"])
        self.assertAlmostEqual(flops / 200e6, vec["gflops"])
        self.assertAlmostEqual(vec["gflops"] / 100.0, vec["peak_fraction"])  # peak: 38.4 MFLOP in 384 us
        self.assertAlmostEqual(10.0, vec["error_ms"])
        self.assertEqual(0.0, vec["bytes_per_call"])
        self.assertEqual(500.0, by[(1, 1, "onnxruntime")]["bytes_per_call"])
        self.assertAlmostEqual(8 * flops / 1600e6, by[(8, 1, "generated-vector")]["gflops"])
        pt = by[(1, 1, "pytorch")]  # the faster variant, by median
        self.assertEqual(("jit", 400.0, 10.0, None), (pt["variant"], pt["ms_per_call"], pt["error_ms"],
                                                      pt["bytes_per_call"]))
        targets = {(t["batch"], t["threads"]): t for t in model["targets"]}
        self.assertEqual((1.5, "met"), (targets[(1, 1)]["measured"], targets[(1, 1)]["status"]))
        self.assertEqual((1.2, "missed"), (targets[(1, 2)]["measured"], targets[(1, 2)]["status"]))
        self.assertEqual("not measured", targets[(8, 1)]["status"])
        self.assertIn([8, 1, "onnxruntime"], model["missing"])
        self.assertNotIn([8, 1, "reference"], model["missing"])  # optional
        self.assertEqual([], summary["records"])  # no window-attention run given
        self.assertIn("| 1 | 1 | 200.0 ± 10.0 |", out["s.md"])
        self.assertIn("| 1.50x | 2.00x |", out["s.md"])
        self.assertIn("## Whole Swin-T", out["s.md"])
        self.assertIn("Memory: transparent huge pages madvise: JVM -XX:+UseTransparentHugePages, peers X. ",
                      out["s.md"])
        self.assertNotIn("| shape | thr |", out["s.md"])
        text = out["README.md"]
        self.assertIn("<!-- bench:begin -->\nwindows\n<!-- bench:end -->", text)  # left alone
        self.assertTrue(text.endswith("<!-- model-bench:end -->\ntail\n"))
        self.assertNotIn("old", text)
        self.assertIn("<!-- model-bench:begin -->\nRun `benchmarks/run --quick`", text)

    def test_both_tables_in_one_summary(self):
        out = self.run_model([model_entry("generated-vector", 1, 1, 200.0)],
                             jmh=[jmh_entry("swin_t_s1", "generated-vector", 1, 4000.0)])
        summary = json.loads(out["s.json"])
        self.assertEqual(1, len(summary["records"]))
        self.assertEqual(1, len(summary["model"]["records"]))
        md = out["s.md"]
        self.assertLess(md.index("| shape | thr |"), md.index("## Whole Swin-T"))

    def test_readme_without_model_markers_is_an_error(self):
        with self.assertRaises(SystemExit) as e:
            self.run_model([model_entry("generated-vector", 1, 1, 200.0)], readme_text="# no markers\n")
        self.assertIn("needs exactly one <!-- model-bench:begin --> ... <!-- model-bench:end --> block",
                      str(e.exception))

    def test_model_jmh_needs_milliseconds(self):
        entry = model_entry("generated-vector", 1, 1, 200.0)
        entry["primaryMetric"]["scoreUnit"] = "us/op"
        with self.assertRaises(SystemExit) as e:
            self.run_model([entry])
        self.assertIn("expected ms/op", str(e.exception))


if __name__ == "__main__":
    unittest.main()
