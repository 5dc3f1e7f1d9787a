// The strict-saddle quartic f(x) = 1/2 x^T diag(lambda) x + 1/4 |x|^4: a saddle at the origin with
// any number of escape directions, bounded below, every critical point known in closed form, and
// cheap enough (O(d) per product and per label) for d in the millions.
#pragma once

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "saddle/core/validation.hpp"
#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// f(x) = 1/2 sum_i lambda_i x_i^2 + 1/4 |x|^4, lambda_i != 0, the negative lambda_i distinct.
// grad f = (lambda + |x|^2) x and Hess f = diag(lambda) + |x|^2 I + 2 x x^T.
//
// Critical points: (lambda_i + |x|^2) x_i = 0 for every i, so either x = 0 or every nonzero x_i
// has lambda_i = -|x|^2 — with distinct negative eigenvalues that is one coordinate, x = +-s e_i
// with s = sqrt(-lambda_i). That makes 1 + 2m critical points for m negative eigenvalues:
// - the origin: Hessian diag(lambda), index m (a strict saddle; a maximum when m = d; the only,
//   global, minimum when m = 0), value 0, lambda_min = min lambda;
// - +-s e_i: Hessian diag(lambda) - lambda_i I + 2 s^2 e_i e_i^T, with eigenvalues lambda_j - lambda_i
//   along e_j (j != i) and -2 lambda_i > 0 along e_i; index #{j : lambda_j < lambda_i}, value
//   -lambda_i^2 / 4. The pair of the most negative eigenvalue are the global minima (value
//   -lambda_min^2 / 4); every other pair is a strict saddle.
// Repeated negative eigenvalues would turn pairs of points into spheres of degenerate critical
// points, so they are rejected; so are zero eigenvalues (a singular Hessian at the origin).
//
// Labels: the origin, then the pairs in order of increasing eigenvalue (the global minima first,
// then the index-1 saddles, ...), as many as fit in detail::label_budget stored coordinates — all
// of them unless m d is in the millions; the origin and the global minima always.
// critical_point(i, sign) builds the label of any pair on request in O(d).
template <Scalar S>
class StrictSaddleQuartic : public LandscapeInfo<S> {
 public:
  // name: empty means "strict-saddle quartic (d = ..., m negative)".
  explicit StrictSaddleQuartic(Vector<S> eigenvalues, std::string name = {})
      : LandscapeInfo<S>(std::move(name), eigenvalues.size()), eigenvalues_(std::move(eigenvalues)) {
    constexpr auto owner = "landscapes::StrictSaddleQuartic";
    const Index n = eigenvalues_.size();
    saddle::detail::require(owner, "eigenvalues.size()", n, saddle::detail::at_least(1));
    // One pass validates, collects the negative eigenvalues and finds the two smallest (with the
    // position of the smallest), which give every lambda_min in O(1).
    Index smallest = 0;
    S second = std::numeric_limits<S>::infinity();
    for (Index i = 0; i < n; ++i) {
      const S lambda = eigenvalues_[i];
      saddle::detail::require(owner, saddle::detail::element("eigenvalues", i), lambda, saddle::detail::finite());
      saddle::detail::require_that(lambda != S(0), owner, saddle::detail::element("eigenvalues", i), "0",
                                   "eigenvalues[i] != 0");
      if (lambda < S(0)) {
        negative_.push_back(i);
      }
      if (i > 0 && lambda < eigenvalues_[smallest]) {
        second = eigenvalues_[smallest];
        smallest = i;
      } else if (i > 0) {
        second = std::min(second, lambda);
      }
    }
    smallest_ = smallest;
    second_ = second;
    // The negative eigenvalues in increasing order; adjacent equal ones are rejected.
    std::stable_sort(negative_.begin(), negative_.end(),
                     [&](Index a, Index b) { return eigenvalues_[a] < eigenvalues_[b]; });
    for (std::size_t k = 1; k < negative_.size(); ++k) {
      const Index a = std::min(negative_[k - 1], negative_[k]);
      const Index b = std::max(negative_[k - 1], negative_[k]);
      saddle::detail::require_that(
          eigenvalues_[a] != eigenvalues_[b], owner, saddle::detail::element("eigenvalues", b),
          [&] { return saddle::detail::concat(saddle::detail::exact(eigenvalues_[b])); },
          [&] {
            return saddle::detail::concat("eigenvalues[i] != eigenvalues[j] for negative eigenvalues (eigenvalues[", a,
                                          "] = ", saddle::detail::exact(eigenvalues_[a]), " too)");
          });
    }
    const Index m = static_cast<Index>(negative_.size());
    if (this->name_.empty()) {
      this->name_ = saddle::detail::concat("strict-saddle quartic (d = ", n, ", ", m, " negative)");
    }

    // Starts as for x^2 - y^2: just off the origin's stable manifold (the escape coordinates at
    // 1e-3, the others at 1), and, when there are both signs, exactly on it (escape coordinates 0),
    // from where gradient descent converges to the saddle.
    Vector<S> near = Vector<S>::Ones(n);
    for (const Index i : negative_) {
      near[i] = S(1e-3);
    }
    this->start_points_.push_back(std::move(near));
    if (m > 0 && m < n) {
      Vector<S> on = Vector<S>::Ones(n);
      for (const Index i : negative_) {
        on[i] = S(0);
      }
      this->start_points_.push_back(std::move(on));
    }

    this->critical_points_.push_back(
        detail::labelled<S>(Vector<S>::Zero(n), 0.0L, detail::kind_from_index(static_cast<int>(m), n),
                            static_cast<int>(m), static_cast<long double>(eigenvalues_[smallest_])));
    for (Index rank = 0; rank < m; ++rank) {
      const bool fits = (static_cast<Index>(this->critical_points_.size()) + 2) * n <= detail::label_budget;
      if (rank > 0 && !fits) {
        break;
      }
      this->critical_points_.push_back(critical_point(negative_[static_cast<std::size_t>(rank)], +1));
      this->critical_points_.push_back(critical_point(negative_[static_cast<std::size_t>(rank)], -1));
    }
    this->minimum_value_ = m == 0 ? S(0) : this->critical_points_[1].value;
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("StrictSaddleQuartic", this->dimension_, x.size(), "x");
    g.resize(x.size());
    const S r2 = x.squaredNorm();
    g.array() = (eigenvalues_.array() + r2) * x.array();
    return S(0.5) * (eigenvalues_.array() * x.array().square()).sum() + S(0.25) * r2 * r2;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("StrictSaddleQuartic", this->dimension_, x.size(), "x");
    detail::require_dimension("StrictSaddleQuartic", this->dimension_, v.size(), "v");
    hv.resize(v.size());
    const S r2 = x.squaredNorm();
    const S xv = S(2) * x.dot(v);
    hv.array() = (eigenvalues_.array() + r2) * v.array() + xv * x.array();
  }

