// The Rosenbrock function (Rosenbrock 1960) in 2 and n dimensions: a curved, narrow valley whose
// floor leads slowly to the minimum at (1, ..., 1).
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <string>
#include <utility>

#include "saddle/core/validation.hpp"
#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

enum class RosenbrockForm {
  // sum_{i=0}^{n-2} 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 (scipy.optimize.rosen; couples all coordinates)
  chained,
  // sum_{j=0}^{n/2-1} 100 (x_{2j+1} - x_{2j}^2)^2 + (1 - x_{2j})^2 (Moré, Garbow & Hillstrom 1981, problem 21; n even)
  pairs,
};

namespace detail {

// Smallest eigenvalue of the symmetric tridiagonal matrix (diagonal a, off-diagonal b) by
// bisection on Sturm counts: O(n) memory-free passes, fine for n in the millions.
template <Scalar S>
S tridiagonal_lambda_min(const Vector<S>& a, const Vector<S>& b) {
  const Index n = a.size();
  long double lo = std::numeric_limits<long double>::infinity();
  long double hi = -lo;
  for (Index i = 0; i < n; ++i) {  // Gershgorin bounds
    const long double r = (i > 0 ? std::abs(static_cast<long double>(b[i - 1])) : 0.0L) +
                          (i + 1 < n ? std::abs(static_cast<long double>(b[i])) : 0.0L);
    lo = std::min(lo, static_cast<long double>(a[i]) - r);
    hi = std::max(hi, static_cast<long double>(a[i]) + r);
  }
  auto count_below = [&](long double mu) {  // eigenvalues < mu = negative pivots of T - mu I
    Index count = 0;
    long double d = 1.0L;
    for (Index i = 0; i < n; ++i) {
      const long double off = i > 0 ? static_cast<long double>(b[i - 1]) : 0.0L;
      d = static_cast<long double>(a[i]) - mu - (i > 0 ? off * off / d : 0.0L);
      if (d == 0.0L) {
        d = -std::numeric_limits<long double>::epsilon() * (std::abs(mu) + 1.0L);
      }
      count += d < 0.0L ? 1 : 0;
    }
    return count;
  };
  for (int iteration = 0; iteration < 200 && hi - lo > 4 * std::numeric_limits<long double>::epsilon() *
                                                           std::max(std::abs(lo), std::abs(hi));
       ++iteration) {
    const long double mid = 0.5L * (lo + hi);
    if (count_below(mid) >= 1) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return static_cast<S>(0.5L * (lo + hi));
}

// The chained form's other critical points for 4 <= n <= 7: a local minimum near (-1, 1, ..., 1)
// and the index-1 saddle between it and the global minimum (its unstable manifold descends to
// both). Shang & Qiu (2006), "A note on the extended Rosenbrock function", Evolutionary Computation
// 14(1), show that there are exactly two minima for these n; Kok & Sandrock (2009), "Locating and
// characterizing the stationary points of the extended Rosenbrock function", Evolutionary
// Computation 17(3), characterize the saddles. Located here by Newton's method in 60-digit
// arithmetic (mpmath) from multistart guesses (20000 Newton runs from uniform starts in [-1.5, 1.5]^n
// found exactly these three critical points for each n); every digit below is correct, so the
// points are exact to double precision.
struct RosenbrockKnownPoint {
  int n;
  CriticalPointKind kind;
  int index;
  double value;
  std::array<double, 7> x;
};

// clang-format off
inline constexpr std::array<RosenbrockKnownPoint, 8> rosenbrock_chained_points{{
    {4, CriticalPointKind::minimum, 0, 3.7014286104300172965,
     {-0.77565922656535262493, 0.61309336548504346049, 0.38206284633839314847, 0.14597201855219461486}},
    {4, CriticalPointKind::strict_saddle, 1, 3.7082419966472615079,
     {-0.65612463571944590137, 0.44312004097157237074, 0.20431224822836433319, 0.041743494776128764605}},
    {5, CriticalPointKind::minimum, 0, 3.9308394341330280809,
     {-0.96205102069475016111, 0.9357393959767100112, 0.88071360419432058933, 0.77787767585440632589,
      0.60509367859265283831}},
    {5, CriticalPointKind::strict_saddle, 1, 4.6573714282005743274,
     {-0.55746831589884883117, 0.32474004283377625183, 0.11656732144533991874, 0.023354396464298221507,
      0.00054542783421162526991}},
    {6, CriticalPointKind::minimum, 0, 3.9739405009302949147,
     {-0.98657497957099372934, 0.9833982288361817477, 0.97210667005309191124, 0.94743743682643601286,
      0.89865118485172963443, 0.80757395203541754558}},
    {6, CriticalPointKind::strict_saddle, 1, 5.646383966587951089,
     {-0.5554197271790323715, 0.32249327429744497448, 0.11520700409890450032, 0.023502770405030752173,
      0.010447901204664939987, 0.00010915863958243910419}},
    {7, CriticalPointKind::minimum, 0, 3.9836005364248539563,
     {-0.99172257256140554027, 0.99355539350337126447, 0.99217332159469211564, 0.98689876269031391697,
      0.97516475660887304132, 0.95143198270499267121, 0.90522281771395347342}},
    {7, CriticalPointKind::strict_saddle, 1, 6.636262507560018246,
     {-0.55537697676058874776, 0.32244648022243266486, 0.11517879975265271879, 0.023506126928869399464,
      0.010656973479399591367, 0.010013436716574877458, 0.00010026891487684986275}},
}};
// clang-format on

}  // namespace detail

template <Scalar S>
class Rosenbrock : public LandscapeInfo<S> {
 public:
  explicit Rosenbrock(Index n = 2, RosenbrockForm form = RosenbrockForm::chained)
      : LandscapeInfo<S>(saddle::detail::concat("rosenbrock (", form == RosenbrockForm::chained ? "chained" : "pairs",
                                                ", n = ", n, ")"),
                         n),
        form_(form) {
    constexpr auto owner = "landscapes::Rosenbrock";
    saddle::detail::require(owner, "n", n, saddle::detail::at_least(2));
    saddle::detail::require_one_of(owner, "form", form,
                                   {{RosenbrockForm::chained, "chained"}, {RosenbrockForm::pairs, "pairs"}});
    saddle::detail::require_that(form == RosenbrockForm::chained || n % 2 == 0, owner, "n",
                                 [n] { return saddle::detail::concat(n); },
                                 "n % 2 == 0 (required when form = pairs)");
    Vector<S> start(n);
    for (Index i = 0; i < n; ++i) {
      start[i] = i % 2 == 0 ? S(-1.2) : S(1);
    }
    this->start_points_.push_back(std::move(start));

    // The minimum (1, ..., 1). Pairs: identical 2x2 blocks [[802, -400], [-400, 200]], so
    // lambda_min = 501 - sqrt(301^2 + 400^2). Chained: the tridiagonal Hessian diag(802, 1002, ...,
    // 1002, 200) with off-diagonal -400, whose lambda_min belongs to an eigenvector that decays like
    // t^k, t = 400/802, away from the last coordinate (the bound state of its last row; lambda_min
    // tends to 400/802 as n grows). So for n > 64 the trailing 64 x 64 block has the same lambda_min
    // to far below long double rounding: by interlacing it is no smaller, and by the residual of the
    // eigenvector restricted to the block, 400 t^64 ~ 2e-17, larger by at most about its square over
    // the gap to the next eigenvalue (> 200). Bisection then costs O(1) instead of ~70 passes over n.
    long double lambda_min = 501.0L - std::sqrt(301.0L * 301.0L + 400.0L * 400.0L);
    if (form == RosenbrockForm::chained) {
      const Index m = std::min<Index>(n, 64);
      Vector<long double> diagonal(m);
      Vector<long double> off = Vector<long double>::Constant(m - 1, -400.0L);
      for (Index k = 0; k < m; ++k) {
        const Index i = n - m + k;
        diagonal[k] = (i + 1 < n ? 802.0L : 0.0L) + (i > 0 ? 200.0L : 0.0L);
      }
      lambda_min = detail::tridiagonal_lambda_min(diagonal, off);
    }
    this->critical_points_.push_back(
        detail::labelled<S>(Vector<S>::Ones(n), 0.0L, CriticalPointKind::minimum, 0, lambda_min));
    // Chained, 4 <= n <= 7: also the local minimum and the index-1 saddle (rosenbrock_chained_points).
    if (form == RosenbrockForm::chained) {
      for (const auto& known : detail::rosenbrock_chained_points) {
        if (known.n != n) {
          continue;
        }
        // The Hessian at the point is tridiagonal: lambda_min by Sturm bisection, in double.
        Vector<double> x(n);
        for (Index i = 0; i < n; ++i) {
          x[i] = known.x[static_cast<std::size_t>(i)];
        }
        Vector<double> diagonal(n);
        Vector<double> off(n - 1);
        for (Index i = 0; i < n; ++i) {
          diagonal[i] = (i + 1 < n ? 1200 * x[i] * x[i] - 400 * x[i + 1] + 2 : 0.0) + (i > 0 ? 200.0 : 0.0);
          if (i + 1 < n) {
            off[i] = -400 * x[i];
          }
        }
        this->critical_points_.push_back(detail::labelled<S>(x.cast<S>(), known.value, known.kind, known.index,
                                                             detail::tridiagonal_lambda_min(diagonal, off)));
      }
    }
    this->minimum_value_ = S(0);
  }

