#!/usr/bin/env bash
# The cost of a Lanczos run against the previous implementation (time per run of k iterations), and
# Lanczos against power iteration for the smallest Hessian eigenvalue of a strict saddle (products
# and time); one run, one machine. Prints the markdown tables for docs/benchmarks.md.
#   benchmarks/run_diagnostics.sh [output-dir] [--lanczos-only]      (default build/bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ libeigen3-dev
out="${1:-$root/build/bench}"
shift || true
cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DSADDLE_BUILD_TESTS=OFF -DSADDLE_BUILD_EXAMPLES=OFF \
  -DSADDLE_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$out" --target bench_diagnostics --parallel "$(nproc)" >/dev/null
echo "saddle: $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
"$out/benchmarks/bench_diagnostics" "$@"
