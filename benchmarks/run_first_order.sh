#!/usr/bin/env bash
# Side-by-side first-order throughput: saddle's steppers against the memory-bandwidth limit
# and torch.optim, in one run on one machine. Prints the markdown table for docs/benchmarks.md.
#   benchmarks/run_first_order.sh [output-dir]      (default build/bench)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ libeigen3-dev libbenchmark-dev python3-torch

out="${1:-$root/build/bench}"
cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DSADDLE_BUILD_TESTS=OFF -DSADDLE_BUILD_EXAMPLES=OFF \
  -DSADDLE_BUILD_BENCHMARKS=ON >/dev/null
cmake --build "$out" --target bench_first_order --parallel "$(nproc)" >/dev/null
python="$(debian_python)"
echo "saddle: $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
# Three repetitions of each, reported by their median (the machine may be shared).
"$out/benchmarks/bench_first_order" --benchmark_repetitions=3 --benchmark_report_aggregates_only=true \
  --benchmark_out="$out/first_order.json" --benchmark_out_format=json >/dev/null
"$python" "$root/benchmarks/torch_compare.py" > "$out/torch_first_order.json"
"$python" "$root/benchmarks/report_first_order.py" "$out/first_order.json" "$out/torch_first_order.json"
