#!/usr/bin/env bash
# The main demo: builds saddle's examples in Release, runs the saddle-escape showcase (a table
# in the terminal) and the escape race (every escape method from the same saddles), and draws
# their pictures into demo-output/ (override with SADDLE_DEMO_OUTPUT).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ libeigen3-dev python3 python3-matplotlib python3-numpy

build="${SADDLE_BUILD_ROOT:-$root/build}/demo"
output="${SADDLE_DEMO_OUTPUT:-$root/demo-output}"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSADDLE_BUILD_TESTS=OFF -DSADDLE_BUILD_BENCHMARKS=OFF \
  -DSADDLE_BUILD_EXAMPLES=ON >/dev/null
cmake --build "$build" --parallel "$(nproc 2>/dev/null || echo 2)" --target himmelblau_tour escape_race >/dev/null
echo
"$build/examples/himmelblau_tour" "$output"
"$(debian_python)" "$root/scripts/plot_demo.py" "$output"
# The escape race: every escape method from the same exact saddles, a table per landscape.
echo
"$build/examples/escape_race" "$output"
"$(debian_python)" "$root/scripts/plot_escape_race.py" "$output"
