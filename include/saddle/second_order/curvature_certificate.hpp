// CurvatureCertificate: what a Lanczos probe at a point with a small gradient says about it —
// a certified strict saddle (with the direction to leave along), or a second-order point — in
// the terms Result reports (kind, lambda_min). Shared by every method that certifies its end point.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>

#include "saddle/core/critical_point_kind.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/types.hpp"
#include "saddle/second_order/lanczos.hpp"

namespace saddle {

template <Scalar S>
struct CurvatureCertificate {
  CriticalPointKind kind = CriticalPointKind::degenerate;
  S lambda_min = S(0);  // the smallest Ritz value theta_1 (an upper bound on the smallest eigenvalue)
  S residual = S(0);    // |H y - theta_1 y|: an eigenvalue of H lies in [theta_1 - residual, theta_1 + residual]
  std::int64_t products = 0;
  bool non_finite = false;  // a product was NaN/Inf: no verdict (kind is not_critical)
  // lambda_min >= lower_bound: exactly theta_1 when the Krylov space is invariant, else with probability
  // 1 - failure (detail::lanczos_lower_bound); -inf at a strict saddle or when the probe was too short.
  S lower_bound = -std::numeric_limits<S>::infinity();
  // The probe proved no negative curvature, and its bound on lambda_min is below -tolerance (or there
  // is none): no verdict. (theta_1 only bounds lambda_min from above, and an unconverged residual
  // bounds the distance to *some* eigenvalue, not to the smallest.) kind is degenerate, meaning nothing.
  bool inconclusive = false;

  // True when an eigenvalue below -tolerance is proved: theta_1 + residual < -tolerance.
  [[nodiscard]] bool negative() const {
    return !non_finite && (kind == CriticalPointKind::strict_saddle || kind == CriticalPointKind::maximum);
  }
};

namespace detail {

// Wraps a product hv = H v so that a NaN/Inf in hv sets `bad` and is replaced by zeros: Lanczos then
// ends normally (it refuses non-finite products by throwing), and the caller reports the run as
// non_finite instead of letting an algorithmic outcome escape as an exception.
template <class Product>
auto finite_product(Product& product, bool& bad) {
  return [&product, &bad](const auto& v, auto& hv) {
    product(v, hv);
    if (!hv.allFinite()) {
      bad = true;
      hv.setZero();
    }
  };
}

// Reads a probe of the Hessian at a point whose gradient is (near) zero.
// - An eigenvalue in [theta_1 - r_1, theta_1 + r_1] entirely below -tolerance proves a strict saddle (a
//   maximum when the Krylov space is the whole space and even its largest value is proved negative),
//   whatever else the probe did.
// - Else, when the Krylov space is invariant (the whole space, or a start vector in an invariant
//   subspace: H has at most k distinct eigenvalues), the Ritz values are eigenvalues and theta_1 =
//   lambda_min (with probability 1 for a random start): a minimum when theta_1 > tolerance, degenerate
//   otherwise.
// - Else the verdict rests on lanczos_lower_bound (probability 1 - failure): a minimum when the bound is
//   above tolerance, degenerate when it is within [-tolerance, tolerance], and no verdict
//   (inconclusive) when it is below: an unconverged residual bounds the distance to *some* eigenvalue,
//   not to the smallest, and theta_1 only bounds lambda_min from above.
// values/residuals: the Ritz values (ascending) and their residual bounds; iterations: the Krylov
// dimension reached (the products spent) out of n.
template <Scalar S, class Values, class Residuals>
CurvatureCertificate<S> certify(const Values& values, const Residuals& residuals, std::int64_t iterations, Index n,
                                bool invariant, double tolerance, double failure) {
  CurvatureCertificate<S> c;
  c.lambda_min = values[0];
  c.residual = residuals[0];
  c.products = iterations;
  const S tol = static_cast<S>(tolerance);
  const Index last = values.size() - 1;
  if (c.lambda_min + c.residual < -tol) {
    // A maximum only when the Krylov space is the whole space and every value in it is negative.
    const bool whole_space = iterations == n;
    const bool all_negative = whole_space && values[last] + residuals[last] < -tol;
    c.kind = all_negative ? CriticalPointKind::maximum : CriticalPointKind::strict_saddle;
    return c;
  }
  const std::optional<S> lower =
      invariant ? std::optional<S>(c.lambda_min)
                : lanczos_lower_bound<S>(values[0], values[last], iterations, n, failure);
  if (!lower || *lower < -tol) {
    c.kind = CriticalPointKind::degenerate;
    c.inconclusive = true;
    c.lower_bound = lower ? *lower : -std::numeric_limits<S>::infinity();
    return c;
  }
  c.lower_bound = *lower;
  c.kind = *lower > tol ? CriticalPointKind::minimum : CriticalPointKind::degenerate;
  return c;
}

template <Scalar S>
CurvatureCertificate<S> certify(const LanczosResult<S>& probe, double tolerance, double failure) {
  return certify<S>(probe.values, probe.residuals, probe.iterations, probe.vectors.rows(), probe.invariant,
                    tolerance, failure);
}

// The same from a Lanczos workspace after run().
template <Scalar S>
CurvatureCertificate<S> certify(const Lanczos<S>& probe, double tolerance, double failure) {
  return certify<S>(probe.values(), probe.residuals(), probe.iterations(), probe.dimension(), probe.invariant(),
                    tolerance, failure);
}

// "lambda_min = theta +- r (k Lanczos products)": a certificate in a message.
template <Scalar S>
std::string describe(const CurvatureCertificate<S>& c) {
  if (std::isfinite(c.lower_bound)) {
    return concat("lambda_min = ", c.lambda_min, " +- ", c.residual, ", >= ", c.lower_bound, " (", c.products,
                  " Lanczos products)");
  }
  return concat("lambda_min = ", c.lambda_min, " +- ", c.residual, " (", c.products, " Lanczos products)");
}

}  // namespace detail

}  // namespace saddle
