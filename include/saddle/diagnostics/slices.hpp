// Landscape slices: f on 1-D lines and 2-D planes through a point, along random directions
// (normalized per block, the "filter normalization" of Li et al. 2018), along Hessian
// eigenvectors, or between two points — as grids and CSV for scripts/plot_slice.py.
#pragma once

#include <cstdint>
#include <ostream>
#include <type_traits>
#include <utility>
#include <vector>

#include "saddle/core/objective.hpp"
#include "saddle/core/random.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/diagnostics/detail/input.hpp"

namespace saddle {

template <Scalar S>
struct Slice1D {
  Vector<S> alphas;  // positions along the direction
  Vector<S> values;  // f(origin + alpha d)

  void write_csv(std::ostream& out) const {
    const auto old = out.precision(12);
    out << "alpha,value\n";
    for (Index i = 0; i < alphas.size(); ++i) {
      out << alphas[i] << ',' << values[i] << '\n';
    }
    out.precision(old);
  }
};

template <Scalar S>
struct Slice2D {
  Vector<S> alphas;  // along the first direction
  Vector<S> betas;   // along the second
  Matrix<S> values;  // values(i, j) = f(origin + alphas[i] d1 + betas[j] d2)

  void write_csv(std::ostream& out) const {
    const auto old = out.precision(12);
    out << "alpha,beta,value\n";
    for (Index i = 0; i < alphas.size(); ++i) {
      for (Index j = 0; j < betas.size(); ++j) {
        out << alphas[i] << ',' << betas[j] << ',' << values(i, j) << '\n';
      }
    }
    out.precision(old);
  }
};

struct SliceRange {
  double from = -1.0;        // first position; -inf < from < inf
  double to = 1.0;           // last position; from < to < inf
  std::int64_t points = 51;  // grid points; >= 2

