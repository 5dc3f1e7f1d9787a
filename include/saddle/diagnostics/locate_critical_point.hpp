// locate_critical_point(): the critical point near x — whatever its kind — by Newton's method on
// grad f = 0, so that a run that stalls can be judged by the point it is approaching rather than by
// the curvature where it happens to be.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>

#include "saddle/core/detail/dense_solvers.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/diagnostics/detail/input.hpp"
#include "saddle/second_order/hessian_vector.hpp"
#include "saddle/second_order/lanczos.hpp"

namespace saddle {

struct LocateCriticalPointOptions {
  std::int64_t max_iterations = 50;        // Newton steps at most; >= 1
  double gradient_reduction = 1e-8;        // located when |g| <= gradient_reduction |g(x)| ...; 0 <= . < 1
  double gradient_tolerance = 0.0;         // ... or when |g| <= gradient_tolerance (absolute); 0 <= . < inf
  double singular_tolerance = 1e-8;        // eigenvalues with |lambda| <= this * max |lambda| are left out of the
                                           // step (pseudo-inverse: manifolds of critical points); 0 <= . < 1
  std::int64_t dense_dimension = 500;      // d <= this: the step from the dense Hessian (d products); >= 0
  std::int64_t lanczos_iterations = 200;   // otherwise from a Lanczos run from g of at most this many products; >= 2
  HvpMethod hvp = HvpMethod::automatic;    // how Hessian-vector products are computed