  [[nodiscard]] RosenbrockForm form() const { return form_; }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("Rosenbrock", this->dimension_, x.size(), "x");
    const Index n = x.size();
    g.resize(n);
    S f = S(0);
    if (form_ == RosenbrockForm::pairs) {
      for (Index i = 0; i + 1 < n; i += 2) {
        const S t = x[i + 1] - x[i] * x[i];
        const S u = S(1) - x[i];
        f += S(100) * t * t + u * u;
        g[i] = S(-400) * x[i] * t - S(2) * u;
        g[i + 1] = S(200) * t;
      }
      return f;
    }
    g.setZero();
    for (Index i = 0; i + 1 < n; ++i) {
      const S t = x[i + 1] - x[i] * x[i];
      const S u = S(1) - x[i];
      f += S(100) * t * t + u * u;
      g[i] += S(-400) * x[i] * t - S(2) * u;
      g[i + 1] += S(200) * t;
    }
    return f;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("Rosenbrock", this->dimension_, x.size(), "x");
    detail::require_dimension("Rosenbrock", this->dimension_, v.size(), "v");
    const Index n = x.size();
    hv.resize(n);
    if (form_ == RosenbrockForm::pairs) {
      for (Index i = 0; i + 1 < n; i += 2) {
        const S h11 = S(1200) * x[i] * x[i] - S(400) * x[i + 1] + S(2);
        const S h12 = S(-400) * x[i];
        hv[i] = h11 * v[i] + h12 * v[i + 1];
        hv[i + 1] = h12 * v[i] + S(200) * v[i + 1];
      }
      return;
    }
    hv.setZero();
    for (Index i = 0; i + 1 < n; ++i) {
      // The term of pair (i, i+1) contributes [[1200 x_i^2 - 400 x_{i+1} + 2, -400 x_i], [-400 x_i, 200]].
      const S h11 = S(1200) * x[i] * x[i] - S(400) * x[i + 1] + S(2);
      const S h12 = S(-400) * x[i];
      hv[i] += h11 * v[i] + h12 * v[i + 1];
      hv[i + 1] += h12 * v[i] + S(200) * v[i + 1];
    }
  }

 private:
  RosenbrockForm form_;
};

}  // namespace saddle::landscapes
