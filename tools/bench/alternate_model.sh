#!/usr/bin/env bash
# Whole-model runs of WinAttn and ONNX Runtime in turns (WholeModelBenchmark, one fork each), so
# that both see the same minutes of a shared host: a suite runs one implementation after the other.
#
#   tools/bench/alternate_model.sh THREADS BATCH PAIRS [JAVA]
#
# Prints one line per run ("pair P threads=T batch=B IMPLEMENTATION: SCORE ms"). Needs
# benchmarks/target/benchmarks.jar and benchmarks/work/swin_model/ (benchmarks/run --model-only
# builds and exports them). The peers get glibc's huge pages as in benchmarks/run.
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ $# -lt 3 || $# -gt 4 ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
for arg in "$1" "$2" "$3"; do
  if ! [[ $arg =~ ^[1-9][0-9]*$ ]]; then
    echo "alternate_model.sh: THREADS, BATCH and PAIRS must be positive integers, got '$arg'" >&2
    exit 2
  fi
done
THREADS=$1 BATCH=$2 PAIRS=$3 JAVA=${4:-java}
JAR=benchmarks/target/benchmarks.jar
if [[ ! -f $JAR ]]; then
  echo "alternate_model.sh: no $JAR (build it: ./mvnw -B install -DskipTests)" >&2
  exit 2
fi
export GLIBC_TUNABLES="${GLIBC_TUNABLES:+$GLIBC_TUNABLES:}glibc.malloc.hugetlb=1"
for pair in $(seq 1 "$PAIRS"); do
  for impl in generated-vector onnxruntime; do
    score=$("$JAVA" "-Dwinattn.bench.work=$PWD/benchmarks/work" -jar "$JAR" WholeModelBenchmark \
      -p "implementation=$impl" -p "batch=$BATCH" -p "threads=$THREADS" \
      -f 1 -wi 15 -w 2s -i 3 -r 2s 2>&1 | awk '$1 == "WholeModelBenchmark.classify" {print $(NF-3)}')
    echo "$(date -u +%H:%M:%S) pair $pair threads=$THREADS batch=$BATCH $impl: ${score:-failed} ms"
  done
done
