#!/usr/bin/python3
"""Times the benchmark shapes in PyTorch on the CPU: the peer a Java user would otherwise call.

Same shapes, seeded modules and mask geometry as the JMH suite (the shapes come from ShapeTable's
shapes.json, the modules from tools/reference/export_onnx.py's build_module). Per shape and
thread count it times two variants, eval() under torch.inference_mode():
  eager   the module called directly
  jit     torch.jit.trace(module) then torch.jit.freeze (the output is checked against eager)
and reports the faster one ("best of") by median, with the 25th and 75th percentiles.

A different harness from JMH: time.perf_counter around single calls after warm-up. Each variant
runs until it has --runs calls or --budget seconds have passed (at least --min-runs calls).

BLAS: PyTorch's CPU matrix products go through the BLAS library the process loaded. The script
runs a matmul, reads /proc/self/maps, names the library and refuses to publish (exit status 3) on
the reference BLAS (Debian's libblas3), which is 10-20x slower than an optimised one; install
libopenblas0-pthread (or another optimised BLAS) or pass --allow-reference-blas for a trial run,
which marks the results unpublishable. OpenBLAS's own thread count is set with
openblas_set_num_threads to the benchmark's threads, and reported. OMP_WAIT_POLICY defaults to
PASSIVE (see below); the value used is reported.

Usage: /usr/bin/python3 tools/bench/pytorch_bench.py --shapes shapes.json --json OUT.json
       [--threads 1,2] [--only ids] [--runs 50] [--min-runs 5] [--warmup 5] [--budget 10]
"""

import argparse
import ctypes
import json
import os
import platform
import statistics
import sys
import time
import warnings

# Set before torch loads libgomp (unless the caller chose): OpenMP threads that spin after every op
# starve OpenBLAS's own threads on a small machine (here, 2 cores under load: swin_t_s1 at 2 threads
# took 441 ms with spinning threads and 14 ms without).
os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")

import torch  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "reference"))
import export_onnx  # noqa: E402
import winattn_modules as wm  # noqa: E402

warnings.filterwarnings("ignore", category=torch.jit.TracerWarning)

REFERENCE_BLAS_MARKERS = ("/blas/libblas.so", "/libblas.so.3", "libcblas.so")
OPTIMISED_BLAS_MARKERS = ("openblas", "mkl", "blis", "atlas")


def loaded_blas():
    """(name, path) of the BLAS the process has mapped after a matmul, or (None, None)."""
    a = torch.rand(256, 256)
    (a @ a).sum().item()
    torch.nn.functional.linear(a, a).sum().item()
    paths = set()
    with open("/proc/self/maps", encoding="utf-8") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 6 and ("blas" in parts[5].lower() or "mkl" in parts[5].lower()):
                paths.add(parts[5])
    for path in sorted(paths):
        low = path.lower()
        for marker in OPTIMISED_BLAS_MARKERS:
            if marker in low:
                return marker, path
    for path in sorted(paths):
        real = os.path.realpath(path)
        for marker in OPTIMISED_BLAS_MARKERS:
            if marker in real.lower():
                return marker, real
    for path in sorted(paths):
        if any(m in path for m in REFERENCE_BLAS_MARKERS):
            return "reference", os.path.realpath(path)
    return None, None


def openblas_handle(path):
    try:
        lib = ctypes.CDLL(path)
        lib.openblas_get_num_threads.restype = ctypes.c_int
        return lib
    except (OSError, AttributeError):
        return None


def set_threads(threads, openblas):
    torch.set_num_threads(threads)
    if openblas is not None and hasattr(openblas, "openblas_set_num_threads"):
        openblas.openblas_set_num_threads(ctypes.c_int(threads))
        return openblas.openblas_get_num_threads()
    return None


def call(fn, module_is_temporal, x, mask):
    if module_is_temporal or mask is None:
        return fn(x)
    return fn(x, mask)


def time_variant(fn, temporal, x, mask, args):
    for _ in range(args.warmup):
        call(fn, temporal, x, mask)
    times = []
    deadline = time.perf_counter() + args.budget
    while len(times) < args.runs and (len(times) < args.min_runs or time.perf_counter() < deadline):
        start = time.perf_counter()
        y = call(fn, temporal, x, mask)
        times.append(time.perf_counter() - start)
    if not torch.isfinite(y).all():
        raise SystemExit("pytorch_bench: non-finite output")
    return times


