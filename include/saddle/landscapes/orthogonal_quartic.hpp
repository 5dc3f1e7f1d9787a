// The orthogonal quartic -1/4 sum_i (q_i^T u)^4 + mu/4 (|u|^2 - 1)^2: orthogonal tensor
// decomposition in penalty form, with all 3^d critical points known — 2d minima, one maximum and
// saddles of every index in between, whose share of all critical points tends to 1 with d.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <utility>
#include <vector>

#include "saddle/core/validation.hpp"
#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/householder.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// How many critical points a landscape has of each index, without materializing them.
struct CriticalPointCensus {
  Index dimension = 0;
  // count_by_index[i]: the number of critical points of index i (0 <= i <= dimension). Exact
  // integers while they fit in 53 bits, correctly rounded up to d = 40, then exp(log), +inf when
  // they pass double's range.
  std::vector<double> count_by_index;
  std::vector<double> log_count_by_index;  // natural logarithms of the counts, finite for every d
  double minima = 0;
  double saddles = 0;  // every index strictly between 0 and dimension
  double maxima = 0;
  double total = 0;
  double log_total = 0;
  double saddle_fraction = 0;  // saddles / total, from the logarithms (accurate for every d)
};

// f(u) = -1/4 sum_i (q_i^T u)^4 + mu/4 (|u|^2 - 1)^2, with q_i the columns of an orthogonal Q (a seeded
// Householder product; reflections = 0 gives Q = I and the coordinate axes) and mu > 1.
// Orthogonal tensor decomposition (find the components q_i of sum_i q_i^(x)4) with the unit sphere
// as a penalty, as in Ge, Huang, Jin & Yuan (2015), "Escaping from saddle points — online stochastic
// gradient for tensor decomposition", arXiv:1503.02101.
//
// In z = Q^T u it separates: f = -1/4 sum z_i^4 + mu/4 (rho - 1)^2, rho = |z|^2, and
// df/dz_i = z_i (mu (rho - 1) - z_i^2). So every z_i is 0 or +-c with c^2 = mu (rho - 1); with k nonzero
// coordinates (the support) rho = k c^2 gives c_k^2 = mu / (mu k - 1) — for every k = 1..d iff mu > 1,
// which is also exactly when f is bounded below (along an axis f ~ (mu - 1) r^4 / 4). Hence 3^d
// critical points, and with the Hessian in z, diag(mu (rho - 1) - 3 z_i^2) + 2 mu z z^T:
// - support k >= 1: eigenvalues c_k^2 (the d - k coordinates off the support), -2 c_k^2 (k - 1
//   directions in the support orthogonal to z) and 2 mu (along z); index k - 1, value
//   f_k = -mu / (4 (mu k - 1)), increasing with k. So the 2d points +-c_1 q_i are the global minima
//   (f* = -mu / (4 (mu - 1))) and support k >= 2 gives C(d, k) 2^k strict saddles of index k - 1.
// - the origin: Hessian -mu I, a maximum (index d), f = mu / 4.
//
// Labels: all 3^d for d <= 8, grouped by index (minima first, the maximum last); for d > 8 the 2d
// minima (while they fit in detail::label_budget coordinates, else +-c_1 q_1) and the origin.
// census() counts all of them for any d. Start: Q (c_d (1, ..., 1) + 1e-3 e_1), a hair off the
// saddle of highest index (d - 1 escape directions), which gradient descent must first leave; it then
// falls straight to the minimum c_1 q_1 (the other coordinates, kept equal, vanish together).
template <Scalar S>
class OrthogonalQuartic : public LandscapeInfo<S> {
 public:
  explicit OrthogonalQuartic(Index d, S mu = S(2), std::uint64_t seed = 0, int reflections = 3)
      : LandscapeInfo<S>(saddle::detail::concat("orthogonal quartic (d = ", d, ", mu = ", mu, ")"), d),
        mu_(mu),
        rotation_(validated(d, mu), reflections, seed),
        z_(d) {
    const long double m = mu_;
    const auto c2 = [&](Index k) { return m / (m * static_cast<long double>(k) - 1.0L); };
    Vector<S> start = Vector<S>::Constant(d, static_cast<S>(std::sqrt(c2(d))));
    start[0] += S(1e-3);
    rotation_.apply_in_place(start);
    this->start_points_.push_back(std::move(start));

    // Labels the point Q z with z_i = 0, +c_k or -c_k for digits[i] = 0, 1 or 2 (k: the nonzero digits).
    const auto add = [&](const std::vector<int>& digits) {
      Index k = 0;
      for (const int digit : digits) {
        k += digit != 0 ? 1 : 0;
      }
      Vector<S> z = Vector<S>::Zero(d);
      if (k == 0) {
        this->critical_points_.push_back(
            detail::labelled<S>(std::move(z), m / 4, CriticalPointKind::maximum, static_cast<int>(d), -m));
        return;
      }
      const long double c = std::sqrt(c2(k));
      for (Index i = 0; i < d; ++i) {
        const int digit = digits[static_cast<std::size_t>(i)];
        z[i] = digit == 0 ? S(0) : static_cast<S>(digit == 1 ? c : -c);
      }
      rotation_.apply_in_place(z);
      const long double lambda_min = k >= 2 ? -2 * c2(k) : d == 1 ? 2 * m : std::min(c2(1), 2 * m);
      this->critical_points_.push_back(detail::labelled<S>(
          std::move(z), -m / (4 * (m * static_cast<long double>(k) - 1)),
          k == 1 ? CriticalPointKind::minimum : CriticalPointKind::strict_saddle, static_cast<int>(k - 1), lambda_min));
    };
    if (d <= 8) {
      // By index: support k >= 1 has index k - 1, the origin (support 0) index d.
      detail::for_each_ternary(
          d,
          [d](const std::vector<int>& digits) {
            const auto k = static_cast<Index>(std::count_if(digits.begin(), digits.end(), [](int x) { return x != 0; }));
            return k == 0 ? d : k - 1;
          },
          add);
    } else {
      const Index axes = 2 * d * d <= detail::label_budget ? d : 1;
      std::vector<int> digits(static_cast<std::size_t>(d), 0);
      for (Index i = 0; i < axes; ++i) {
        for (const int digit : {1, 2}) {
          digits[static_cast<std::size_t>(i)] = digit;
          add(digits);
        }
        digits[static_cast<std::size_t>(i)] = 0;
      }
      add(digits);
    }
    this->minimum_value_ = this->critical_points_.front().value;
  }

