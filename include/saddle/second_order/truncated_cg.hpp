// Truncated conjugate gradient (Steihaug 1983, Toint 1981) on Hessian-vector products: solves
// (H + damping I) p = -g approximately, stopping on the forcing tolerance, on the trust-region
// boundary, on negative curvature — returning the direction it met as data (the saddle toolkit
// steps along it) — or on Martens' relative-progress rule; optionally warm-started, with a hook
// that sees every iterate (Hessian-free Newton keeps some for backtracking). The one CG of saddle:
// the trust region and Newton-CG both call it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string_view>
#include <vector>

#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

enum class CGStatus {
  converged,           // |r| <= tolerance: the (damped) Newton step to the requested accuracy
  boundary,            // the iterate reached the trust-region radius: p is on the boundary
  negative_curvature,  // d^T (H + damping I) d <= 0 for a CG direction d: p follows it (to the boundary)
  max_iterations,      // iteration budget spent; p is the last iterate
  progress,            // Martens' rule: the model's relative progress over the last iterations was small
};

[[nodiscard]] constexpr std::string_view to_string(CGStatus status) {
  switch (status) {
    case CGStatus::converged: return "converged";
    case CGStatus::boundary: return "boundary";
    case CGStatus::negative_curvature: return "negative_curvature";
    case CGStatus::max_iterations: return "max_iterations";
    case CGStatus::progress: return "progress";
  }
  return "unknown";
}

struct TruncatedCGOptions {
  double tolerance = 0.0;  // stop when |r| <= tolerance (absolute; callers pass a forcing term eta |g|); 0 <= it < inf
  std::int64_t max_iterations = 0;  // CG iterations at most (one product each); 0: the dimension n; >= 0
  double radius = std::numeric_limits<double>::infinity();  // trust-region radius; > 0 (inf: none)
  double damping = 0.0;    // lambda in (H + lambda I); 0 <= damping < inf
  // Martens (2010), section 4.4: stop at iteration i once phi_i < 0 and
  // (phi_i - phi_{i-k}) / phi_i < k * progress_tolerance, k = max(10, floor(0.1 i)); 0: off; 0 <= it < inf
  double progress_tolerance = 0.0;
  // Start from the p passed in (Martens' warm start) instead of 0; when m(p) >= 0 there, start from 0
  // after all (then every iterate has m < 0, so g^T p < 0: a descent direction). Costs one product.
  bool warm_start = false;

  void validate() const {
    detail::require("TruncatedCGOptions", "tolerance", tolerance, detail::closed_open(0, detail::infinity));
    detail::require("TruncatedCGOptions", "max_iterations", max_iterations, detail::at_least(0));
    detail::require("TruncatedCGOptions", "radius", radius, detail::greater_than(0));
    detail::require("TruncatedCGOptions", "damping", damping, detail::closed_open(0, detail::infinity));
    detail::require("TruncatedCGOptions", "progress_tolerance", progress_tolerance,
                    detail::closed_open(0, detail::infinity));
  }
};

template <Scalar S>
struct CGResult {
  CGStatus status = CGStatus::converged;
  std::int64_t iterations = 0;    // Hessian-vector products (CG iterations, and the warm start's one)
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
  // The default iterate hook: does nothing.
  struct NoHook {
    void operator()(std::int64_t /*i*/, const Vector<S>& /*p*/, S /*model_value*/) const {}
  };

  // Approximately minimizes m(p) = g^T p + p^T (H + lambda I) p / 2 over |p| <= radius, starting
  // from p = 0 (Steihaug's algorithm, Nocedal & Wright 2006, Algorithm 7.2) or from p itself
  // (warm_start). `hvp(v, hv)` computes hv = H v. Without a trust region (radius = inf), negative
  // curvature at the first iteration returns p = -g (steepest descent), later the last iterate, as
  // line-search Newton-CG does; with warm_start p is always the iterate where it was met (the
  // caller, who asked for the warm start, decides what to do with the direction). `on_iterate(i, p, m)` sees iterate i >= 1
  // and its model value (not called for the point where the search stops on the boundary or on
  // negative curvature).
  template <class Operator, class OnIterate = NoHook>
  CGResult<S> solve(Operator&& hvp, const Vector<S>& g, Vector<S>& p, const TruncatedCGOptions& options,
                    OnIterate&& on_iterate = {}) {
    options.validate();
    const Index n = g.size();
    r_.resize(n);
    d_.resize(n);
    hd_.resize(n);
    direction_.resize(n);
    CGResult<S> result;
    const S damping = static_cast<S>(options.damping);
    const bool warm = options.warm_start && p.size() == n && p.squaredNorm() > S(0);
    if (warm) {
      hvp(p, hd_);
      ++result.iterations;
      r_ = hd_ + damping * p + g;  // r = (H + lambda I) p + g
      // m(p) = g^T p + p^T A p / 2 = (g^T p + r^T p) / 2, as p^T A p = p^T (r - g).
      result.model_value = S(0.5) * (g.dot(p) + r_.dot(p));
    }
    if (!warm || !(result.model_value < S(0))) {
      p.setZero(n);
      r_ = g;
      result.model_value = S(0);
    }
    d_ = -r_;
    const S tolerance = static_cast<S>(options.tolerance);
    const S radius = static_cast<S>(options.radius);
    const bool bounded = std::isfinite(options.radius);
    const std::int64_t max_iterations = options.max_iterations > 0 ? options.max_iterations : n;
    const bool progress_rule = options.progress_tolerance > 0;
    if (progress_rule) {
      model_history_.clear();
      model_history_.reserve(static_cast<std::size_t>(max_iterations) + 1);
      model_history_.push_back(result.model_value);
    }
    S rr = r_.squaredNorm();
    result.residual_norm = std::sqrt(rr);
    if (result.residual_norm <= tolerance) {
      return result;  // p already solves to tolerance (g ~ 0)
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
        } else if (j == 0 && !options.warm_start) {
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
      const auto i = j + 1;
      on_iterate(i, static_cast<const Vector<S>&>(p), result.model_value);
      if (result.residual_norm <= tolerance) {
        result.status = CGStatus::converged;
        return result;
      }
      if (progress_rule) {
        model_history_.push_back(result.model_value);
        const auto window = std::max<std::int64_t>(10, static_cast<std::int64_t>(0.1 * static_cast<double>(i)));
        if (i > window && result.model_value < S(0)) {
          const S earlier = model_history_[static_cast<std::size_t>(i - window)];
          if ((result.model_value - earlier) / result.model_value <
              static_cast<S>(window) * static_cast<S>(options.progress_tolerance)) {
            result.status = CGStatus::progress;
            return result;
          }
        }
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
  std::vector<S> model_history_;  // phi_0, phi_1, ... for the progress rule (reserved once per size)
};

}  // namespace saddle
