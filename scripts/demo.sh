#!/usr/bin/env bash
# The main demo: builds saddle's examples and saddle-bench in Release, runs the saddle-escape
# showcase (a table in the terminal), the escape race (every escape method from the same saddles)
# and a small saddle-bench run (every kind of method from the saddles of two landscapes), and draws
# their pictures into demo-output/ (override with SADDLE_DEMO_OUTPUT).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ libeigen3-dev libcli11-dev nlohmann-json3-dev python3 python3-matplotlib python3-numpy

build="${SADDLE_BUILD_ROOT:-$root/build}/demo"
output="${SADDLE_DEMO_OUTPUT:-$root/demo-output}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSADDLE_BUILD_TESTS=OFF -DSADDLE_BUILD_BENCHMARKS=OFF \
  -DSADDLE_BUILD_EXAMPLES=ON -DSADDLE_BUILD_TOOLS=ON >/dev/null
jobs="$(nproc 2>/dev/null || echo 2)"
cmake --build "$build" --parallel "$jobs" --target himmelblau_tour escape_race saddle-bench >/dev/null
echo
"$build/examples/himmelblau_tour" "$output"
"$(debian_python)" "$root/scripts/plot_demo.py" "$output"
# The escape race: every escape method from the same exact saddles, a table per landscape.
echo
"$build/examples/escape_race" "$output"
"$(debian_python)" "$root/scripts/plot_escape_race.py" "$output"
# saddle-bench: the methods that watch only the gradient, the escape methods and the guard, from
# every labelled saddle of Himmelblau's function and of a 10-D quartic with three escape directions.
echo
echo "saddle-bench: every kind of method from the saddles of two landscapes (docs/bench.md)"
"$build/tools/saddle-bench/saddle-bench" --quiet --jobs "$jobs" --seeds 5 --out "$output/bench" --plot \
  -m gd:lr=0.01 -m adam:lr=0.01 -m lbfgs -m newton_cg -m pgd:escape_steps=2000 \
  -m 'noisy(gd:lr=0.01):gradient_tolerance=0' -m 'perturbed(adam:lr=0.01)' -m nc_descent:lr=0.01 \
  -m trust_region -m sfn -m arc -m 'guarded(lbfgs)' -m 'guarded(adam:lr=0.01)' \
  -l himmelblau -l strict_saddle_quartic:negatives=3,d=10 -s saddle
# The summary, trimmed to the columns a terminal has room for (summary.md has them all).
cut -d'|' -f2,3,6,8,9,11,12,14 "$output/bench/summary.md" | sed -n '/^ method/,$p'
