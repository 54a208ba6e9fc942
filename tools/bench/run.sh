#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar and runs the JMH suite on the default JDK and on JDK 25,
# writing into benchmarks/results/:
#   jmh-jdk<N>.json / .log   JMH results (-rf json) and console output per JDK
#   shapes.json              shapes and FLOPs per call (io.github.winattn.benchmarks.ShapeTable)
#   machine.txt              CPU model, cores, SIMD flags, OS
#   summary.md               the markdown tables (tools/bench/summarize.py, then pytorch-cpu.md)
#   pytorch-cpu.json / .md   PyTorch timings of the same shapes (tools/bench/pytorch_cpu.py)
#
# Environment (defaults in brackets):
#   FORKS [2]  WARMUP [3]  ITERATIONS [5]  TIME [1s]   JMH settings of every benchmark
#   JDKS ["java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java"]   java launchers to run on
#   SKIP_BUILD [0]   1 = use the existing jar
#   MVN_ARGS [-o]    extra Maven arguments for the build (e.g. empty to allow downloads)
#   OUT [benchmarks/results]   where results go
#   PYTORCH [1]      1 = also time the shapes in PyTorch (tools/bench/pytorch_cpu.py, /usr/bin/python3
#                    with torch), appended to summary.md as a separate, differently measured table
# Extra arguments go to JMH, e.g. `tools/bench/run.sh -p threads=1` or `-p kernel=reference,vector`.
# With the defaults the suite takes about 8-10 minutes on 2 cores.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$ROOT"

FORKS="${FORKS:-2}"
WARMUP="${WARMUP:-3}"
ITERATIONS="${ITERATIONS:-5}"
TIME="${TIME:-1s}"
JDKS="${JDKS:-java /usr/lib/jvm/temurin-25-jdk-amd64/bin/java}"
SKIP_BUILD="${SKIP_BUILD:-0}"
PYTORCH="${PYTORCH:-1}"
MVN_ARGS="${MVN_ARGS--o}"
JAR="benchmarks/target/benchmarks.jar"
OUT="${OUT:-benchmarks/results}"

if [[ "$SKIP_BUILD" != 1 ]]; then
  echo ">> building $JAR"
  # shellcheck disable=SC2086
  ./mvnw -B -q $MVN_ARGS -pl benchmarks -am package -DskipTests
fi
if [[ ! -f "$JAR" ]]; then
  echo "run.sh: $JAR not found; build it (drop SKIP_BUILD=1)" >&2
  exit 1
fi
mkdir -p "$OUT"

java -cp "$JAR" io.github.winattn.benchmarks.ShapeTable > "$OUT/shapes.json"

{
  model="$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  cores="$(grep -c '^processor' /proc/cpuinfo)"
  simd=""
  for f in sse4_2 avx avx2 fma avx512f; do
    grep -m1 '^flags' /proc/cpuinfo | grep -qw "$f" && simd="$simd $f"
  done
  echo "CPU: ${model:-unknown} ($cores logical cores), SIMD flags:${simd:- unknown}"
  echo "OS: $(uname -srm)"
  echo "Date: $(date -u +%Y-%m-%dT%H:%MZ), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} > "$OUT/machine.txt"
cat "$OUT/machine.txt"

results=()
rm -f "$OUT/peak.txt"
for JAVA in $JDKS; do
  if ! command -v "$JAVA" > /dev/null; then
    echo "run.sh: skipping $JAVA: not found" >&2
    continue
  fi
  feature="$("$JAVA" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java.specification.version = //p')"
  json="$OUT/jmh-jdk${feature}.json"
  log="$OUT/jmh-jdk${feature}.log"
  echo ">> JDK $feature ($JAVA): forks $FORKS, warm-up ${WARMUP}x$TIME, measurement ${ITERATIONS}x$TIME -> $json"
  rm -f "$json" # never summarise a previous run's file as this one's
  # A benchmark whose set-up fails (e.g. a shape missing from the catalogue) is reported in the log
  # and skipped; JMH goes on with the others.
  "$JAVA" -jar "$JAR" WindowAttentionBenchmark \
    -f "$FORKS" -wi "$WARMUP" -i "$ITERATIONS" -w "$TIME" -r "$TIME" \
    -rf json -rff "$json" "$@" 2>&1 | tee "$log" \
    | grep -E '^(# (JMH|VM version|Parameters)|Benchmark|WindowAttentionBenchmark|.*Exception:)' || true
  # The denominator of "fraction of peak": one core's FMA throughput on this JVM and machine.
  peak_json="$OUT/peak-jdk${feature}.json"
  "$JAVA" -jar "$JAR" FmaPeakBenchmark -f 1 -wi 2 -i 3 -w "$TIME" -r "$TIME" \
    -rf json -rff "$peak_json" > "$OUT/peak-jdk${feature}.log" 2>&1 || true
  if [[ -s "$peak_json" ]]; then
    flops="$("$JAVA" --add-modules jdk.incubator.vector -cp "$JAR" \
      io.github.winattn.benchmarks.FmaPeakBenchmark 2> /dev/null)"
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))[0]["primaryMetric"]; \
print("JDK %s: FMA peak of one core (FmaPeakBenchmark) %.1f GFLOP/s" % (sys.argv[3], \
float(sys.argv[2]) / (r["score"] * 1e3)))' "$peak_json" "$flops" "$feature" >> "$OUT/peak.txt"
  fi
  if [[ -s "$json" ]]; then
    results+=("$json")
  elif grep -q 'Unable to acquire the JMH lock' "$log"; then
    echo "run.sh: another JMH run holds /tmp/jmh.lock on this machine; wait for it (runs in parallel" \
      "would distort each other's numbers)" >&2
  else
    echo "run.sh: JDK $feature produced no results (see $log)" >&2
  fi
done

if [[ ${#results[@]} -eq 0 ]]; then
  echo "run.sh: no results" >&2
  exit 1
fi
python3 tools/bench/summarize.py --shapes "$OUT/shapes.json" --machine "$OUT/machine.txt" \
  "${results[@]}" > "$OUT/summary.md"
# Other processes on the machine inflate error bars and hide thread scaling: say how busy it was.
echo "- Load average after the JMH runs: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$OUT/summary.md"
if [[ -s "$OUT/peak.txt" ]]; then
  sed 's/^/- /' "$OUT/peak.txt" >> "$OUT/summary.md"
fi
if [[ "$PYTORCH" == 1 ]]; then
  if /usr/bin/python3 -c 'import torch' 2> /dev/null; then
    echo ">> PyTorch CPU (different harness)"
    {
      echo
      echo "**PyTorch, for comparison (a different harness, not JMH)**"
      echo
      /usr/bin/python3 tools/bench/pytorch_cpu.py --shapes "$OUT/shapes.json" --json "$OUT/pytorch-cpu.json"
    } > "$OUT/pytorch-cpu.md"
    cat "$OUT/pytorch-cpu.md" >> "$OUT/summary.md"
  else
    echo "run.sh: skipping PyTorch: /usr/bin/python3 has no torch" >&2
  fi
fi
echo ">> $OUT/summary.md"
cat "$OUT/summary.md"
