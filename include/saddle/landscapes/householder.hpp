// Householder<S>: a seeded orthogonal matrix Q = H_1 ... H_k (k Householder reflections) that is
// never formed, applied in O(kd) without allocation.
#pragma once

#include <cstdint>

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

}  // namespace saddle::landscapes
