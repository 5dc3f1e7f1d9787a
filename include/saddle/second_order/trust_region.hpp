// TrustRegionNewtonCG: a trust-region Newton method with Steihaug's truncated CG (Nocedal &
// Wright 2006, Algorithm 4.1 with Algorithm 7.2), on Hessian-vector products only. Negative
// curvature sends the step to the boundary; at a point where the gradient vanishes it probes
// the curvature with Lanczos and leaves a strict saddle along its negative direction, so it
// converges only to points whose Hessian has no (certified) negative eigenvalue: such an end is
// Status::converged_second_order, with the certificate in Result::kind and Result::lambda_min.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "saddle/core/budget.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/minimize.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/observer.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/stopping.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/second_order/hessian_vector.hpp"
#include "saddle/second_order/curvature_certificate.hpp"
#include "saddle/second_order/lanczos.hpp"
#include "saddle/second_order/truncated_cg.hpp"

namespace saddle {

struct TrustRegionNewtonCGOptions {
  StoppingOptions stop{};                // shared stopping criteria (an iteration is one trial step)
  double initial_radius = 1.0;           // Delta_0; 0 < initial_radius <= max_radius
  double max_radius = 1e10;              // largest radius; < inf
  double eta = 0.1;                      // accept a step when rho = actual / predicted reduction > eta; 0 <= eta < 0.25
  double forcing = 0.5;                  // CG stops at |r| <= min(forcing, sqrt(|g|)) |g| (superlinear); 0 < forcing < 1
  std::int64_t max_cg_iterations = 0;    // per trial step; 0: the dimension n; >= 0
  bool second_order = true;              // at |g| <= gradient_tolerance, certify the point: escape negative curvature
  double curvature_tolerance = 1e-6;     // a certified eigenvalue below -curvature_tolerance is negative; 0 <= it < inf
  std::int64_t lanczos_iterations = 200;  // products per curvature probe at most; >= 1
  double failure_probability = 1e-3;     // of the second-order verdict of an unfinished probe (see escape.md); (0, 1)
  HvpMethod hvp = HvpMethod::automatic;  // how Hessian-vector products are computed
  std::uint64_t seed = 0;                // start vector of the curvature probe

  void validate() const {
    constexpr auto owner = "TrustRegionNewtonCGOptions";
    stop.validate();
    detail::require(owner, "max_radius", max_radius, detail::open(0, detail::infinity));
    detail::require(owner, "initial_radius", initial_radius, detail::open_closed(0, max_radius));
    detail::require(owner, "eta", eta, detail::closed_open(0, 0.25));
    detail::require(owner, "forcing", forcing, detail::open(0, 1));
    detail::require(owner, "max_cg_iterations", max_cg_iterations, detail::at_least(0));
    detail::require(owner, "curvature_tolerance", curvature_tolerance, detail::closed_open(0, detail::infinity));
    detail::require(owner, "lanczos_iterations", lanczos_iterations, detail::at_least(1));
    detail::require(owner, "failure_probability", failure_probability, detail::open(0, 1));
    detail::require_hvp_method(owner, "hvp", hvp);
  }
};

// Each iteration solves the trust-region subproblem  min g^T p + p^T H p / 2,  |p| <= Delta  by
// truncated CG, then compares the actual reduction with the model's: rho < 1/4 shrinks Delta to
// Delta / 4; rho > 3/4 with |p| = Delta doubles it (up to max_radius); rho > eta accepts the step.
// With second_order, a small gradient is not the end: a Lanczos probe either certifies negative
// curvature (the next trial step goes to the boundary along it; an accepted one counts in
// Result::saddles_escaped) or certifies the point (Status::converged_second_order, Result::kind
// and lambda_min). A certified saddle whose escape steps are all rejected until the radius
// underflows ends as Status::saddle_point. Result::negative_curvature_found counts the directions
// of negative curvature met (by CG or by a probe). IterationInfo::radius carries the radius.
template <Scalar S>
class TrustRegionNewtonCG {
 public:
  using scalar_type = S;
  using options_type = TrustRegionNewtonCGOptions;

  TrustRegionNewtonCG() { options_.validate(); }
  explicit TrustRegionNewtonCG(const TrustRegionNewtonCGOptions& options) : options_(options) {
    options_.validate();
  }
  [[nodiscard]] const TrustRegionNewtonCGOptions& options() const { return options_; }

