#!/usr/bin/env bash
# The escape suite, in one run on one machine:
# 1. saddle-bench on each part of benchmarks/escape_suite.json — from exact saddles (who stays, who
#    escapes), from near saddles to a minimum (f, g and Hv side by side), PGD's escape time against
#    d = 10^2 ... 10^5 — with its pictures, and benchmarks/report_escape_suite.py's facts and tables;
# 2. bench_escape: Lanczos against power iteration for negative curvature (against sqrt(L/gamma) and
#    L/gamma), SaddleFreeNewton and ARC at d = 10^5, and the deep linear network's plateau against
#    Saxe et al.'s closed form.
# Prints the markdown for docs/benchmarks.md (a few minutes on 2 cores).
#   benchmarks/run_escape.sh [build-dir] [--quick]      (default build/bench; --quick: a smoke test)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ libeigen3-dev libcli11-dev nlohmann-json3-dev python3 python3-matplotlib python3-numpy
out="${1:-$root/build/bench}"
shift || true
quick=()
bench_quick=()
if [ "${1:-}" = "--quick" ]; then
  quick=(--seeds 2)
  bench_quick=(--quick)
fi
jobs="$(nproc 2>/dev/null || echo 2)"
cmake -S "$root" -B "$out" -DCMAKE_BUILD_TYPE=Release -DSADDLE_BUILD_TESTS=OFF -DSADDLE_BUILD_EXAMPLES=OFF \
  -DSADDLE_BUILD_BENCHMARKS=ON -DSADDLE_BUILD_TOOLS=ON >/dev/null
cmake --build "$out" --target bench_escape saddle-bench --parallel "$jobs" >/dev/null
echo "saddle: $(date -u +%Y-%m-%dT%H:%MZ), $(uname -m), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2

suite="$out/escape-suite"
for part in exact_saddles near_saddle_cost pgd_scaling; do
  extra=()
  if [ ${#quick[@]} -gt 0 ] && [ "$part" = pgd_scaling ]; then
    extra=(--dims 100,1000)
  fi
  "$out/tools/saddle-bench/saddle-bench" --config "$root/benchmarks/escape_suite.json" --part "$part" \
    --jobs "$jobs" --quiet --out "$suite/$part" --plot "${quick[@]}" "${extra[@]}" >&2
done
"$(debian_python)" "$root/benchmarks/report_escape_suite.py" "$suite"
echo "(saddle-bench's files and pictures: $suite/<part>/)" >&2
echo
"$out/benchmarks/bench_escape" "${bench_quick[@]}"