def stats(times):
    if len(times) >= 2:
        q1, median, q3 = statistics.quantiles(times, n=4, method="inclusive")
    else:
        q1 = median = q3 = times[0]
    return {"median_us": median * 1e6, "q1_us": q1 * 1e6, "q3_us": q3 * 1e6, "runs": len(times)}


def bench_shape(shape_id, spec, threads_list, openblas, args):
    module = export_onnx.build_module(spec)
    x, mask = export_onnx.make_inputs(spec)
    temporal = isinstance(module, wm.TemporalAttention)
    inputs = (x,) if temporal or mask is None else (x, mask)
    rows = []
    with torch.inference_mode():
        expected = call(module, temporal, x, mask)
    with torch.no_grad():
        traced = torch.jit.freeze(torch.jit.trace(module, inputs).eval())
        got = call(traced, temporal, x, mask)
    if not torch.allclose(got, expected, rtol=1e-3, atol=1e-4):
        raise SystemExit(f"pytorch_bench: {shape_id}: traced+frozen module disagrees with eager "
                         f"(max |diff| {(got - expected).abs().max().item()})")
    for threads in threads_list:
        blas_threads = set_threads(threads, openblas)
        variants = {}
        with torch.inference_mode():
            variants["eager"] = stats(time_variant(module, temporal, x, mask, args))
        with torch.no_grad():
            variants["jit"] = stats(time_variant(traced, temporal, x, mask, args))
        best = min(variants, key=lambda v: variants[v]["median_us"])
        row = {"shape": shape_id, "threads": threads, "variant": best, **variants[best],
               "eager_median_us": variants["eager"]["median_us"],
               "jit_median_us": variants["jit"]["median_us"], "openblas_threads": blas_threads,
               "flops_per_call": spec["flopsPerCall"]}
        rows.append(row)
        print(f"pytorch_bench: {shape_id} threads={threads}: {best} {row['median_us'] / 1e3:.2f} ms "
              f"(eager {row['eager_median_us'] / 1e3:.2f}, jit {row['jit_median_us'] / 1e3:.2f}, "
              f"{row['runs']} calls)", file=sys.stderr)
    return rows


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shapes", required=True, help="shapes.json of ShapeTable")
    parser.add_argument("--json", required=True, help="where to write the results")
    parser.add_argument("--threads", default="1,2")
    parser.add_argument("--only", help="comma-separated shape ids (default: all)")
    parser.add_argument("--runs", type=int, default=50, help="at most this many timed calls")
    parser.add_argument("--min-runs", type=int, default=5, help="at least this many timed calls")
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--budget", type=float, default=10.0, help="seconds per variant, after min-runs")
    parser.add_argument("--allow-reference-blas", action="store_true",
                        help="run on the reference BLAS anyway; the results are marked unpublishable")
    args = parser.parse_args(argv)

    blas, blas_path = loaded_blas()
    publishable = blas not in (None, "reference")
    if not publishable and not args.allow_reference_blas:
        print(f"pytorch_bench: PyTorch uses {'the reference BLAS ' + blas_path if blas_path else 'no BLAS library found in /proc/self/maps'};"
              " refusing to publish PyTorch timings on it. Install an optimised BLAS (Debian:"
              " apt-get install libopenblas0-pthread) or pass --allow-reference-blas for a trial run.",
              file=sys.stderr)
        return 3
    openblas = openblas_handle(blas_path) if blas == "openblas" else None
    with open(args.shapes, encoding="utf-8") as f:
        shapes = json.load(f)
    wanted = args.only.split(",") if args.only else list(shapes)
    threads_list = [int(t) for t in args.threads.split(",")]
    rows = []
    for shape_id in wanted:
        rows.extend(bench_shape(shape_id, shapes[shape_id], threads_list, openblas, args))
    result = {
        "torch": torch.__version__, "python": platform.python_version(),
        "blas": blas, "blas_library": blas_path, "publishable": publishable,
        "mkldnn": torch.backends.mkldnn.is_available(),
        "omp_wait_policy": os.environ.get("OMP_WAIT_POLICY"),
        "harness": f"time.perf_counter per call; warm-up {args.warmup}; {args.min_runs}-{args.runs} calls"
                   f" or {args.budget:g} s per variant; best of eager and jit.trace+freeze by median",
        "results": rows,
    }
    with open(args.json, "w", encoding="utf-8") as f:
        json.dump(result, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
