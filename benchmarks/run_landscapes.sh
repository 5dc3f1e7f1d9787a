#!/usr/bin/env bash
# The cost of constructing every landscape against one evaluation of its f, at d up to 10^6, in one
# run on one machine. Prints the markdown table for docs/benchmarks.md.
#   benchmarks/run_landscapes.sh [output-dir]      (default build/bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ libeigen3-dev libbenchmark-dev

out="${1:-$root/build/bench}"
cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DSADDLE_BUILD_TESTS=OFF -DSADDLE_BUILD_EXAMPLES=OFF \
  -DSADDLE_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$out" --target bench_landscapes --parallel "$(nproc)" >/dev/null
echo "saddle: $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
# Three repetitions of each, reported by their median (the machine may be shared). Only the table
# is printed; Google Benchmark's own report is kept in landscapes.json.
"$out/benchmarks/bench_landscapes" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/landscapes.json" --benchmark_out_format=json | sed -n '/^| landscape/,$p'
