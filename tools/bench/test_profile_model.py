#!/usr/bin/python3
"""Tests of profile_model.py's attribution of samples to modules: python3 tools/bench/test_profile_model.py."""

import json
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import profile_model as pm  # noqa: E402
import render  # noqa: E402

SWIN_T = {"img_size": 224, "patch_size": 4, "in_chans": 3, "num_classes": 1000, "embed_dim": 96,
          "depths": [2, 2, 6, 2], "num_heads": [3, 6, 12, 24], "window_size": 7, "mlp_ratio": 4.0}
STAGES = pm.stage_dims(SWIN_T)
L = "io.github.winattn.model.layers."
RUN = ("io.github.winattn.model.SwinModel", "run")
BENCH = ("io.github.winattn.benchmarks.jmh_generated.WholeModelBenchmark_classify_jmhTest", "classify_avgt")


def module(*frames):
    return pm.module_of(list(frames) + [RUN, BENCH], STAGES)


class ModuleOfTest(unittest.TestCase):

    def test_attention_per_stage_by_kernel_class(self):
        kernel = ("io.github.winattn.generated.SwinV1_w7x7_h12_d384_Vector", "tile2Bias")
        fm = ("io.github.winattn.featuremap.FeatureMapAttentions$Gathered", "forward")
        self.assertEqual("attention, stage 3 (generated kernel: qkv, softmax, proj)", module(kernel, fm))
        self.assertEqual("attention, outside the kernel (shift, window copies)",
                         module(("io.github.winattn.featuremap.WindowCopies", "gather"), fm))

    def test_mlp_norm_and_residual_inside_the_block_step(self):
        mlp = (L + "SwinBlock", "mlpRows")
        self.assertEqual("MLP (fc1 + GELU, fc2 + residual)", module((L + "Gelu", "erf"), (L + "Linear", "forward"), mlp))
        self.assertEqual("norm2 (pre-MLP LayerNorm)", module((L + "LayerNorm", "apply"), mlp))
        self.assertEqual("residual add (x + attn)", module(mlp))
        self.assertEqual("norm1 (pre-attention LayerNorm)",
                         module((L + "LayerNorm", "apply"), (L + "SwinBlock", "preNormRows")))

    def test_generated_mlp_block_kernel_by_method(self):
        mlp = (L + "SwinBlock", "mlpRows")
        k = "io.github.winattn.generated.SwinV1Mlp_d96_h384_Vector"
        self.assertEqual("MLP (fc1 + GELU, fc2 + residual)", module((k, "fc1Tile8"), (k, "tile"), mlp))
        self.assertEqual("MLP (fc1 + GELU, fc2 + residual)", module((k, "geluRows"), (k, "tile"), mlp))
        self.assertEqual("norm2 (pre-MLP LayerNorm)", module((k, "layerNorm"), (k, "tile"), mlp))
        self.assertEqual("norm2 (pre-MLP LayerNorm)", module((L + "VectorLayerNorm", "normalize"), (L + "LayerNorm", "row"), (k, "tile"), mlp))
        self.assertEqual("residual add (x + attn)", module((k, "add"), (k, "tile"), mlp))
        self.assertEqual("residual add (x + attn)", module((k, "tile"), mlp))
        self.assertEqual("MLP (fc1 + GELU, fc2 + residual)",
                         module((L + "VectorLinear", "forward"), mlp))

    def test_embedding_merging_head_and_outside(self):
        self.assertEqual(pm.ORDER[0], module((L + "Linear", "forward"), (L + "PatchEmbed", "rows")))
        self.assertEqual("patch merging (gather, norm, reduction)",
                         module((L + "LayerNorm", "apply"), (L + "PatchMerging", "rows")))
        self.assertEqual("final norm, mean, head",
                         module((L + "Linear", "forward"), ("io.github.winattn.model.SwinModel", "classifyHead")))
        self.assertEqual(pm.OUTSIDE, pm.module_of([BENCH], STAGES))
        self.assertEqual(pm.OUTSIDE, pm.module_of([], STAGES))

    def test_worker_thread_lambdas_count_as_the_model(self):
        lam = ("io.github.winattn.model.SwinModel", "lambda$run$3")
        pool = ("java.util.concurrent.ThreadPoolExecutor$Worker", "run")
        split = ("io.github.winattn.kernel.ParallelForward", "runRanges")
        self.assertEqual("other in the model", module(split))
        self.assertEqual("MLP (fc1 + GELU, fc2 + residual)",
                         pm.module_of([(L + "Linear", "forward"), (L + "SwinBlock", "mlpRows"), lam, pool], STAGES))

    def test_flops_per_module_add_up_and_table_spreads_only_model_samples(self):
        flops = pm.module_flops(SWIN_T)
        self.assertEqual(render.swin_flops(SWIN_T), sum(flops.values()))
        self.assertGreater(flops["MLP (fc1 + GELU, fc2 + residual)"], flops[pm.ORDER[1]])
        text = pm.table(100.0, {pm.ORDER[1]: 30, "MLP (fc1 + GELU, fc2 + residual)": 70, pm.OUTSIDE: 50}, flops, 1)
        self.assertIn("| MLP (fc1 + GELU, fc2 + residual) | 70.0% | 70.0 |", text)
        self.assertIn("50 of 150 samples outside the model", text)

    def test_samples_of_reads_jfr_json(self):
        slashed = L.replace(".", "/")  # as jfr print writes class names
        event = {"values": {"stackTrace": {"frames": [
            {"method": {"type": {"name": slashed + "LayerNorm"}, "name": "apply"}},
            {"method": {"type": {"name": slashed + "SwinBlock"}, "name": "preNormRows"}}]}}}
        text = json.dumps({"recording": {"events": [event, event, {"values": {}}]}})
        samples = pm.samples_of(text, STAGES)
        self.assertEqual(2, samples["norm1 (pre-attention LayerNorm)"])
        self.assertEqual(1, samples[pm.OUTSIDE])


if __name__ == "__main__":
    unittest.main()
