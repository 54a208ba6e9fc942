#!/usr/bin/env python3
"""Tests of summarize.py on small hand-made JMH files. Run: python3 -m unittest tools/bench/test_summarize.py"""

import json
import math
import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import summarize  # noqa: E402


def result(shape, threads, kernel, score, error, unit="us/op"):
    return {
        "jmhVersion": "1.37",
        "benchmark": summarize.BENCHMARK,
        "mode": "avgt",
        "threads": 1,
        "forks": 2,
        "jvm": "/opt/jdk/bin/java",
        "jvmArgs": ["--add-modules", "jdk.incubator.vector"],
        "jdkVersion": "17.0.15",
        "vmName": "OpenJDK 64-Bit Server VM",
        "vmVersion": "17.0.15+6",
        "warmupIterations": 3,
        "warmupTime": "1 s",
        "measurementIterations": 5,
        "measurementTime": "1 s",
        "params": {"kernel": kernel, "shape": shape, "threads": str(threads)},
        "primaryMetric": {"score": score, "scoreError": error, "scoreUnit": unit},
    }


SHAPES = {
    "s1": {"description": "swin_v1 window=7x7 dim=96 heads=3", "masked": True, "windows": 64, "flopsPerCall": 2_000_000_000},
}


class SummarizeTest(unittest.TestCase):

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.addCleanup(self.dir.cleanup)
        self.shapes = self.write("shapes.json", SHAPES)
        self.machine = os.path.join(self.dir.name, "machine.txt")
        with open(self.machine, "w", encoding="utf-8") as f:
            f.write("CPU: Test CPU (2 logical cores), SIMD flags: avx2 fma\n")

    def write(self, name, data):
        path = os.path.join(self.dir.name, name)
        with open(path, "w", encoding="utf-8") as f:
            json.dump(data, f)
        return path

    def row(self, text, kernel, threads=1):
        prefix = f"| s1 | {threads} | {kernel} |"
        rows = [line for line in text.splitlines() if line.startswith(prefix)]
        self.assertEqual(1, len(rows), text)
        return rows[0]

    def test_speedup_gflops_and_errors_come_from_the_same_file(self):
        results = self.write("r.json", [
            result("s1", 1, "reference", 4000.0, 400.0),   # 4 ms +- 10 %
            result("s1", 1, "vector", 1000.0, 100.0),      # 1 ms +- 10 %
            result("s1", 2, "plain", 1000.0, 100.0),       # plain was asked for: missing at 1 thread
        ])
        text = summarize.summarize([results], self.shapes, self.machine)
        # 2 GFLOP in 4 ms = 500 GFLOP/s, +- 10 %
        self.assertIn("| s1 | 1 | reference | 4.00 ± 0.40 | 500.00 ± 50.00 | 1 (baseline) |", text)
        # speedup 4 with sqrt(0.1^2 + 0.1^2) = 14.14 % -> +- 0.57
        self.assertIn("| s1 | 1 | vector | 1.00 ± 0.10 | 2000.00 ± 200.00 | 4.00 ± 0.57x |", text)
        self.assertIn("| s1 | 1 | plain | not run (set-up failed? see `r.log`) | | |", text)
        self.assertIn("- CPU: Test CPU (2 logical cores), SIMD flags: avx2 fma", text)
        self.assertIn("**OpenJDK 64-Bit Server VM 17.0.15+6 (JDK 17.0.15)** - `r.json`", text)
        self.assertIn("- `s1`: swin_v1 window=7x7 dim=96 heads=3, SW-MSA mask, 64 windows, 2000.0 MFLOP per call", text)
        self.assertIn("flags `--add-modules jdk.incubator.vector`", text)
        self.assertIn("2 forks, warm-up 3 x 1 s, measurement 5 x 1 s", text)

    def test_units_are_converted_and_nan_errors_are_omitted(self):
        results = self.write("r.json", [
            result("s1", 2, "reference", 0.008, "NaN", unit="s/op"),
            result("s1", 2, "plain", 2_000_000.0, "NaN", unit="ns/op"),
        ])
        text = summarize.summarize([results], self.shapes, self.machine)
        self.assertIn("| 8.00 | 250.00 | 1 (baseline) |", self.row(text, "reference", 2))
        self.assertEqual("| s1 | 2 | plain | 2.00 | 1000.00 | 4.00x |", self.row(text, "plain", 2))

    def test_a_variant_filtered_out_of_the_whole_run_gets_no_row(self):
        results = self.write("r.json", [
            result("s1", 1, "reference", 4000.0, 400.0),
            result("s1", 1, "vector", 1000.0, 100.0),
        ])
        text = summarize.summarize([results], self.shapes, self.machine)
        self.assertNotIn("plain", text)
        self.row(text, "vector")

    def test_a_variant_without_reference_says_so(self):
        results = self.write("r.json", [result("s1", 1, "plain", 1000.0, 1.0)])
        text = summarize.summarize([results], self.shapes, self.machine)
        self.assertTrue(self.row(text, "plain").endswith("| no reference in this run |"), text)

    def test_speedup_error_is_quadrature_of_relative_errors(self):
        ratio, error = summarize.speedup(summarize.Measurement(6.0, 0.3), summarize.Measurement(2.0, 0.2))
        self.assertAlmostEqual(3.0, ratio)
        self.assertAlmostEqual(3.0 * math.hypot(0.05, 0.1), error)

    def test_bad_files_are_reported_with_their_path(self):
        empty = self.write("empty.json", [])
        with self.assertRaisesRegex(ValueError, "empty.json: no results of"):
            summarize.summarize([empty], self.shapes, self.machine)
        broken = result("s1", 1, "reference", 1.0, 0.1)
        del broken["params"]
        bad = self.write("bad.json", [broken])
        with self.assertRaisesRegex(ValueError, "bad.json: result 0 has no field 'params'"):
            summarize.summarize([bad], self.shapes, self.machine)
        shapes = self.write("badshapes.json", {"s1": {"description": "x", "windows": 1}})
        with self.assertRaisesRegex(ValueError, "shape 's1' has no field 'flopsPerCall'"):
            summarize.summarize([bad], shapes, self.machine)


if __name__ == "__main__":
    unittest.main()
