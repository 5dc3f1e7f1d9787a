#!/usr/bin/env bash
# What including saddle costs a translation unit: the parse time (g++ -fsyntax-only, median of
# three) of every public header alone, against <Eigen/Core> and <Eigen/Dense> in the same run.
# Prints a markdown table for docs/benchmarks.md, slowest first.
#   benchmarks/run_header_cost.sh [compiler]      (default g++)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/packages.sh
source "$root/scripts/packages.sh"
ensure_packages g++ libeigen3-dev

cxx="${1:-g++}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
median_seconds() {  # the header's parse time, median of three runs
  local header="$1" i
  echo "#include <$header>" > "$work/tu.cpp"
  for i in 1 2 3; do
    /usr/bin/time -o "$work/t" -f "%e" "$cxx" -std=c++20 -fsyntax-only -I "$root/include" -I /usr/include/eigen3 \
      "$work/tu.cpp" > /dev/null 2>&1
    cat "$work/t"
  done | sort -n | sed -n 2p
}
echo "saddle: $(date -u +%Y-%m-%dT%H:%MZ), $("$cxx" --version | head -1), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)" >&2
eigen="$(median_seconds Eigen/Dense)"
{
  for header in Eigen/Core Eigen/Dense $(cd "$root/include" && find saddle -name '*.hpp' -not -path '*/detail/*' | sort); do
    t="$(median_seconds "$header")"
    echo "$t $header $(awk -v t="$t" -v e="$eigen" 'BEGIN { printf "%.2f", t / e }')"
  done
} | sort -rn | awk 'BEGIN { print "| header | s to parse | × <Eigen/Dense> |"; print "|---|---|---|" } { printf "| `%s` | %s | %s |\n", $2, $1, $3 }'
