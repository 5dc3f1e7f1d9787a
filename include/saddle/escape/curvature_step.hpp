// The probe-and-step shared by every method that certifies where its gradient is small (the saddle
// guard, negative-curvature descent, saddle-free Newton, cubic regularization): certify a point by
// Lanczos on Hessian-vector products, and where a negative eigenvalue is certified, step along its
// eigenvector (2|lambda|/rho when rho is known, else by backtracking on the curvature model).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "saddle/core/format.hpp"
#include "saddle/core/minimize.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/second_order/curvature_certificate.hpp"
#include "saddle/second_order/hessian_vector.hpp"
#include "saddle/second_order/lanczos.hpp"

namespace saddle {

struct CurvatureStepOptions {
  double curvature_tolerance = 1e-6;      // eps_H: an eigenvalue certified below -eps_H is negative curvature;
                                          // 0 <= it < inf
  std::int64_t lanczos_iterations = 200;  // Hessian-vector products per certificate at most; >= 1
  // A probe that proves no negative curvature says second order when lambda_min >= -eps_H holds with
  // probability >= 1 - failure_probability (Kuczynski & Wozniakowski's bound for a random start;
  // exact when the Krylov space is invariant); 0 < it < 1
  double failure_probability = 1e-3;
  // rho, the Hessian's Lipschitz constant when known: the step is 2 |lambda| / rho along the eigenvector
  // (Nesterov & Polyak 2006: f falls by at least 2 |lambda|^3 / (3 rho^2)); 0: unknown, and the length
  // is found by backtracking from initial_step; 0 <= it < inf
  double hessian_lipschitz = 0.0;
  double initial_step = 1.0;             // first trial length of the backtracking; 0 < it < inf
  std::int64_t max_step_trials = 60;     // halvings of the trial length at most; >= 1
  // true: a probe stops as soon as it proves an eigenvalue below -eps_H, and its direction v has
  // v^T H v < -eps_H (Carmon et al.: O(sqrt(L / eps_H)) products); false: it runs on (to
  // lanczos_iterations, or an invariant space) for the most negative direction. Either way a probe
  // stops once it bounds lambda_min above eps_H (a minimum).
  bool early_stop = true;
  HvpMethod hvp = HvpMethod::automatic;  // how Hessian-vector products are computed
  std::uint64_t seed = 0;                // Lanczos start vectors (probe i uses seed + i)

  void validate(const char* owner = "CurvatureStepOptions") const {
    detail::require(owner, "curvature_tolerance", curvature_tolerance, detail::closed_open(0, detail::infinity));
    detail::require(owner, "lanczos_iterations", lanczos_iterations, detail::at_least(1));
    detail::require(owner, "failure_probability", failure_probability, detail::open(0, 1));
    detail::require(owner, "hessian_lipschitz", hessian_lipschitz, detail::closed_open(0, detail::infinity));
    detail::require(owner, "initial_step", initial_step, detail::open(0, detail::infinity));
    detail::require(owner, "max_step_trials", max_step_trials, detail::at_least(1));
    detail::require_hvp_method(owner, "hvp", hvp);
  }
};

namespace detail {

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

// What a probe at a small gradient led to.
enum class ProbeOutcome {
  non_finite,    // a Hessian-vector product was NaN/Inf: no verdict, the run ends non_finite
  inconclusive,  // the probe ran out of products unconverged, with no negative curvature proved: the run
                 // ends converged_gradient (first order only), kind unset
  second_order,  // a converged probe, no eigenvalue certified below -eps_H: the run ends converged_second_order
  escaped,       // a strict saddle, left along its negative curvature: x, value and g are the new point
  stuck,         // a strict saddle that no step along its negative curvature could leave: saddle_point
};

// The curvature probes of one method's run, and the Lanczos workspace they (and the method's Krylov
// subspace steps, if any) share, sized by prepare() at the start of a run: room for the Krylov steps'
// k vectors, and for the probes Lanczos's own policy (32 vectors or 8 MiB, whichever is more, doubling
// when a probe needs more: at most log2(lanczos_iterations) allocations in a run, none once the room
// suffices, and none at all in the next run of the same size). Probe i of a run starts Lanczos from
// the random vector of seed + i, and stops as soon as negative curvature below -eps_H is proved.
template <Scalar S>
class CurvatureProbe {
 public:
  // At the start of a run in dimension n: room for `reserved` Lanczos vectors up front, up to
  // `columns` as probes need them (kept across runs of the same size); the probe count back to 0.
  void prepare(Index n, std::int64_t columns, std::int64_t reserved = 0) {
    if (!lanczos_ || lanczos_->dimension() != n) {
      lanczos_.emplace(n, LanczosOptions{.max_iterations = columns});
      v_.resize(n);
      trial_.resize(n);
      trial_g_.resize(n);
    }
    lanczos_->set_options({.max_iterations = std::max<std::int64_t>(columns, 1)});
    lanczos_->reserve(static_cast<Index>(reserved));
    count_ = 0;
  }

  // The workspace, for a method's own Krylov steps (set its options before each run).
  [[nodiscard]] Lanczos<S>& lanczos() { return *lanczos_; }

