// Truncated conjugate gradient (Steihaug 1983, Toint 1981) on Hessian-vector products: solves
// (H + damping I) p = -g approximately, stopping on the forcing tolerance, on the trust-region
// boundary or on negative curvature — and returns the negative-curvature direction it met as
// data (the saddle toolkit steps along it).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>

#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

enum class CGStatus {
  converged,           // |r| <= tolerance: the (damped) Newton step to the requested accuracy
  boundary,            // the iterate reached the trust-region radius: p is on the boundary
  negative_curvature,  // d^T (H + damping I) d <= 0 for a CG direction d: p follows it (to the boundary)
  max_iterations,      // iteration budget spent; p is the last iterate
};

[[nodiscard]] constexpr std::string_view to_string(CGStatus status) {
  switch (status) {
    case CGStatus::converged: return "converged";
    case CGStatus::boundary: return "boundary";
    case CGStatus::negative_curvature: return "negative_curvature";
    case CGStatus::max_iterations: return "max_iterations";
  }
  return "unknown";
}

struct TruncatedCGOptions {
  double tolerance = 0.0;  // stop when |r| <= tolerance (absolute; callers pass a forcing term eta |g|); >= 0
  std::int64_t max_iterations = 0;  // CG iterations at most (one product each); 0: the dimension n; >= 0
  double radius = std::numeric_limits<double>::infinity();  // trust-region radius; > 0 (inf: none)
  double damping = 0.0;    // lambda in (H + lambda I); >= 0

  void validate() const {
    detail::require("TruncatedCGOptions", "tolerance", tolerance, detail::closed_open(0, detail::infinity));
    detail::require("TruncatedCGOptions", "max_iterations", max_iterations, detail::at_least(0));
    detail::require("TruncatedCGOptions", "radius", radius, detail::greater_than(0));
    detail::require("TruncatedCGOptions", "damping", damping, detail::closed_open(0, detail::infinity));
  }
};

template <Scalar S>
struct CGResult {
  CGStatus status = CGStatus::converged;
  std::int64_t iterations = 0;    // CG iterations = Hessian-vector products
  S residual_norm = S(0);         // |(H + lambda I) p + g| of the returned p (of the last iterate inside)
  S model_value = S(0);           // m(p) = g^T p + p^T (H + lambda I) p / 2 (< 0 when p is a descent step)
  // When status is negative_curvature: d^T (H + lambda I) d / |d|^2 <= 0 for the direction d met,
  // which TruncatedCG::negative_curvature_direction() holds (unit length).
  S curvature = S(0);
};

// Truncated CG with its work vectors, reusable across calls without allocating (after the first
// call for a given dimension).
template <Scalar S>
class TruncatedCG {
 public:
  // Approximately minimizes m(p) = g^T p + p^T (H + lambda I) p / 2 over |p| <= radius, starting
  // from p = 0 (Steihaug's algorithm, Nocedal & Wright 2006, Algorithm 7.2). `hvp(v, hv)` computes
  // hv = H v. Without a trust region (radius = inf), negative curvature at the first iteration
  // returns p = -g (steepest descent), later the last iterate, as line-search Newton-CG does.
  template <class Operator>
  CGResult<S> solve(Operator&& hvp, const Vector<S>& g, Vector<S>& p, const TruncatedCGOptions& options) {
    options.validate();
    const Index n = g.size();
    r_.resize(n);
    d_.resize(n);
    hd_.resize(n);
    direction_.resize(n);
    p.setZero(n);
    r_ = g;  // r = (H + lambda I) p + g
    d_ = -r_;
    CGResult<S> result;
    const S tolerance = static_cast<S>(options.tolerance);
    const S radius = static_cast<S>(options.radius);
    const S damping = static_cast<S>(options.damping);
    const bool bounded = std::isfinite(options.radius);
    const std::int64_t max_iterations = options.max_iterations > 0 ? options.max_iterations : n;
    S rr = r_.squaredNorm();
    result.residual_norm = std::sqrt(rr);
    if (result.residual_norm <= tolerance) {
      return result;  // p = 0 already solves to tolerance (g ~ 0)
    }
    for (std::int64_t j = 0; j < max_iterations; ++j) {
      hvp(d_, hd_);
      if (damping != S(0)) {
        hd_ += damping * d_;
      }
      ++result.iterations;
      const S curvature = d_.dot(hd_);
      if (!(curvature > S(0))) {  // also catches NaN
        result.status = CGStatus::negative_curvature;
        result.curvature = curvature / d_.squaredNorm();
        direction_ = d_ / d_.norm();
        if (bounded) {
          follow_to_boundary(p, radius, curvature, result);
        } else if (j == 0) {
          p = -g;
          result.model_value = -rr + S(0.5) * curvature;  // m(-g) with d = -g
        }
        return result;
      }
      const S alpha = rr / curvature;
      if (bounded && (p + alpha * d_).norm() >= radius) {
        result.status = CGStatus::boundary;
        follow_to_boundary(p, radius, curvature, result);
        return result;
      }
      // m(p + alpha d) = m(p) + alpha r^T d + alpha^2 kappa / 2, and r^T d = -r^T r here.
      result.model_value += -alpha * rr + S(0.5) * alpha * alpha * curvature;
      p += alpha * d_;
      r_ += alpha * hd_;
      const S rr_next = r_.squaredNorm();
      result.residual_norm = std::sqrt(rr_next);
      if (result.residual_norm <= tolerance) {
        result.status = CGStatus::converged;
        return result;
      }
      d_ = -r_ + (rr_next / rr) * d_;
      rr = rr_next;
    }
    result.status = CGStatus::max_iterations;
    return result;
  }

  // The unit negative-curvature direction of the last solve that ended with negative_curvature
  // (valid until the next solve).
  [[nodiscard]] const Vector<S>& negative_curvature_direction() const { return direction_; }

 private:
  // Moves p along d_ to the boundary |p + tau d| = radius (tau >= 0) and updates the model value
  // m(p + tau d) = m(p) + tau r^T d + tau^2 kappa / 2.
  void follow_to_boundary(Vector<S>& p, S radius, S curvature, CGResult<S>& result) {
    const S dd = d_.squaredNorm();
    const S pd = p.dot(d_);
    const S pp = p.squaredNorm();
    const S tau = (-pd + std::sqrt(pd * pd + dd * (radius * radius - pp))) / dd;
    result.model_value += tau * r_.dot(d_) + S(0.5) * tau * tau * curvature;
    p += tau * d_;
  }

  Vector<S> r_;
  Vector<S> d_;
  Vector<S> hd_;
  Vector<S> direction_;
};

}  // namespace saddle
