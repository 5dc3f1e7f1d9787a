#!/usr/bin/env bash
# Regenerates the pictures under docs/images from saddle's own output.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ libeigen3-dev python3 python3-matplotlib python3-numpy
build="${SADDLE_BUILD_ROOT:-$root/build}/docs"
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSADDLE_BUILD_TESTS=OFF -DSADDLE_BUILD_BENCHMARKS=OFF \
  -DSADDLE_BUILD_EXAMPLES=ON >/dev/null
cmake --build "$build" --parallel "$(nproc 2>/dev/null || echo 2)" >/dev/null
python="$(debian_python)"
tmp="$(mktemp -d)"
"$build/examples/himmelblau_tour" "$tmp" >/dev/null
"$python" "$root/scripts/plot_demo.py" "$tmp"
cp "$tmp/himmelblau_paths.png" "$tmp/himmelblau_plateaus.png" "$root/docs/images/"
"$build/examples/schedule_gallery" | "$python" "$root/scripts/plot_schedules.py" "$root/docs/images/schedules.png"
"$build/examples/landscape_gallery" | "$python" "$root/scripts/plot_landscapes.py" "$root/docs/images/landscapes.png"
"$build/examples/landscape_dynamics" "$tmp/dynamics" >/dev/null
"$python" "$root/scripts/plot_dynamics.py" "$tmp/dynamics" "$root/docs/images/landscape_dynamics.png"
"$build/examples/saddle_slice" "$tmp/slice" >/dev/null
"$python" "$root/scripts/plot_slice.py" "$tmp/slice/slice.csv" "$root/docs/images/saddle_slice.png" \
  "$tmp/slice/path_gradient_descent.csv" "$tmp/slice/path_adam.csv"
rm -rf "$tmp"
