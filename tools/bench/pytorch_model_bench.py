#!/usr/bin/python3
"""Times the whole-model benchmark network (Swin-T v1 at 224) in PyTorch on the CPU.

The same seeded model and images as tools/reference/export_swin_model.py (which exports them for
ONNX Runtime and the Java side). Per batch size and thread count it times, eval() on float32:
  eager   the model called under torch.inference_mode()
  jit     torch.jit.trace(model) then torch.jit.freeze, under torch.no_grad() (checked against eager)
and reports the median with the 25th and 75th percentiles, plus images per second.

The harness, the BLAS check (refuses to publish on the reference BLAS unless
--allow-reference-blas), OpenBLAS thread control and OMP_WAIT_POLICY=PASSIVE are those of
tools/bench/pytorch_bench.py.

Usage: /usr/bin/python3 tools/bench/pytorch_model_bench.py --json OUT.json
       [--threads 1,2] [--batches 1,8] [--runs 20] [--min-runs 3] [--warmup 2] [--budget 20]
"""

import argparse
import json
import os
import platform
import sys
import warnings

os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "reference"))
import export_swin_model  # noqa: E402
import pytorch_bench as pb  # noqa: E402

warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)
warnings.filterwarnings("ignore", category=UserWarning)


def time_calls(fn, images, args):
    """pytorch_bench.time_variant for a one-argument callable."""
    return pb.time_variant(lambda x: fn(x), True, images, None, args)


def bench(model, batch, threads_list, openblas, args):
    images = export_swin_model.make_images(max(batch, 1))[:batch].contiguous()
    with torch.inference_mode():
        expected = model(images)
    with torch.no_grad():
        traced = torch.jit.freeze(torch.jit.trace(model, (images,)).eval())
        got = traced(images)
    if not torch.allclose(got, expected, rtol=1e-3, atol=1e-3):
        raise SystemExit(f"pytorch_model_bench: batch {batch}: traced+frozen model disagrees with eager "
                         f"(max |diff| {(got - expected).abs().max().item()})")
    rows = []
    for threads in threads_list:
        blas_threads = pb.set_threads(threads, openblas)
        variants = {}
        with torch.inference_mode():
            variants["eager"] = pb.stats(time_calls(model, images, args))
        with torch.no_grad():
            variants["jit"] = pb.stats(time_calls(traced, images, args))
        for name, s in variants.items():
            row = {"model": "swin_t_v1_224", "batch": batch, "threads": threads, "variant": name, **s,
                   "images_per_s": batch / (s["median_us"] / 1e6), "openblas_threads": blas_threads}
            rows.append(row)
            print(f"pytorch_model_bench: swin_t batch={batch} threads={threads} {name}: "
                  f"{s['median_us'] / 1e3:.1f} ms (q1 {s['q1_us'] / 1e3:.1f}, q3 {s['q3_us'] / 1e3:.1f}, "
                  f"{s['runs']} calls, {row['images_per_s']:.1f} images/s)", file=sys.stderr)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", required=True, help="where to write the results")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--batches", default="1,8")
    parser.add_argument("--runs", type=int, default=20, help="at most this many timed calls")
    parser.add_argument("--min-runs", type=int, default=3, help="at least this many timed calls")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--budget", type=float, default=20.0, help="seconds per variant, after min-runs")
    parser.add_argument("--allow-reference-blas", action="store_true",
                        help="run on the reference BLAS anyway; the results are marked unpublishable")
    args = parser.parse_args(argv)

    blas, blas_path = pb.loaded_blas()
    publishable = blas not in (None, "reference")
    if not publishable and not args.allow_reference_blas:
        print(f"pytorch_model_bench: PyTorch uses {'the reference BLAS ' + blas_path if blas_path else 'no BLAS library found'};"
              " refusing to publish PyTorch timings on it. Install an optimised BLAS (Debian: apt-get install"
              " libopenblas0-pthread) or pass --allow-reference-blas for a trial run.", file=sys.stderr)
        return 3
    openblas = pb.openblas_handle(blas_path) if blas == "openblas" else None
    model = export_swin_model.build_model()
    rows = []
    for batch in [int(b) for b in args.batches.split(",")]:
        rows.extend(bench(model, batch, [int(t) for t in args.threads.split(",")], openblas, args))
    result = {
        "torch": torch.__version__, "python": platform.python_version(),
        "blas": blas, "blas_library": blas_path, "publishable": publishable,
        "mkldnn": torch.backends.mkldnn.is_available(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "cpu_count": os.cpu_count(), "load_average_at_end": os.getloadavg(),
        "harness": f"time.perf_counter per call; warm-up {args.warmup}; {args.min_runs}-{args.runs} calls"
                   f" or {args.budget:g} s per variant; eager and jit.trace+freeze reported separately",
        "results": rows,
    }
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
