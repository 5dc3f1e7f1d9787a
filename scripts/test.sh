#!/usr/bin/env bash
# The full test suite, as CI runs it: installs what it needs, then builds and runs every test
#   1. with gcc in Release,
#   2. with clang in Release (warnings are errors under both compilers),
#   3. with gcc in Debug under AddressSanitizer + UndefinedBehaviorSanitizer,
# and ends with CTest's summary. Build trees go to build/ (override with SADDLE_BUILD_ROOT).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ clang libeigen3-dev catch2 libcli11-dev nlohmann-json3-dev python3

build_root="${SADDLE_BUILD_ROOT:-$root/build}"
jobs="$(nproc 2>/dev/null || echo 2)"
common=(-DSADDLE_BUILD_BENCHMARKS=OFF -DSADDLE_BUILD_EXAMPLES=ON)

run_suite() {
  local name="$1"
  shift
  echo
  echo "=== saddle tests: $name ==="
  cmake -S "$root" -B "$build_root/$name" "${common[@]}" "$@"
  cmake --build "$build_root/$name" --parallel "$jobs"
  ctest --test-dir "$build_root/$name" --output-on-failure --parallel "$jobs"
}

run_suite gcc-release -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=g++
run_suite clang-release -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=clang++
# The sanitizer build skips the header check, the examples and the -march=native copy of the
# first-order tests: all three compile the same code again.
# Debug keeps assertions (and with them Eigen's malloc guard) on; -O1 keeps the sanitized run fast.
run_suite gcc-asan-ubsan -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O1 -g" -DCMAKE_CXX_COMPILER=g++ \
  -DSADDLE_SANITIZE=ON -DSADDLE_HEADER_CHECK=OFF -DSADDLE_BUILD_EXAMPLES=OFF -DSADDLE_NATIVE_TESTS=OFF
