// The scalar deep linear chain 1/2 (s - w_1 ... w_k)^2: a strict saddle at the origin for two
// layers, a degenerate one for three or more, and a manifold of global minima prod w = s.
#pragma once

#include <algorithm>
#include <cmath>
#include <utility>

#include "saddle/core/validation.hpp"
#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// f(w) = 1/2 (s - w_1 w_2 ... w_k)^2, k >= 2 scalar "layers", target s != 0. With p = prod w and
// P_i = prod_{j != i} w_j: grad_i = -(s - p) P_i and Hess = P P^T - (s - p) [P_ij]_{i != j} with
// P_ij = prod_{l != i, j} w_l; both in O(k) by prefix and suffix products.
//
// Critical points: p = s (the global minima, a (k-1)-dimensional manifold) or P = 0, i.e. at least
// two w_i = 0 (a set of saddles through the origin). At the origin the Hessian is [[0, -s], [-s, 0]]
// for k = 2 — a strict saddle of index 1, lambda_min = -|s| — and zero for k >= 3: a degenerate
// saddle (index 0, lambda_min 0) that gradient descent leaves only at the polynomial pace the
// plateau of a deep network is made of (Saxe et al. 2014; Kawaguchi 2016, "Deep learning without poor
// local minima", arXiv:1605.07110). The minima's Hessian P P^T has rank 1 (the manifold's k - 1
// flat directions), so they are labelled kind minimum, index 0, lambda_min 0 (as in mgh.hpp).
//
// Labels: the origin, then the balanced minimizers |w_i| = |s|^(1/k) with an even (s > 0) or odd
// (s < 0) number of negative signs, the signs flipping among the first min(k, 6) layers: all
// 2^(k-1) of them for k <= 6, 32 otherwise — fewer when they do not fit in detail::label_budget
// coordinates (k beyond ~127000), but always one. Start: w_i = 0.1 (gradient ~ 0.1^(k-1): a plateau).
// The Hessian-vector product works in two vectors of size k held by the object, so one object must
// not be evaluated from two threads at once.
template <Scalar S>
class ScalarDeepLinear : public LandscapeInfo<S> {
 public:
  explicit ScalarDeepLinear(Index k = 2, S s = S(1))
      : LandscapeInfo<S>(saddle::detail::concat("scalar deep linear (k = ", k, ", s = ", s, ")"), k), s_(s) {
    constexpr auto owner = "landscapes::ScalarDeepLinear";
    saddle::detail::require(owner, "k", k, saddle::detail::at_least(2));
    saddle::detail::require(owner, "s", s, saddle::detail::finite());
    saddle::detail::require_that(s != S(0), owner, "s", "0", "s != 0");
    this->start_points_.push_back(Vector<S>::Constant(k, S(0.1)));

    const long double target = s;
    this->critical_points_.push_back(
        detail::labelled<S>(Vector<S>::Zero(k), target * target / 2,
                            k == 2 ? CriticalPointKind::strict_saddle : CriticalPointKind::degenerate, k == 2 ? 1 : 0,
                            k == 2 ? -std::abs(target) : 0.0L));
    const long double c = std::pow(std::abs(target), 1.0L / static_cast<long double>(k));
    const Index flipping = std::min<Index>(k, 6);
    const int wanted_parity = s < S(0) ? 1 : 0;
    for (unsigned mask = 0; mask < (1U << flipping); ++mask) {
      const bool fits = static_cast<Index>(this->critical_points_.size() + 1) * k <= detail::label_budget;
      if (this->critical_points_.size() >= 2 && !fits) {
        break;
      }
      int negatives = 0;
      for (Index i = 0; i < flipping; ++i) {
        negatives += static_cast<int>((mask >> i) & 1U);
      }
      if (negatives % 2 != wanted_parity) {
        continue;
      }
      Vector<S> point = Vector<S>::Constant(k, static_cast<S>(c));
      for (Index i = 0; i < flipping; ++i) {
        if (((mask >> i) & 1U) != 0) {
          point[i] = -point[i];
        }
      }
      this->critical_points_.push_back(
          detail::labelled<S>(std::move(point), 0.0L, CriticalPointKind::minimum, 0, 0.0L));
    }
    this->minimum_value_ = S(0);
    prefix_.resize(k);
    dprefix_.resize(k);
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("ScalarDeepLinear", this->dimension_, x.size(), "x");
    const Index k = x.size();
    g.resize(k);
    S prefix = S(1);  // g_i = prod_{j < i} w_j, then times prod_{j > i} w_j on the way back
    for (Index i = 0; i < k; ++i) {
      g[i] = prefix;
      prefix *= x[i];
    }
    const S residual = s_ - prefix;
    S suffix = -residual;
    for (Index i = k - 1; i >= 0; --i) {
      g[i] *= suffix;
      suffix *= x[i];
    }
    return S(0.5) * residual * residual;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("ScalarDeepLinear", this->dimension_, x.size(), "x");
    detail::require_dimension("ScalarDeepLinear", this->dimension_, v.size(), "v");
    const Index k = x.size();
    // Forward mode through the prefix and suffix products: (value, derivative along v).
    S p = S(1);
    S dp = S(0);
    for (Index i = 0; i < k; ++i) {
      prefix_[i] = p;
      dprefix_[i] = dp;
      dp = dp * x[i] + p * v[i];
      p *= x[i];
    }
    const S residual = s_ - p;
    hv.resize(k);
    S suffix = S(1);
    S dsuffix = S(0);
    for (Index i = k - 1; i >= 0; --i) {
      const S others = prefix_[i] * suffix;                           // P_i
      const S dothers = dprefix_[i] * suffix + prefix_[i] * dsuffix;  // sum_{j != i} P_ij v_j
      hv[i] = others * dp - residual * dothers;
      dsuffix = dsuffix * x[i] + suffix * v[i];
      suffix *= x[i];
    }
  }

  [[nodiscard]] S target() const { return s_; }

 private:
  S s_;
  mutable Vector<S> prefix_;   // prod_{j < i} w_j in the Hessian-vector product
  mutable Vector<S> dprefix_;  // its derivative along v
};

}  // namespace saddle::landscapes
