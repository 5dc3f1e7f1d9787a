// NegativeCurvatureDescent: gradient steps while the gradient is large; where it is small, Lanczos on
// Hessian-vector products either certifies the point (lambda_min >= -eps_H: a second-order point) or
// finds a direction of negative curvature to step along — the negative-curvature descent of
// Nesterov & Polyak 2006 (section 5) and Carmon, Duchi, Hinder & Sidford 2018 (arXiv:1611.00756).
#pragma once

#include <cstdint>
#include <limits>
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
#include "saddle/escape/curvature_step.hpp"
#include "saddle/second_order/hessian_vector.hpp"

namespace saddle {

struct NegativeCurvatureDescentOptions {
  // stop.gradient_tolerance is eps_g: below it the point is probed instead of stopping.
  StoppingOptions stop{};
  double lr = 1e-2;                  // the gradient step x <- x - lr g (1/ell for an ell-smooth f); 0 < lr < inf
  CurvatureStepOptions curvature{};  // eps_H, the Lanczos probe and the negative-curvature step

  void validate() const {
    stop.validate();
    detail::require("NegativeCurvatureDescentOptions", "lr", lr, detail::open(0, detail::infinity));
    curvature.validate("NegativeCurvatureDescentOptions::curvature");
  }
};

// Each iteration: if |g| > eps_g, x <- x - lr g. Else probe: no eigenvalue certified below -eps_H ->
// Status::converged_second_order (kind, lambda_min); else the negative-curvature step along the
// eigenvector (length 2|lambda|/rho, or backtracking from a unit step), counted in
// Result::saddles_escaped and negative_curvature_found; a certified saddle no step can leave ends as
// Status::saddle_point. With eps_g = 0 it is plain gradient descent. Cost: one f and g per gradient
// step; per probe up to lanczos_iterations Hessian-vector products, per curvature step a few
// evaluations. IterationInfo::lr is lr.
template <Scalar S>
class NegativeCurvatureDescent {
 public:
  using scalar_type = S;
  using options_type = NegativeCurvatureDescentOptions;

  NegativeCurvatureDescent() { options_.validate(); }
  explicit NegativeCurvatureDescent(const NegativeCurvatureDescentOptions& options) : options_(options) {
    options_.validate();
  }
  [[nodiscard]] const NegativeCurvatureDescentOptions& options() const { return options_; }

  template <class F, class... Observers>
  Result<S> minimize(F&& objective, Vector<S>& x, Observers&&... observers) {
    using Objective_ = detail::Budgeted<std::remove_reference_t<F>, S>;
    static_assert(Objective<Objective_, S>,
                  "saddle::NegativeCurvatureDescent: the objective must be callable as `S f(const Vector<S>& x, "
                  "Vector<S>& g)`");
    // f is the objective with the evaluation budget (max_evaluations is never exceeded).
    Objective_ f(objective, options_.stop.max_evaluations);
    detail::Run<S> run("NegativeCurvatureDescent", options_.stop, x.size(), sizeof...(Observers) > 0);
    Result<S>& result = run.result;
    const Index n = x.size();
    const StoppingOptions& stop = options_.stop;
    HessianVectorProduct<Objective_, S> hvp(f, options_.curvature.hvp);
    auto finish = [&](Status status, std::string message, S value, S gradient_norm) {
      hvp.report(result);
      return run.finish(status, std::move(message), value, gradient_norm);
    };
    g_ = detail::nan_vector<S>(n);
    x_previous_.resize(n);
    g_previous_.resize(n);
    probe_.prepare(n, options_.curvature.lanczos_iterations);
    Vector<S>& g = g_;
    S value = S(0);
    if (auto bad = run.evaluate_start(f, x, g, value); !bad.empty()) {
      return finish(Status::non_finite, std::move(bad), value, std::numeric_limits<S>::quiet_NaN());
    }
    S gradient_norm = g.norm();
    S previous_value = value;
    S step_norm = S(0);
    const S lr = static_cast<S>(options_.lr);

    try {
      for (std::int64_t k = 0;; ++k) {
        hvp.report(result);
        const IterationInfo<S> info = run.info(k, value, gradient_norm, step_norm, {.lr = options_.lr}, x, g);
        auto reason = detail::observe_and_check(stop, info, previous_value, observers...);
        if (reason && reason->first != Status::converged_gradient) {
          return finish(reason->first, std::move(reason->second), value, gradient_norm);
        }
        x_previous_ = x;
        g_previous_ = g;
        previous_value = value;
        if (reason) {  // a small gradient: certify, or step along the certified negative curvature
          const auto outcome = probe_.certify_or_escape(f, hvp, x, value, g, options_.curvature, result);
          if (outcome != detail::ProbeOutcome::escaped) {
            auto [status, message] = probe_.ending(outcome, reason->second, value);
            return finish(status, std::move(message), value, gradient_norm);
          }
        } else {
          x.noalias() -= lr * g;
          try {
            value = detail::evaluate(f, x, g);
          } catch (...) {
            x = x_previous_;
            throw;
          }
          ++result.function_evaluations;
          ++result.gradient_evaluations;
          if (auto bad = detail::describe_non_finite(value, g); !bad.empty()) {
            x = x_previous_;
            g = g_previous_;
            return finish(Status::non_finite,
                          detail::concat(bad, " at iteration ", k + 1, "; x restored to iteration ", k), previous_value,
                          g.norm());
          }
        }
        gradient_norm = g.norm();
        step_norm = (x - x_previous_).norm();
      }
    } catch (const detail::BudgetSpent&) {
      hvp.report(result);
      std::string message = detail::settle_spent_budget(result, f, result.iterations);
      return finish(Status::max_evaluations, std::move(message), value, gradient_norm);
    }
  }

 private:
  NegativeCurvatureDescentOptions options_{};
  Vector<S> g_;
  Vector<S> x_previous_;
  Vector<S> g_previous_;
  detail::CurvatureProbe<S> probe_;
};

}  // namespace saddle
