// Helpers the landscapes share to build their labelled critical points: a storage budget for
// labels of high-dimensional landscapes and a constructor of LabelledPoint from long double data.
#pragma once

#include <utility>

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

}  // namespace saddle::landscapes::detail