  void validate() const {
    constexpr auto owner = "LocateCriticalPointOptions";
    detail::require(owner, "max_iterations", max_iterations, detail::at_least(1));
    detail::require(owner, "gradient_reduction", gradient_reduction, detail::closed_open(0, 1));
    detail::require(owner, "gradient_tolerance", gradient_tolerance, detail::closed_open(0, detail::infinity));
    detail::require(owner, "singular_tolerance", singular_tolerance, detail::closed_open(0, 1));
    detail::require(owner, "dense_dimension", dense_dimension, detail::at_least(0));
    detail::require(owner, "lanczos_iterations", lanczos_iterations, detail::at_least(2));
    detail::require_hvp_method(owner, "hvp", hvp);
  }
};

template <Scalar S>
struct LocatedCriticalPoint {
  Vector<S> x;                   // the point reached (the start when no step helped)
  bool converged = false;        // |g(x)| <= tolerance, or at its rounding level: a critical point was located
  S value = S(0);                // f(x)
  S gradient_norm = S(0);        // |g(x)|
  S start_gradient_norm = S(0);  // |g| at the start
  S tolerance = S(0);            // max(gradient_tolerance, gradient_reduction * start_gradient_norm)
  S distance = S(0);             // |x - start|
  S start_curvature = S(0);      // max |lambda| of the Hessian at the start (Lanczos: of its Ritz values); 0 if
                                 // the start was already exactly critical
  std::int64_t iterations = 0;   // Newton steps taken
  std::int64_t function_evaluations = 0;
  std::int64_t hvp_evaluations = 0;
  std::string message;           // why it stopped, with the numbers
};

// Newton's method for grad f = 0, safeguarded by backtracking on |g| (the step -H^+ g is a descent
// direction of |g|^2 / 2, whose gradient is H g): from x it converges to the critical point whose
// basin x lies in — minimum, saddle or maximum alike — quadratically when the Hessian there is
// nonsingular, linearly at a degenerate one (the monkey saddle halves the distance per step). Eigen-
// values below singular_tolerance (relative) are dropped from the step, so it also reaches
// manifolds of critical points (rotations of a factorization). It keeps stepping while |g| drops,
// even below the tolerance, so that a degenerate point is approached as closely as the budget allows;
// it stops when a step cannot reduce |g| (rounding), when g = 0, or after max_iterations. A point
// where the full step, shorter than sqrt(eps) |x|, does not reduce |g|, or where no step does
// although the Newton model promises it (|H p + g| <= |g| / 2), counts as located too: its
// gradient is at the rounding level of the arithmetic.
// For d > dense_dimension each step comes from Ritz pairs of a Lanczos run started at g (the
// Galerkin solution on the Krylov space). Throws std::invalid_argument for an empty or non-finite x
// or a NaN/Inf value or gradient at x.
template <class F, Scalar S>
LocatedCriticalPoint<S> locate_critical_point(F&& f, const Vector<S>& x, const LocateCriticalPointOptions& options = {}) {
  using Objective_ = std::remove_reference_t<F>;
  static_assert(Objective<Objective_, S>,
                "saddle::locate_critical_point: the objective must be callable as `S f(const Vector<S>& x, "
                "Vector<S>& g)`");
  options.validate();
  constexpr auto function = "locate_critical_point";
  detail::require_point(function, x);
  const Index n = x.size();
  LocatedCriticalPoint<S> out;
  out.x = x;
  Vector<S> g(n);
  out.value = detail::evaluate(f, x, g);
  out.function_evaluations = 1;
  detail::require_finite_evaluation(function, out.value, g);
  out.start_gradient_norm = out.gradient_norm = g.norm();
  out.tolerance = std::max(static_cast<S>(options.gradient_tolerance),
                           static_cast<S>(options.gradient_reduction) * out.start_gradient_norm);

  HessianVectorProduct<Objective_, S> hvp(f, options.hvp);
  const bool dense = n <= options.dense_dimension;
  Matrix<S> h;
  Vector<S> column;
  Vector<S> unit;
  if (dense) {
    h.resize(n, n);
    column.resize(n);
    unit = Vector<S>::Zero(n);
  }
  std::optional<Lanczos<S>> lanczos;
  if (!dense) {
    lanczos.emplace(n, LanczosOptions{.max_iterations = options.lanczos_iterations, .tolerance = 1e-10,
                                      .which = Spectrum::both_ends});
  }
  Vector<S> weights;
  Vector<S> step(n);
  Vector<S> trial(n);
  Vector<S> trial_g(n);
  std::string why = detail::concat("the budget of ", options.max_iterations, " Newton steps ran out");
  bool rounding_level = false;
  for (std::int64_t k = 0; k < options.max_iterations; ++k) {
    if (out.gradient_norm == S(0)) {
      why = "g = 0 exactly";
      break;
    }
    // The step -H^+ g over the eigenpairs whose |lambda| passes the singular cut.
    S largest = S(0);
    if (dense) {
      for (Index j = 0; j < n; ++j) {
        unit[j] = S(1);
        hvp(out.x, unit, column);
        h.col(j) = column;
        unit[j] = S(0);
      }
      if (!h.allFinite()) {
        why = "the Hessian is not finite here";
        break;
      }
      const auto eig = detail::symmetric_eigen<S>(S(0.5) * (h + h.transpose()), true);
      const auto& lambda = eig.values;
      largest = std::max(std::abs(lambda[0]), std::abs(lambda[n - 1]));
      const S cut = static_cast<S>(options.singular_tolerance) * largest;
      weights = eig.vectors.transpose() * g;
      for (Index i = 0; i < n; ++i) {
        weights[i] = std::abs(lambda[i]) > cut ? -weights[i] / lambda[i] : S(0);
      }
      step.noalias() = eig.vectors * weights;
    } else {
      lanczos->run([&](const Vector<S>& v, Vector<S>& hv) { hvp(out.x, v, hv); }, g);
      const Index m = lanczos->iterations();
      const auto lambda = lanczos->values();
      largest = std::max(std::abs(lambda[0]), std::abs(lambda[m - 1]));
      const S cut = static_cast<S>(options.singular_tolerance) * largest;
      weights.resize(m);
      for (Index i = 0; i < m; ++i) {  // Ritz vector i has y_i^T g = |g| s_{0i}
        weights[i] = std::abs(lambda[i]) > cut ? -out.gradient_norm * lanczos->first_components()[i] / lambda[i] : S(0);
      }
      lanczos->ritz_combination(weights, step);
    }
    if (k == 0) {
      out.start_curvature = largest;
    }
    if (!step.allFinite() || step.norm() == S(0)) {
      why = "the Newton step vanishes (the gradient lies in the Hessian's null space)";
      break;
    }
    // Backtracking: accept the first t = 1, 1/2, ... with |g(x + t p)| <= (1 - 1e-4 t) |g(x)|. Once
    // located, only full steps that halve |g| go on (a degenerate point's linear convergence), so
    // that rounding noise does not keep the iteration busy.
    // A full step that fails although it is below sqrt(eps) |x| is rounding noise, not a model to
    // distrust: no backtracking then (it would only chase the noise).
    const bool polishing = out.gradient_norm <= out.tolerance;
    const bool microscopic = step.norm() <= std::sqrt(std::numeric_limits<S>::epsilon()) * out.x.norm();
    bool accepted = false;
    S t = S(1);
    for (int halving = 0; halving < (polishing || microscopic ? 1 : 40) && !accepted; ++halving, t /= S(2)) {
      trial = out.x + t * step;
      const S value = detail::evaluate(f, trial, trial_g);
      ++out.function_evaluations;
      const S norm = trial_g.norm();
      const S bound = polishing ? S(0.5) * out.gradient_norm : (S(1) - S(1e-4) * t) * out.gradient_norm;
      if (std::isfinite(value) && std::isfinite(norm) && norm <= bound) {
        out.x.swap(trial);
        g.swap(trial_g);
        out.value = value;
        out.gradient_norm = norm;
        accepted = true;
      }
    }
    if (!accepted) {
      if (polishing) {
        why = "a full Newton step no longer halves |g|";
        break;
      }
      if (microscopic) {
        rounding_level = true;
        why = "the Newton step is below sqrt(eps) |x| and does not reduce |g|: its rounding level";
        break;
      }
      // No step reduces |g| although the model promises to (|H p + g| <= |g| / 2): the gradient
      // is at its rounding level, and x is as critical as the arithmetic can tell.
      if (dense) {
        trial_g.noalias() = h * step;
      } else {
        hvp(out.x, step, trial_g);
      }
      rounding_level = (trial_g + g).norm() <= S(0.5) * out.gradient_norm;
      why = rounding_level ? "no step reduces |g| any more: its rounding level"
                           : "no step along -H^+ g reduces |g| (the Newton model fails here)";
      break;
    }
    ++out.iterations;
  }
  out.converged = out.gradient_norm <= out.tolerance || rounding_level;
  out.distance = (out.x - x).norm();
  out.hvp_evaluations = hvp.products();
  out.message = detail::concat(out.converged ? "located" : "not located", ": |g| = ", out.gradient_norm,
                               out.gradient_norm <= out.tolerance ? " <= " : " > ", out.tolerance, " after ",
                               out.iterations,
                               " Newton steps, at distance ", out.distance, " (", why, ")");
  return out;
}

}  // namespace saddle
