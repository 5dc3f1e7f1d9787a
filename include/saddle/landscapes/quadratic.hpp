// Quadratic landscapes f(x) = 1/2 sum_i lambda_i x_i^2: convex bowls, ill-conditioned valleys and,
// with negative eigenvalues, the textbook saddle x^2 - y^2.
#pragma once

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "saddle/core/validation.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// f(x) = 1/2 sum_i lambda_i x_i^2 with nonzero eigenvalues lambda_i. Its one critical point is 0:
// a minimum when all lambda_i > 0, a maximum when all are < 0, otherwise a strict saddle of
// index #{lambda_i < 0} (and f is unbounded below).
template <Scalar S>
class Quadratic : public LandscapeInfo<S> {
 public:
  // start_points: the standard starts; empty means the single start (1, ..., 1).
  explicit Quadratic(Vector<S> eigenvalues, std::vector<Vector<S>> start_points = {}, std::string name = {})
      : LandscapeInfo<S>(std::move(name), eigenvalues.size()), eigenvalues_(std::move(eigenvalues)) {
    const Index n = eigenvalues_.size();
    saddle::detail::require("landscapes::Quadratic", "eigenvalues.size()", n, saddle::detail::at_least(1));
    int negative = 0;
    for (Index i = 0; i < n; ++i) {
      saddle::detail::require("landscapes::Quadratic", saddle::detail::concat("eigenvalues[", i, "]"),
                              eigenvalues_[i], saddle::detail::finite());
      if (eigenvalues_[i] == S(0)) {
        throw std::invalid_argument(saddle::detail::concat("saddle::landscapes::Quadratic: eigenvalues[", i,
                                                           "] = 0 violates eigenvalues[i] != 0"));
      }
      negative += eigenvalues_[i] < S(0) ? 1 : 0;
    }
    if (this->name_.empty()) {
      this->name_ = negative == 0 ? "quadratic" : "quadratic saddle";
    }
    for (auto& p : start_points) {
      detail::require_dimension("Quadratic", n, p.size(), "a start point");
    }
    this->start_points_ = start_points.empty() ? std::vector<Vector<S>>{Vector<S>::Ones(n)} : std::move(start_points);
    LabelledPoint<S> origin;
    origin.point = Vector<S>::Zero(n);
    origin.value = S(0);
    origin.index = negative;
    origin.lambda_min = eigenvalues_.minCoeff();
    origin.kind = negative == 0   ? CriticalPointKind::minimum
                  : negative == n ? CriticalPointKind::maximum
                                  : CriticalPointKind::strict_saddle;
    this->critical_points_.push_back(std::move(origin));
    if (negative == 0) {
      this->minimum_value_ = S(0);
    }
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("Quadratic", this->dimension_, x.size(), "x");
    g.resize(x.size());
    g.array() = eigenvalues_.array() * x.array();
    return S(0.5) * x.dot(g);
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("Quadratic", this->dimension_, x.size(), "x");
    detail::require_dimension("Quadratic", this->dimension_, v.size(), "v");
    hv.resize(v.size());
    hv.array() = eigenvalues_.array() * v.array();
  }

  [[nodiscard]] const Vector<S>& eigenvalues() const { return eigenvalues_; }

 private:
  Vector<S> eigenvalues_;
};

// A convex quadratic in n dimensions with eigenvalues spaced geometrically from 1 to
// `condition` (its condition number); the classic test of first- and second-order methods.
template <Scalar S>
Quadratic<S> ill_conditioned_quadratic(Index n, double condition) {
  saddle::detail::require("landscapes::ill_conditioned_quadratic", "n", n, saddle::detail::at_least(1));
  saddle::detail::require("landscapes::ill_conditioned_quadratic", "condition", condition,
                          saddle::detail::closed_open(1, saddle::detail::infinity));
  Vector<S> eigenvalues(n);
  for (Index i = 0; i < n; ++i) {
    const double t = n == 1 ? 0.0 : static_cast<double>(i) / static_cast<double>(n - 1);
    eigenvalues[i] = static_cast<S>(std::pow(condition, t));
  }
  return Quadratic<S>(std::move(eigenvalues), {},
                      saddle::detail::concat("quadratic (n = ", n, ", condition ", condition, ")"));
}

// f(x, y) = x^2 - y^2, the saddle of every textbook (the middle of a Pringles chip): index 1 at
// the origin, unbounded below along y. Starts: (1, 1e-3), just off the stable manifold y = 0, so
// gradient descent first heads into the saddle and then slowly leaves it; and (1, 0), exactly on
// it, from where gradient descent converges to the saddle.
template <Scalar S>
Quadratic<S> x2_minus_y2() {
  Vector<S> eigenvalues(2);
  eigenvalues << S(2), S(-2);
  Vector<S> near(2);
  near << S(1), S(1e-3);
  Vector<S> on(2);
  on << S(1), S(0);
  return Quadratic<S>(std::move(eigenvalues), {near, on}, "x^2 - y^2");
}

}  // namespace saddle::landscapes
