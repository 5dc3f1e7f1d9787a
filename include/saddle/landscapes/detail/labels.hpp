// Helpers the landscapes share to build their labelled critical points: a storage budget for
// labels of high-dimensional landscapes, a constructor of LabelledPoint from long double data, and
// the enumeration of 3^d critical points.
#pragma once

#include <utility>
#include <vector>

#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes::detail {

// Landscapes whose critical points are too many to store (3^d of them, or d-dimensional points
// for d in the millions) label only as many as fit in this many stored coordinates (32 MiB of
// doubles), most important first; each says which ones it keeps.
inline constexpr Index label_budget = Index(1) << 22;

// A labelled point from values computed in long double (closed forms), rounded once to S.
template <Scalar S>
LabelledPoint<S> labelled(Vector<S> point, long double value, CriticalPointKind kind, int index,
                          long double lambda_min) {
  LabelledPoint<S> p;
  p.point = std::move(point);
  p.value = static_cast<S>(value);
  p.kind = kind;
  p.index = index;
  p.lambda_min = static_cast<S>(lambda_min);
  return p;
}

// The kind of a critical point with a nonsingular Hessian of the given index in n dimensions.
inline CriticalPointKind kind_from_index(int index, Index n) {
  return index == 0                       ? CriticalPointKind::minimum
         : static_cast<Index>(index) == n ? CriticalPointKind::maximum
                                          : CriticalPointKind::strict_saddle;
}

// Calls visit(digits) for each of the 3^d strings of d digits in {0, 1, 2} (d <= 20), grouped by
// index_of(digits) in increasing order (a value in 0..d: the critical point's index, for landscapes
// whose critical points are the 3^d combinations of three roots per coordinate), and within a group
// in increasing order of the base-3 number whose least significant digit is digits[0].
template <class IndexOf, class Visit>
void for_each_ternary(Index d, IndexOf&& index_of, Visit&& visit) {
  Index total = 1;
  for (Index i = 0; i < d; ++i) {
    total *= 3;
  }
  std::vector<int> digits(static_cast<std::size_t>(d));
  const auto decode = [&](Index code) {
    for (auto& digit : digits) {
      digit = static_cast<int>(code % 3);
      code /= 3;
    }
  };
  std::vector<Index> group(static_cast<std::size_t>(total));
  for (Index code = 0; code < total; ++code) {
    decode(code);
    group[static_cast<std::size_t>(code)] = static_cast<Index>(index_of(std::as_const(digits)));
  }
  for (Index index = 0; index <= d; ++index) {
    for (Index code = 0; code < total; ++code) {
      if (group[static_cast<std::size_t>(code)] == index) {
        decode(code);
        visit(std::as_const(digits));
      }
    }
  }
}

}  // namespace saddle::landscapes::detail