  void validate() const {
    detail::require("SliceRange", "points", points, detail::at_least(2));
    detail::require("SliceRange", "from", from, detail::finite());
    detail::require("SliceRange", "to", to, detail::open(from, detail::infinity),
                    detail::concat("from = ", detail::exact(from)));
  }
};

// f along origin + alpha d, alpha on the range. origin and direction: non-empty, finite, of one
// size (std::invalid_argument otherwise); f may be anything there, NaN included (it is plotted).
template <class F, Scalar S>
Slice1D<S> slice_1d(F&& f, const Vector<S>& origin, const Vector<S>& direction, const SliceRange& range = {}) {
  range.validate();
  detail::require_point("slice_1d", origin, "origin");
  detail::require_point("slice_1d", direction, "direction");
  detail::require_same_size("slice_1d", "direction", direction, "origin", origin.size());
  Slice1D<S> slice;
  slice.alphas = Vector<S>::LinSpaced(range.points, static_cast<S>(range.from), static_cast<S>(range.to));
  slice.values.resize(range.points);
  Vector<S> x(origin.size());
  Vector<S> g(origin.size());
  for (Index i = 0; i < range.points; ++i) {
    x = origin + slice.alphas[i] * direction;
    slice.values[i] = detail::evaluate(f, x, g);
  }
  return slice;
}

// f on the plane origin + alpha d1 + beta d2.
template <class F, Scalar S>
Slice2D<S> slice_2d(F&& f, const Vector<S>& origin, const Vector<S>& d1, const Vector<S>& d2,
                    const SliceRange& range_1 = {}, const SliceRange& range_2 = {}) {
  range_1.validate();
  range_2.validate();
  detail::require_point("slice_2d", origin, "origin");
  detail::require_point("slice_2d", d1, "d1");
  detail::require_point("slice_2d", d2, "d2");
  detail::require_same_size("slice_2d", "d1", d1, "origin", origin.size());
  detail::require_same_size("slice_2d", "d2", d2, "origin", origin.size());
  Slice2D<S> slice;
  slice.alphas = Vector<S>::LinSpaced(range_1.points, static_cast<S>(range_1.from), static_cast<S>(range_1.to));
  slice.betas = Vector<S>::LinSpaced(range_2.points, static_cast<S>(range_2.from), static_cast<S>(range_2.to));
  slice.values.resize(range_1.points, range_2.points);
  Vector<S> x(origin.size());
  Vector<S> g(origin.size());
  for (Index i = 0; i < range_1.points; ++i) {
    for (Index j = 0; j < range_2.points; ++j) {
      x = origin + slice.alphas[i] * d1 + slice.betas[j] * d2;
      slice.values(i, j) = detail::evaluate(f, x, g);
    }
  }
  return slice;
}

// f on the segment from a (alpha = 0) to b (alpha = 1), extended on both sides by `extension`.
template <class F, Scalar S>
Slice1D<S> slice_between(F&& f, const Vector<S>& a, const Vector<S>& b, std::int64_t points = 51,
                         double extension = 0.0) {
  detail::require_point("slice_between", a, "a");
  detail::require_point("slice_between", b, "b");
  detail::require_same_size("slice_between", "b", b, "a", a.size());
  return slice_1d(f, a, Vector<S>(b - a), SliceRange{-extension, 1.0 + extension, points});
}

// A random Gaussian direction. With `blocks` (sizes summing to the dimension, e.g. one per layer),
// each block is rescaled to the norm of the same block of `origin` — Li et al.'s filter
// normalization, which makes slices of networks with different weight scales comparable; a
// block of origin that is zero keeps its random values unscaled. Without blocks, the whole
// direction has the norm of origin (unit norm if origin is 0).
template <Scalar S>
Vector<S> random_direction(const Vector<S>& origin, std::uint64_t seed, const std::vector<Index>& blocks = {}) {
  detail::require_point("random_direction", origin, "origin");
  const Index n = origin.size();
  Random random(seed);
  Vector<S> d(n);
  for (Index i = 0; i < n; ++i) {
    d[i] = static_cast<S>(random.normal());
  }
  std::vector<Index> sizes = blocks.empty() ? std::vector<Index>{n} : blocks;
  Index total = 0;
  for (const Index size : sizes) {
    detail::require("random_direction", "block size", size, detail::at_least(1));
    total += size;
  }
  detail::require_that(total == n, "random_direction", "sum of block sizes", detail::concat(total),
                       detail::concat("sum of block sizes == dimension = ", n));
  Index offset = 0;
  for (const Index size : sizes) {
    auto block = d.segment(offset, size);
    const S target = origin.segment(offset, size).norm();
    const S norm = block.norm();
    if (norm > S(0)) {
      block *= (target > S(0) ? target : (blocks.empty() ? S(1) : norm)) / norm;
    }
    offset += size;
  }
  return d;
}

// The coordinates (alpha, beta) of the point of the plane origin + alpha d1 + beta d2 closest to x
// (least squares), to draw an optimizer's trajectory on top of a 2-D slice. All four of one size
// (empty vectors give (0, 0)).
template <Scalar S>
std::pair<S, S> project_onto_plane(const Vector<S>& x, const Vector<S>& origin, const Vector<S>& d1,
                                   const Vector<S>& d2) {
  detail::require_same_size("project_onto_plane", "origin", origin, "x", x.size());
  detail::require_same_size("project_onto_plane", "d1", d1, "x", x.size());
  detail::require_same_size("project_onto_plane", "d2", d2, "x", x.size());
  const S a11 = d1.squaredNorm();
  const S a12 = d1.dot(d2);
  const S a22 = d2.squaredNorm();
  const S b1 = d1.dot(x - origin);
  const S b2 = d2.dot(x - origin);
  const S det = a11 * a22 - a12 * a12;
  if (det == S(0)) {
    return {a11 > S(0) ? b1 / a11 : S(0), S(0)};
  }
  return {(a22 * b1 - a12 * b2) / det, (a11 * b2 - a12 * b1) / det};
}

}  // namespace saddle