  template <class F, class... Observers>
  Result<S> minimize(F&& objective, Vector<S>& x, Observers&&... observers) {
    using Objective_ = detail::Budgeted<std::remove_reference_t<F>, S>;
    static_assert(Objective<Objective_, S>,
                  "saddle::TrustRegionNewtonCG: the objective must be callable as `S f(const Vector<S>& x, "
                  "Vector<S>& g)`");
    // f is the objective with the evaluation budget (max_evaluations is never exceeded).
    Objective_ f(objective, options_.stop.max_evaluations);
    detail::Run<S> run("TrustRegionNewtonCG", options_.stop, x.size(), sizeof...(Observers) > 0);
    Result<S>& result = run.result;
    const Index n = x.size();
    const StoppingOptions& stop = options_.stop;
    HessianVectorProduct<Objective_, S> hvp(f, options_.hvp);
    auto product = [&hvp, &x](const Vector<S>& v, Vector<S>& hv) { hvp(x, v, hv); };
    auto sync_counts = [&] { hvp.report(result); };
    auto finish = [&](Status status, std::string message, S value, S gradient_norm) {
      sync_counts();
      return run.finish(status, std::move(message), value, gradient_norm);
    };

    Vector<S> g = detail::nan_vector<S>(n);
    Vector<S> p(n);
    Vector<S> trial(n);
    Vector<S> trial_g = detail::nan_vector<S>(n);
    S value = S(0);
    if (auto bad = run.evaluate_start(f, x, g, value); !bad.empty()) {
      return finish(Status::non_finite, std::move(bad), value, std::numeric_limits<S>::quiet_NaN());
    }
    S gradient_norm = g.norm();
    S radius = static_cast<S>(options_.initial_radius);
    S previous_value = value;
    S step_norm = S(0);
    TruncatedCG<S> cg;
    std::int64_t probes = 0;
    // The certificate of the current x, kept while x does not move (a rejected escape step is retried
    // with a smaller radius along the same direction, without a new probe).
    std::optional<CurvatureCertificate<S>> certificate;
    Vector<S> escape_direction(n);
    std::string curvature_note;
    auto certify_result = [&](const CurvatureCertificate<S>& c) {
      result.kind = c.kind;
      result.lambda_min = c.lambda_min;
    };

    try {
      for (std::int64_t k = 0;; ++k) {
        sync_counts();
        const IterationInfo<S> info =
            run.info(k, value, gradient_norm, step_norm, {.radius = static_cast<double>(radius)}, x, g);
        bool escape = false;
        if (auto reason = detail::observe_and_check(stop, info, previous_value, observers...)) {
          if (reason->first != Status::converged_gradient || !options_.second_order) {
            return finish(reason->first, std::move(reason->second), value, gradient_norm);
          }
          // A first-order point: minimum or saddle? Probe the curvature (once per point).
          if (!certificate) {
            bool bad = false;
            auto checked = detail::finite_product(product, bad);
            const auto probe = lanczos<S>(checked, n,
                                          {.max_iterations = options_.lanczos_iterations, .tolerance = 0.0,
                                           .seed = options_.seed + static_cast<std::uint64_t>(probes),
                                           .stop_below = -options_.curvature_tolerance,
                                           .stop_above = options_.curvature_tolerance,
                                           .stop_above_failure = options_.failure_probability});
            ++probes;
            if (bad) {
              return finish(Status::non_finite,
                            detail::concat("a Hessian-vector product was NaN/Inf at the point being certified (|g| = ",
                                           gradient_norm, ")"),
                            value, gradient_norm);
            }
            certificate = detail::certify(probe, options_.curvature_tolerance, options_.failure_probability);
            if (certificate->negative()) {
              ++result.negative_curvature_found;
              escape_direction = probe.vectors.col(0);
              if (escape_direction.dot(g) > S(0)) {
                escape_direction = -escape_direction;
              }
            }
          }
          if (certificate->inconclusive) {
            return finish(Status::converged_gradient,
                          detail::concat("|g| = ", gradient_norm, " <= gradient_tolerance = ", stop.gradient_tolerance,
                                         " at f = ", value, ", but the curvature probe could not bound lambda_min above -curvature_tolerance (",
                                         detail::describe(*certificate),
                                         "): not certified second order; raise lanczos_iterations", curvature_note),
                          value, gradient_norm);
          }
          if (!certificate->negative()) {
            certify_result(*certificate);
            return finish(Status::converged_second_order,
                          detail::concat("|g| = ", gradient_norm, " <= gradient_tolerance = ", stop.gradient_tolerance,
                                         " at f = ", value, " and ", detail::describe(*certificate),
                                         ": a second-order point (", to_string(certificate->kind),
                                         "), no certified negative curvature", curvature_note),
                          value, gradient_norm);
          }
          // A strict saddle: step to the boundary along the negative-curvature direction.
          p = radius * escape_direction;
          escape = true;
        }
        S predicted = S(0);
        if (escape) {
          // m(p) = g^T p + p^T H p / 2, with p^T H p measured by one product (not the Ritz value's
          // approximation of it).
          const S curvature = hvp_quadratic(product, p, trial_g);
          predicted = -(g.dot(p) + S(0.5) * curvature);
        } else {
          const S forcing = std::min(static_cast<S>(options_.forcing), std::sqrt(gradient_norm));
          const auto solved = cg.solve(product, g, p,
                                       {.tolerance = static_cast<double>(forcing * gradient_norm),
                                        .max_iterations = options_.max_cg_iterations,
                                        .radius = static_cast<double>(radius)});
          if (solved.status == CGStatus::negative_curvature) {
            ++result.negative_curvature_found;
          }
          predicted = -solved.model_value;
        }
        trial = x + p;
        const S trial_value = detail::evaluate(f, trial, trial_g);
        ++result.function_evaluations;
        ++result.gradient_evaluations;
        const bool finite = detail::describe_non_finite(trial_value, trial_g).empty();
        const S rho = finite && predicted > S(0) ? (value - trial_value) / predicted : -std::numeric_limits<S>::infinity();
        const S p_norm = p.norm();
        if (rho < S(0.25)) {
          radius = S(0.25) * radius;
        } else if (rho > S(0.75) && p_norm >= S(0.99) * radius) {
          radius = std::min(S(2) * radius, static_cast<S>(options_.max_radius));
        }
        if (rho > static_cast<S>(options_.eta)) {
          if (escape) {
            ++result.saddles_escaped;
            curvature_note = detail::concat("; escaped ", result.saddles_escaped,
                                            " saddle(s) along negative curvature (last ",
                                            detail::describe(*certificate), ")");
          }
          certificate.reset();  // x moves: a new point, to be certified anew
          previous_value = value;
          x = trial;
          g = trial_g;
          value = trial_value;
          gradient_norm = g.norm();
          step_norm = p_norm;
        } else {
          previous_value = value;
          step_norm = S(0);
        }
        const S floor = std::numeric_limits<S>::epsilon() * std::max(S(1), x.norm());
        if (radius < floor) {
          ++result.iterations;
          if (certificate && certificate->negative()) {
            certify_result(*certificate);
            return finish(Status::saddle_point,
                          detail::concat("stuck at a certified strict saddle: ", detail::describe(*certificate),
                                         ", but no step along its negative curvature decreased f before the trust "
                                         "radius fell to ", radius, " (|g| = ", gradient_norm, ")", curvature_note),
                          value, gradient_norm);
          }
          return finish(Status::converged_step,
                        detail::concat("trust radius ", radius, " < eps * max(1, |x|) = ", floor,
                                       ": no step can change x any more (|g| = ", gradient_norm, ")", curvature_note),
                        value, gradient_norm);
        }
      }
    } catch (const detail::BudgetSpent&) {
      hvp.report(result);
      std::string message = detail::settle_spent_budget(result, f, result.iterations);
      return finish(Status::max_evaluations, std::move(message), value, gradient_norm);
    }
  }

 private:
  // p^T H p through one product (hv is work space).
  template <class Operator>
  static S hvp_quadratic(Operator& product, const Vector<S>& p, Vector<S>& hv) {
    product(p, hv);
    return p.dot(hv);
  }

  TrustRegionNewtonCGOptions options_{};
};

}  // namespace saddle
