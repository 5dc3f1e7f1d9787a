#!/usr/bin/env bash
# The full test suite, as CI runs it: installs what it needs, then builds and runs every test
#   1. with gcc in Release (at -O2): the optimized run, warnings as errors under gcc, the -march=native
#      copy of the first-order tests, and the ThreadSanitizer test (its own executable);
#   2. with clang at -O0 under AddressSanitizer + UndefinedBehaviorSanitizer, assertions on:
#      warnings as errors under clang, every test under the sanitizers, and the checkpoint loader's
#      libFuzzer target for 60 s.
# A clang Release run would compile everything a third time for no coverage the two above lack.
# The second configuration is built while the first one's tests run. Each configuration's tests end
# with CTest's summary; the script ends with the time each stage took.
# Build trees go to build/ (override with SADDLE_BUILD_ROOT); ccache is used when installed.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages cmake make g++ clang libclang-rt-14-dev libeigen3-dev catch2 libcli11-dev nlohmann-json3-dev python3

build_root="${SADDLE_BUILD_ROOT:-$root/build}"
jobs="$(nproc 2>/dev/null || echo 2)"
common=(-DSADDLE_BUILD_BENCHMARKS=OFF -DSADDLE_BUILD_EXAMPLES=ON)
if command -v ccache >/dev/null 2>&1; then
  common+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
fi

timings=()
elapsed() { echo "$(((SECONDS - $1) / 60)) min $(((SECONDS - $1) % 60)) s"; }
configure_and_build() {
  local name="$1"
  shift
  cmake -S "$root" -B "$build_root/$name" "${common[@]}" "$@"
  cmake --build "$build_root/$name" --parallel "$jobs"
}
run_tests() {
  ctest --test-dir "$build_root/$1" --output-on-failure --parallel "$jobs"
}

# Release at -O2, the level distributions build with: -O3 costs 11 % more compile time for no test
# it would decide differently (neither level contracts or reorders floating point).
gcc_flags=(-DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" -DCMAKE_CXX_COMPILER=g++ -DSADDLE_TSAN=ON)
# Debug keeps assertions (and with them Eigen's malloc guard) on. -O0 builds in about a third of the
# time -O1 takes under the sanitizers (the optimizer and instruction selection on instrumented code were
# 80 % of it), and the tests' longer run (about 570 s of CPU instead of 205 s) costs less than that
# saves; the sanitizers check the same accesses at any level. Line tables are all the debug
# information their reports need. The -march=native copy of the first-order tests and the header
# check are gcc's alone (the same code, the same standard library: compiling them again under clang
# adds no coverage); the examples no test runs are checked for clang's warnings with -fsyntax-only
# (all of clang's warnings come from its front end).
clang_flags=(-DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS_DEBUG="-O0 -gline-tables-only" -DCMAKE_CXX_COMPILER=clang++
  -DSADDLE_SANITIZE=ON -DSADDLE_NATIVE_TESTS=OFF -DSADDLE_HEADER_CHECK=OFF -DSADDLE_EXAMPLES_SYNTAX_ONLY=ON
  -DSADDLE_FUZZ=ON)

echo
echo "=== saddle tests: gcc-release (build) ==="
start=$SECONDS
configure_and_build gcc-release "${gcc_flags[@]}"
timings+=("gcc-release build: $(elapsed $start)")

# gcc's tests leave a core idle for much of their minute (the compile-fail and package tests build
# one at a time), so the sanitizer configuration is configured and built alongside them; its output
# goes to a log, printed when the tests are done. It runs in a process group of its own (set -m), which
# is stopped whole, compilers included, when the script ends early: a failure of gcc's tests, Ctrl-C
# (which reaches only the foreground group) or a kill.
mkdir -p "$build_root"
clang_log="$build_root/clang-asan-ubsan-build.log"
start=$SECONDS
set -m
configure_and_build clang-asan-ubsan "${clang_flags[@]}" >"$clang_log" 2>&1 &
clang_build=$!
set +m
trap 'kill -- "-$clang_build" 2>/dev/null || true' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
echo
echo "=== saddle tests: gcc-release (tests; the clang-asan-ubsan build runs alongside, log: $clang_log) ==="
run_tests gcc-release
timings+=("gcc-release tests, with the clang build alongside: $(elapsed $start)")
echo
echo "=== saddle tests: clang-asan-ubsan (build) ==="
start=$SECONDS
clang_status=0
wait "$clang_build" || clang_status=$?
trap - EXIT INT TERM
cat "$clang_log"
if [ "$clang_status" -ne 0 ]; then
  echo "=== saddle tests: the clang-asan-ubsan build failed (exit status $clang_status) ===" >&2
  exit "$clang_status"
fi
timings+=("clang-asan-ubsan build, the rest of it: $(elapsed $start)")
echo
echo "=== saddle tests: clang-asan-ubsan (tests) ==="
start=$SECONDS
run_tests clang-asan-ubsan
timings+=("clang-asan-ubsan tests: $(elapsed $start)")

echo
echo "=== saddle tests: all passed in $((SECONDS / 60)) min $((SECONDS % 60)) s ==="
printf '  %s\n' "${timings[@]}"
