#!/usr/bin/env bash
# The escape methods' scaling in one run on one machine: PGD's escape iterations from the saddle of
# the strict-saddle quartic for d = 10^2 ... 10^5 (with the slope against ln d), Lanczos against power
# iteration for finding and certifying negative curvature as L/gamma grows, and SaddleFreeNewton and
# ARC at d = 10^5. Prints the markdown tables for docs/benchmarks.md (a few minutes).
#   benchmarks/run_escape.sh [output-dir] [--quick]      (default build/bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ libeigen3-dev
out="${1:-$root/build/bench}"
shift || true
cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DSADDLE_BUILD_TESTS=OFF -DSADDLE_BUILD_EXAMPLES=OFF \
  -DSADDLE_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$out" --target bench_escape --parallel "$(nproc)" >/dev/null
echo "saddle: $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
"$out/benchmarks/bench_escape" "$@"