  // Probes the Hessian at x: the certificate, and in direction() the unit eigenvector of the smallest
  // Ritz value. A NaN/Inf product sets certificate.non_finite (kind not_critical).
  template <class Product>
  const CurvatureCertificate<S>& probe(Product& hvp, const Vector<S>& x, const CurvatureStepOptions& o) {
    auto raw = [&hvp, &x](const Vector<S>& u, Vector<S>& hu) { hvp(x, u, hu); };
    bool bad = false;
    auto product = finite_product(raw, bad);
    lanczos_->set_options({.max_iterations = o.lanczos_iterations,
                           .tolerance = 0.0,
                           .seed = o.seed + static_cast<std::uint64_t>(count_),
                           .stop_below = o.early_stop ? -o.curvature_tolerance
                                                      : -std::numeric_limits<double>::infinity(),
                           .stop_above = o.curvature_tolerance,
                           .stop_above_failure = o.failure_probability});
    lanczos_->run(product);
    ++count_;
    lanczos_->ritz_vector(0, v_);
    certificate_ = certify(*lanczos_, o.curvature_tolerance, o.failure_probability);
    if (bad) {
      certificate_.non_finite = true;
      certificate_.kind = CriticalPointKind::not_critical;
    }
    return certificate_;
  }

  // The negative-curvature step along direction() from a certified strict saddle (see
  // negative_curvature_step); true when it was taken.
  template <class F>
  bool escape(F& f, Vector<S>& x, S& value, Vector<S>& g, const CurvatureStepOptions& o, Result<S>& counts) {
    return negative_curvature_step(f, x, value, g, v_, certificate_.lambda_min, o, counts, trial_, trial_g_);
  }

  // The shared branch of every method that probes where its gradient is small: probe; a certified
  // strict saddle is counted (negative_curvature_found) and left (saddles_escaped). At the outcomes that
  // end a run with a verdict (second_order, stuck) result.kind and lambda_min hold the certificate.
  template <class F, class Product>
  ProbeOutcome certify_or_escape(F& f, Product& hvp, Vector<S>& x, S& value, Vector<S>& g,
                                 const CurvatureStepOptions& o, Result<S>& result) {
    const CurvatureCertificate<S>& c = probe(hvp, x, o);
    if (c.non_finite) {
      return ProbeOutcome::non_finite;
    }
    if (c.inconclusive) {
      return ProbeOutcome::inconclusive;
    }
    if (!c.negative()) {
      result.kind = c.kind;
      result.lambda_min = c.lambda_min;
      return ProbeOutcome::second_order;
    }
    ++result.negative_curvature_found;
    if (!escape(f, x, value, g, o, result)) {
      result.kind = c.kind;
      result.lambda_min = c.lambda_min;
      return ProbeOutcome::stuck;
    }
    ++result.saddles_escaped;
    return ProbeOutcome::escaped;
  }

  // The status and message that end a run after `outcome` (not `escaped`); `reason` is why the gradient
  // counted as small, `value` is f at x.
  [[nodiscard]] std::pair<Status, std::string> ending(ProbeOutcome outcome, std::string_view reason, S value) const {
    switch (outcome) {
      case ProbeOutcome::non_finite:
        return {Status::non_finite, "a Hessian-vector product was NaN/Inf at the point being certified"};
      case ProbeOutcome::inconclusive:
        return {Status::converged_gradient,
                concat(reason, ", but the curvature probe could not bound lambda_min above -eps_H (",
                       describe(certificate_), "): not certified second order; raise curvature.lanczos_iterations")};
      case ProbeOutcome::second_order:
        return {Status::converged_second_order, concat(reason, " and ", describe(certificate_),
                                                       ": a second-order point (", to_string(certificate_.kind), ")")};
      default:
        return {Status::saddle_point, concat("a certified strict saddle (", describe(certificate_), ") at f = ", value,
                                             ": no step along its negative curvature decreased f; not a convergence")};
    }
  }

  [[nodiscard]] Vector<S>& direction() { return v_; }
  [[nodiscard]] const CurvatureCertificate<S>& certificate() const { return certificate_; }
  [[nodiscard]] std::int64_t count() const { return count_; }

 private:
  std::optional<Lanczos<S>> lanczos_;
  Vector<S> v_;
  Vector<S> trial_;
  Vector<S> trial_g_;
  CurvatureCertificate<S> certificate_{};
  std::int64_t count_ = 0;
};

// One probe of the Hessian at x with a workspace of its own (for one-off use): the certificate, and
// in `v` the unit eigenvector of the smallest Ritz value.
template <Scalar S, class Product>
CurvatureCertificate<S> probe_curvature(Product& hvp, const Vector<S>& x, const CurvatureStepOptions& o,
                                        Vector<S>& v) {
  CurvatureProbe<S> probe;
  probe.prepare(x.size(), o.lanczos_iterations);
  const CurvatureCertificate<S> c = probe.probe(hvp, x, o);
  v = probe.direction();
  return c;
}

}  // namespace detail

}  // namespace saddle
