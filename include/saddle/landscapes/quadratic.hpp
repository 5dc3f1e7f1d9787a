// Quadratic landscapes f(x) = 1/2 sum_i lambda_i x_i^2: convex bowls, ill-conditioned valleys and,
// with negative eigenvalues, the textbook saddle x^2 - y^2.
#pragma once

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "saddle/core/validation.hpp"
#include "saddle/landscapes/detail/labels.hpp"
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
    constexpr auto owner = "landscapes::Quadratic";
    const Index n = eigenvalues_.size();
    saddle::detail::require(owner, "eigenvalues.size()", n, saddle::detail::at_least(1));
    int negative = 0;
    for (Index i = 0; i < n; ++i) {
      saddle::detail::require(owner, saddle::detail::element("eigenvalues", i), eigenvalues_[i],
                              saddle::detail::finite());
      saddle::detail::require_that(eigenvalues_[i] != S(0), owner, saddle::detail::element("eigenvalues", i), "0",
                                   "eigenvalues[i] != 0");
      negative += eigenvalues_[i] < S(0) ? 1 : 0;
    }
    if (this->name_.empty()) {
      this->name_ = negative == 0 ? "quadratic" : "quadratic saddle";
    }
    for (auto& p : start_points) {
      detail::require_dimension("Quadratic", n, p.size(), "a start point");
    }
    if (start_points.empty()) {
      start_points.push_back(Vector<S>::Ones(n));
    }
    this->start_points_ = std::move(start_points);
    this->critical_points_.push_back(detail::labelled<S>(Vector<S>::Zero(n), 0.0L,
                                                         detail::kind_from_index(negative, n), negative,
                                                         static_cast<long double>(eigenvalues_.minCoeff())));
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
  // lambda_{b + j} = condition^(b / (n - 1)) condition^(j / (n - 1)) for b a multiple of m ~ sqrt(n) and
  // 0 <= j < m: 2 sqrt(n) powers in long double instead of n calls of pow, each as dear as dozens of
  // evaluations of f per element. The long double product is rounded once to S.
  const long double c = condition;
  const long double span = n == 1 ? 1.0L : static_cast<long double>(n - 1);
  const Index m = std::max<Index>(1, static_cast<Index>(std::sqrt(static_cast<double>(n))));
  std::vector<long double> fine(static_cast<std::size_t>(m));
  for (Index j = 0; j < m; ++j) {
    fine[static_cast<std::size_t>(j)] = std::pow(c, static_cast<long double>(j) / span);
  }
  Vector<S> eigenvalues(n);
  for (Index b = 0; b < n; b += m) {
    const long double coarse = std::pow(c, static_cast<long double>(b) / span);
    for (Index j = 0; j < m && b + j < n; ++j) {
      eigenvalues[b + j] = static_cast<S>(coarse * fine[static_cast<std::size_t>(j)]);
    }
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
