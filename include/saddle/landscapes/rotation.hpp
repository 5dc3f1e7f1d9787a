// Orthogonal changes of basis for landscapes: Householder<S>, a seeded product of k Householder
// reflections applied in O(kd), and Rotated<L>, any landscape seen in the rotated coordinates.
#pragma once

#include <concepts>
#include <cstdint>
#include <type_traits>
#include <utility>
#include <vector>

#include "saddle/core/random.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// Q = H_1 H_2 ... H_k with H_j = I - beta_j u_j u_j^T, beta_j = 2 / |u_j|^2: an orthogonal d x d
// matrix that is never formed. The u_j are standard normal vectors drawn from saddle::Random(seed)
// (in double, then rounded to S; beta_j is computed from the rounded u_j, so every H_j is exactly
// a reflection). With k >= d the product is a generic orthogonal matrix; the default k = 3
// already mixes every coordinate with every other. det Q = (-1)^k: for odd k, Q is a rotation
// composed with a reflection — just as good for removing axis alignment. k = 0 gives Q = I.
template <Scalar S>
class Householder {
 public:
  explicit Householder(Index dimension, int reflections = 3, std::uint64_t seed = 0)
      : dimension_(dimension), seed_(seed) {
    saddle::detail::require("landscapes::Householder", "dimension", dimension, saddle::detail::at_least(1));
    saddle::detail::require("landscapes::Householder", "reflections", reflections, saddle::detail::at_least(0));
    Random random(seed);
    vectors_.resize(dimension, reflections);
    betas_.resize(reflections);
    for (int j = 0; j < reflections; ++j) {
      for (Index i = 0; i < dimension; ++i) {
        vectors_(i, j) = static_cast<S>(random.normal());
      }
      betas_[j] = S(2) / vectors_.col(j).squaredNorm();
    }
  }

  [[nodiscard]] Index dimension() const { return dimension_; }
  [[nodiscard]] int reflections() const { return static_cast<int>(betas_.size()); }
  [[nodiscard]] std::uint64_t seed() const { return seed_; }

  // x <- Q x (H_k first, H_1 last) and x <- Q^T x (H_1 first), in place: 2kd flops, no allocation.
  void apply_in_place(Eigen::Ref<Vector<S>> x) const {
    check(x.size());
    for (Index j = betas_.size() - 1; j >= 0; --j) {
      reflect(j, x);
    }
  }
  void apply_transpose_in_place(Eigen::Ref<Vector<S>> x) const {
    check(x.size());
    for (Index j = 0; j < betas_.size(); ++j) {
      reflect(j, x);
    }
  }

  [[nodiscard]] Vector<S> apply(const Vector<S>& x) const {
    Vector<S> y = x;
    apply_in_place(y);
    return y;
  }
  [[nodiscard]] Vector<S> apply_transpose(const Vector<S>& x) const {
    Vector<S> y = x;
    apply_transpose_in_place(y);
    return y;
  }

  // The dense matrix Q (O(k d^2); for tests and small d).
  [[nodiscard]] Matrix<S> matrix() const {
    Matrix<S> q = Matrix<S>::Identity(dimension_, dimension_);
    for (Index c = 0; c < dimension_; ++c) {
      apply_in_place(q.col(c));
    }
    return q;
  }

 private:
  void check(Index size) const { detail::require_dimension("Householder", dimension_, size, "x"); }

  void reflect(Index j, Eigen::Ref<Vector<S>> x) const {
    const S projection = betas_[j] * vectors_.col(j).dot(x);
    x.noalias() -= projection * vectors_.col(j);
  }

  Index dimension_ = 0;
  std::uint64_t seed_ = 0;
  Matrix<S> vectors_;  // u_1, ..., u_k as columns
  Vector<S> betas_;    // 2 / |u_j|^2
};

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
        rotation_(std::move(rotation)) {
    detail::require_dimension("Rotated", this->dimension_, rotation_.dimension(), "the rotation");
    for (const auto& s : landscape_.start_points()) {
      this->start_points_.push_back(rotation_.apply(s));
    }
    for (const auto& p : landscape_.critical_points()) {
      LabelledPoint<S> q = p;
      q.point = rotation_.apply(p.point);
      this->critical_points_.push_back(std::move(q));
    }
    this->minimum_value_ = landscape_.minimum_value();
  }

  // The landscape rotated by `reflections` seeded Householder reflections.
  explicit Rotated(const L& landscape, int reflections = 3, std::uint64_t seed = 0)
      : Rotated(landscape, Householder<S>(landscape.dimension(), reflections, seed)) {}

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("Rotated", this->dimension_, x.size(), "x");
    const Vector<S> y = rotation_.apply_transpose(x);
    Vector<S> gy(y.size());
    const S f = landscape_(y, gy);
    rotation_.apply_in_place(gy);
    g = std::move(gy);
    return f;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("Rotated", this->dimension_, x.size(), "x");
    detail::require_dimension("Rotated", this->dimension_, v.size(), "v");
    const Vector<S> y = rotation_.apply_transpose(x);
    const Vector<S> w = rotation_.apply_transpose(v);
    Vector<S> hw(w.size());
    landscape_.hessian_vector_product(y, w, hw);
    rotation_.apply_in_place(hw);
    hv = std::move(hw);
  }

  // The landscape in its own (unrotated) coordinates, and Q.
  [[nodiscard]] const L& base() const { return landscape_; }
  [[nodiscard]] const Householder<S>& rotation() const { return rotation_; }

 private:
  L landscape_;
  Householder<S> rotation_;
};

}  // namespace saddle::landscapes
