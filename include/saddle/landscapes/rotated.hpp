// Rotated<L>: any landscape seen in coordinates rotated by a seeded Householder product, so that its
// escape directions lie along no coordinate axis.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>

#include "saddle/landscapes/householder.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

namespace detail {

// The scalar type of a landscape, read off its minimum_value().
template <class L>
using landscape_scalar_t = std::remove_cvref_t<decltype(std::declval<const L&>().minimum_value())>;

}  // namespace detail

// g(x) = f(Q^T x) for a landscape f and an orthogonal Q (a Householder product): the same landscape
// seen in rotated coordinates. grad g(x) = Q grad f(Q^T x), Hess g(x) v = Q Hess f(Q^T x) Q^T v;
// every critical point p of f becomes Q p with the same value, kind, index and lambda_min (the
// Hessians are similar), every start point s becomes Q s, and the name gets " (rotated)".
//
// f and Hv work in two vectors of size d held by the object (no allocation per evaluation), so one
// object must not be evaluated from two threads at once; give each thread its own copy.
//
// Why: a saddle whose escape direction is a coordinate axis (x^2 - y^2, the strict-saddle quartic)
// flatters per-coordinate methods — Adam's and RMSprop's per-parameter step sizes blow up exactly
// the one small gradient coordinate that points downhill. In rotated coordinates that coordinate
// is spread over all of them, as in a real model.
template <class L>
requires Landscape<L, detail::landscape_scalar_t<L>>
class Rotated : public LandscapeInfo<detail::landscape_scalar_t<L>> {
 public:
  using S = detail::landscape_scalar_t<L>;

  // The landscape rotated by the given Householder product (of its dimension).
  Rotated(L landscape, Householder<S> rotation)
      : LandscapeInfo<S>(std::string(landscape.name()) + " (rotated)", landscape.dimension()),
        landscape_(std::move(landscape)),
        rotation_(std::move(rotation)),
        y_(this->dimension_),
        w_(this->dimension_) {
    detail::require_dimension("Rotated", this->dimension_, rotation_.dimension(), "the rotation");
    for (const auto& s : landscape_.start_points()) {
      this->start_points_.push_back(rotation_.apply(s));
    }
    for (const auto& p : landscape_.critical_points()) {
      this->critical_points_.push_back({rotation_.apply(p.point), p.value, p.kind, p.index, p.lambda_min});
    }
    this->minimum_value_ = landscape_.minimum_value();
  }

  // The landscape rotated by `reflections` seeded Householder reflections.
  explicit Rotated(const L& landscape, int reflections = 3, std::uint64_t seed = 0)
      : Rotated(landscape, Householder<S>(landscape.dimension(), reflections, seed)) {}

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("Rotated", this->dimension_, x.size(), "x");
    y_ = x;
    rotation_.apply_transpose_in_place(y_);
    const S f = landscape_(y_, g);
    rotation_.apply_in_place(g);
    return f;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("Rotated", this->dimension_, x.size(), "x");
    detail::require_dimension("Rotated", this->dimension_, v.size(), "v");
    y_ = x;
    rotation_.apply_transpose_in_place(y_);
    w_ = v;
    rotation_.apply_transpose_in_place(w_);
    landscape_.hessian_vector_product(y_, w_, hv);
    rotation_.apply_in_place(hv);
  }

  // The landscape in its own (unrotated) coordinates, and Q.
  [[nodiscard]] const L& base() const { return landscape_; }
  [[nodiscard]] const Householder<S>& rotation() const { return rotation_; }

 private:
  L landscape_;
  Householder<S> rotation_;
  mutable Vector<S> y_;  // Q^T x
  mutable Vector<S> w_;  // Q^T v
};

}  // namespace saddle::landscapes
