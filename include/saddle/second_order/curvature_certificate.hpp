// CurvatureCertificate: what a Lanczos probe at a point with a small gradient says about it —
// a certified strict saddle (with the direction to leave along), or a second-order point — in
// the terms Result reports (kind, lambda_min). Shared by every method that certifies its end point.
#pragma once

#include <algorithm>
#include <cstdint>
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
  // The probe ran out of products before its smallest Ritz pair converged, and proved no negative
  // curvature: no verdict. (theta_1 only bounds lambda_min from above, and an unconverged residual
  // bounds the distance to *some* eigenvalue, not to the smallest.) kind is degenerate, meaning nothing.
  bool inconclusive = false;

  // True when an eigenvalue below -tolerance is proved: theta_1 + residual < -tolerance.
  [[nodiscard]] bool negative() const {
    return !non_finite && (kind == CriticalPointKind::strict_saddle || kind == CriticalPointKind::maximum);
  }
  // True when the probe says second order: converged, and no eigenvalue proved below -tolerance.
  [[nodiscard]] bool second_order() const { return !non_finite && !inconclusive && !negative(); }
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

// Reads a probe of the Hessian at a point whose gradient is (near) zero. An eigenvalue in
// [theta - r, theta + r] entirely below -tolerance certifies a strict saddle (a maximum when even the
// largest Ritz value is certified negative) — whether or not the probe converged. Otherwise, only a
// converged probe (its smallest Ritz pair met its tolerance, or the space is invariant) gives a verdict:
// a minimum when theta - r > tolerance, degenerate otherwise; an unconverged one is inconclusive. (It says maximum only when the
// Krylov space spans the whole space and all of it is certified negative.) Lanczos from a random start finds
// the smallest eigenvalue with probability 1, but a probe of few products can over-estimate it, which
// is why the negative verdict is the proved one.
// values/residuals: the Ritz values (ascending) and their residual bounds; iterations: the Krylov
// dimension reached (the products spent) out of n.
template <Scalar S, class Values, class Residuals>
CurvatureCertificate<S> certify(const Values& values, const Residuals& residuals, std::int64_t iterations, Index n,
                                bool converged, double tolerance) {
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
  } else if (!converged) {
    c.kind = CriticalPointKind::degenerate;
    c.inconclusive = true;
  } else if (c.lambda_min - c.residual > tol) {
    c.kind = CriticalPointKind::minimum;
  } else {
    c.kind = CriticalPointKind::degenerate;
  }
  return c;
}

template <Scalar S>
CurvatureCertificate<S> certify(const LanczosResult<S>& probe, double tolerance) {
  return certify<S>(probe.values, probe.residuals, probe.iterations, probe.vectors.rows(), probe.converged,
                    tolerance);
}

// The same from a Lanczos workspace after run().
template <Scalar S>
CurvatureCertificate<S> certify(const Lanczos<S>& probe, double tolerance) {
  return certify<S>(probe.values(), probe.residuals(), probe.iterations(), probe.dimension(), probe.converged(),
                    tolerance);
}

// "lambda_min = theta +- r (k Lanczos products)": a certificate in a message.
template <Scalar S>
std::string describe(const CurvatureCertificate<S>& c) {
  return concat("lambda_min = ", c.lambda_min, " +- ", c.residual, " (", c.products, " Lanczos products",
                c.inconclusive ? ", not converged" : "", ")");
}

}  // namespace detail

}  // namespace saddle
