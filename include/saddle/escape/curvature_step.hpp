// The negative-curvature step shared by the saddle guard and negative-curvature descent: certify a
// point by Lanczos on Hessian-vector products, and where a negative eigenvalue is certified, step
// along its eigenvector (2|lambda|/rho when rho is known, else by backtracking on the curvature model).
#pragma once

#include <cmath>
#include <cstdint>

#include "saddle/core/minimize.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/second_order/curvature_certificate.hpp"
#include "saddle/second_order/hessian_vector.hpp"
#include "saddle/second_order/lanczos.hpp"

namespace saddle {

struct CurvatureStepOptions {
  double curvature_tolerance = 1e-6;     // eps_H: an eigenvalue certified below -eps_H is negative curvature; >= 0
  std::int64_t lanczos_iterations = 50;  // Hessian-vector products per certificate at most; >= 1
  double lanczos_tolerance = 1e-6;       // relative Ritz residual at which a probe stops; >= 0
  // rho, the Hessian's Lipschitz constant when known: the step is 2 |lambda| / rho along the eigenvector
  // (Nesterov & Polyak 2006: f falls by at least 2 |lambda|^3 / (3 rho^2)); 0: unknown, and the length
  // is found by backtracking from initial_step; >= 0
  double hessian_lipschitz = 0.0;
  double initial_step = 1.0;             // first trial length of the backtracking; > 0
  std::int64_t max_step_trials = 60;     // halvings of the trial length at most; >= 1
  HvpMethod hvp = HvpMethod::automatic;  // how Hessian-vector products are computed
  std::uint64_t seed = 0;                // Lanczos start vectors (probe i uses seed + i)

  void validate(const char* owner = "CurvatureStepOptions") const {
    detail::require(owner, "curvature_tolerance", curvature_tolerance, detail::closed_open(0, detail::infinity));
    detail::require(owner, "lanczos_iterations", lanczos_iterations, detail::at_least(1));
    detail::require(owner, "lanczos_tolerance", lanczos_tolerance, detail::closed_open(0, detail::infinity));
    detail::require(owner, "hessian_lipschitz", hessian_lipschitz, detail::closed_open(0, detail::infinity));
    detail::require(owner, "initial_step", initial_step, detail::open(0, detail::infinity));
    detail::require(owner, "max_step_trials", max_step_trials, detail::at_least(1));
  }
};

namespace detail {

// Probe number `probe` of the Hessian at x: the certificate, and in `v` the unit eigenvector of the
// smallest Ritz value. A NaN/Inf product sets certificate.non_finite (the caller ends the run).
template <Scalar S, class Product>
CurvatureCertificate<S> probe_curvature(Product& hvp, const Vector<S>& x, const CurvatureStepOptions& o,
                                        std::int64_t probe, Vector<S>& v) {
  auto raw = [&hvp, &x](const Vector<S>& u, Vector<S>& hu) { hvp(x, u, hu); };
  bool bad = false;
  auto product = finite_product(raw, bad);
  const auto result = lanczos<S>(product, x.size(),
                                 {.max_iterations = o.lanczos_iterations,
                                  .tolerance = o.lanczos_tolerance,
                                  .seed = o.seed + static_cast<std::uint64_t>(probe)});
  v = result.vectors.col(0);
  CurvatureCertificate<S> c = certify(result, o.curvature_tolerance);
  if (bad) {
    c.non_finite = true;
    c.kind = CriticalPointKind::not_critical;
  }
  return c;
}

// The step from x (where f = value, gradient g) along +-v, the unit eigenvector of lambda < 0: the
// sign makes g.(s v) <= 0; the length is 2|lambda|/rho (accepted if f decreases, else halved), or the
// first of t0, t0/2, ... with f(x + t s v) <= f + t s g.v + t^2 lambda / 4 (half the decrease the
// curvature predicts). On success x, value and g hold the new point and true is returned; trial and
// trial_g are work space. Every evaluation is counted in `counts`.
template <class F, Scalar S>
bool negative_curvature_step(F& f, Vector<S>& x, S& value, Vector<S>& g, Vector<S>& v, S lambda,
                             const CurvatureStepOptions& o, Result<S>& counts, Vector<S>& trial,
                             Vector<S>& trial_g) {
  if (g.dot(v) > S(0)) {
    v = -v;
  }
  const S slope = g.dot(v);
  const bool known_rho = o.hessian_lipschitz > 0;
  S t = known_rho ? S(2) * std::abs(lambda) / static_cast<S>(o.hessian_lipschitz) : static_cast<S>(o.initial_step);
  for (std::int64_t trial_number = 0; trial_number < o.max_step_trials; ++trial_number, t *= S(0.5)) {
    trial = x + t * v;
    const S trial_value = evaluate(f, trial, trial_g);
    ++counts.function_evaluations;
    ++counts.gradient_evaluations;
    if (!describe_non_finite(trial_value, trial_g).empty()) {
      continue;
    }
    const bool model_decrease = trial_value <= value + t * slope + S(0.25) * t * t * lambda;
    if (model_decrease || (known_rho && trial_value < value)) {
      x = trial;
      g = trial_g;
      value = trial_value;
      return true;
    }
  }
  return false;
}

}  // namespace detail

}  // namespace saddle