  [[nodiscard]] const Vector<S>& eigenvalues() const { return eigenvalues_; }
  // Positions of the negative eigenvalues, most negative first.
  [[nodiscard]] const std::vector<Index>& negative_directions() const { return negative_; }
  // Every critical point, labelled or not: 1 + 2 m.
  [[nodiscard]] Index critical_point_count() const { return 1 + 2 * static_cast<Index>(negative_.size()); }

  // The labelled critical point sign * sqrt(-lambda_i) e_i (lambda_i < 0, sign = +1 or -1), in O(d).
  [[nodiscard]] LabelledPoint<S> critical_point(Index i, int sign) const {
    constexpr auto owner = "landscapes::StrictSaddleQuartic::critical_point";
    saddle::detail::require(owner, "i", i, saddle::detail::closed_open(0, static_cast<double>(this->dimension_)));
    saddle::detail::require(owner, "eigenvalues[i]", eigenvalues_[i], saddle::detail::less_than(0));
    saddle::detail::require_that(sign == 1 || sign == -1, owner, "sign", [&] { return saddle::detail::concat(sign); },
                                 "sign == 1 or sign == -1");
    const long double lambda = eigenvalues_[i];
    // Index: how many eigenvalues lie below lambda_i — all of them negative, so a binary search in
    // the sorted negative ones.
    const auto below_i = std::lower_bound(negative_.begin(), negative_.end(), eigenvalues_[i],
                                          [&](Index j, S value) { return eigenvalues_[j] < value; });
    const auto index = static_cast<int>(below_i - negative_.begin());
    const long double below = i == smallest_ ? second_ : static_cast<long double>(eigenvalues_[smallest_]);
    Vector<S> point = Vector<S>::Zero(this->dimension_);
    point[i] = static_cast<S>(sign * std::sqrt(-lambda));
    return detail::labelled<S>(std::move(point), -lambda * lambda / 4,
                               index == 0 ? CriticalPointKind::minimum : CriticalPointKind::strict_saddle, index,
                               std::min(-2 * lambda, below - lambda));
  }

 private:
  Vector<S> eigenvalues_;
  std::vector<Index> negative_;
  Index smallest_ = 0;
  long double second_ = 0;  // the second smallest eigenvalue (+inf when d = 1)
};

}  // namespace saddle::landscapes
