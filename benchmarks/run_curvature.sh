#!/usr/bin/env bash
# Side-by-side curvature methods on the Moré–Garbow–Hillstrom problems and an ill-conditioned
# quadratic: saddle's L-BFGS, Newton-CG and trust region, LBFGSpp and SciPy's L-BFGS-B, in one run
# on one machine. Prints the markdown table for docs/benchmarks.md.
#   benchmarks/run_curvature.sh [output-dir]      (default build/bench; JOBS=n builds in parallel)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ libeigen3-dev liblbfgspp-dev python3-numpy python3-scipy

out="${1:-$root/build/bench}"
# Release is -O3; SADDLE_BENCHMARK_NATIVE (on by default) adds -march=native.
cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DSADDLE_BUILD_TESTS=OFF -DSADDLE_BUILD_EXAMPLES=OFF \
  -DSADDLE_BUILD_BENCHMARKS=ON -DSADDLE_BENCHMARK_NATIVE=ON >/dev/null
cmake --build "$out" --target bench_curvature --parallel "${JOBS:-1}" >/dev/null
python="$(debian_python)"
echo "saddle: $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
# Each row is the median of three timed runs (the machine may be shared).
"$out/benchmarks/bench_curvature" > "$out/saddle_curvature.csv"
"$python" "$root/benchmarks/scipy_compare.py" --check "$out/saddle_curvature.csv" > "$out/scipy_curvature.csv"
"$python" "$root/benchmarks/report_curvature.py" "$out/saddle_curvature.csv" "$out/scipy_curvature.csv"
