#!/usr/bin/env bash
# L-BFGS's cost beyond the objective against LBFGSpp's, n = 2 ... 10^4, in one run on one machine.
# Prints the markdown table for docs/benchmarks.md.
#   benchmarks/run_overhead.sh [output-dir]      (default build/bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ libeigen3-dev liblbfgspp-dev

out="${1:-$root/build/bench}"
cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DSADDLE_BUILD_TESTS=OFF -DSADDLE_BUILD_EXAMPLES=OFF \
  -DSADDLE_BUILD_BENCHMARKS=ON -DSADDLE_BENCHMARK_NATIVE=ON >/dev/null
cmake --build "$out" --target bench_lbfgs_overhead --parallel "${JOBS:-1}" >/dev/null
echo "saddle: $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
"$out/benchmarks/bench_lbfgs_overhead"