  // f and Hv in z = Q^T x; g itself holds z on the way, and Hv keeps Q^T x in a vector of the
  // object (so one object must not be evaluated from two threads at once).
  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("OrthogonalQuartic", this->dimension_, x.size(), "x");
    g = x;
    rotation_.apply_transpose_in_place(g);
    const S rho = g.squaredNorm();
    const S excess = rho - S(1);
    const S f = S(-0.25) * g.array().square().square().sum() + S(0.25) * mu_ * excess * excess;
    g.array() *= mu_ * excess - g.array().square();
    rotation_.apply_in_place(g);
    return f;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("OrthogonalQuartic", this->dimension_, x.size(), "x");
    detail::require_dimension("OrthogonalQuartic", this->dimension_, v.size(), "v");
    z_ = x;
    rotation_.apply_transpose_in_place(z_);
    hv = v;
    rotation_.apply_transpose_in_place(hv);
    const S excess = z_.squaredNorm() - S(1);
    const S zw = S(2) * mu_ * z_.dot(hv);
    hv.array() = (mu_ * excess - S(3) * z_.array().square()) * hv.array() + zw * z_.array();
    rotation_.apply_in_place(hv);
  }

  [[nodiscard]] S mu() const { return mu_; }
  [[nodiscard]] const Householder<S>& rotation() const { return rotation_; }

  // Index i has C(d, i + 1) 2^(i + 1) points for i < d (support i + 1), plus the origin at index d:
  // 2d minima, one maximum, 3^d - 2d - 1 saddles.
  [[nodiscard]] CriticalPointCensus census() const { return census(this->dimension_); }
  [[nodiscard]] static CriticalPointCensus census(Index d) {
    saddle::detail::require("landscapes::OrthogonalQuartic::census", "d", d, saddle::detail::at_least(1));
    CriticalPointCensus c;
    c.dimension = d;
    c.count_by_index.assign(static_cast<std::size_t>(d) + 1, 0.0);
    c.log_count_by_index.assign(static_cast<std::size_t>(d) + 1, 0.0);
    const double ln2 = std::log(2.0);
    std::uint64_t binomial = 1;  // C(d, k), exact for d <= 40
    for (Index k = 1; k <= d; ++k) {
      const auto i = static_cast<std::size_t>(k - 1);
      const double dd = static_cast<double>(d);
      const double kk = static_cast<double>(k);
      c.log_count_by_index[i] = std::lgamma(dd + 1) - std::lgamma(kk + 1) - std::lgamma(dd - kk + 1) + kk * ln2;
      if (d <= 40) {
        binomial = binomial * static_cast<std::uint64_t>(d - k + 1) / static_cast<std::uint64_t>(k);
        c.count_by_index[i] = static_cast<double>(binomial) * std::ldexp(1.0, static_cast<int>(k));
      } else {
        c.count_by_index[i] = std::exp(c.log_count_by_index[i]);
      }
    }
    c.count_by_index.back() = 1.0;
    c.log_count_by_index.back() = 0.0;
    c.minima = 2.0 * static_cast<double>(d);
    c.maxima = 1.0;
    c.log_total = static_cast<double>(d) * std::log(3.0);
    c.total = d <= 40 ? power_of_three(d) : std::exp(c.log_total);
    c.saddles = c.total - c.minima - c.maxima;
    c.saddle_fraction = -std::expm1(std::log(c.minima + c.maxima) - c.log_total);
    return c;
  }

 private:
  static Index validated(Index d, S mu) {
    saddle::detail::require("landscapes::OrthogonalQuartic", "d", d, saddle::detail::at_least(1));
    saddle::detail::require("landscapes::OrthogonalQuartic", "mu", mu,
                            saddle::detail::open(1, saddle::detail::infinity));
    return d;
  }

  static double power_of_three(Index d) {
    std::uint64_t p = 1;
    for (Index i = 0; i < d; ++i) {
      p *= 3;
    }
    return static_cast<double>(p);
  }

  S mu_;
  Householder<S> rotation_;
  mutable Vector<S> z_;  // Q^T x in the Hessian-vector product
};

}  // namespace saddle::landscapes
