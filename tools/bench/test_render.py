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
           "command": "benchmarks/run --quick", "loadStart": 0.5}


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


if __name__ == "__main__":
    unittest.main()
