// CubicRegularization: adaptive cubic regularization (ARC) — each step minimizes the cubic model
//   m(p) = f + g^T p + p^T H p / 2 + sigma |p|^3 / 3
// in a Lanczos subspace on Hessian-vector products, and sigma adapts to how well the model predicted
// the decrease (Nesterov & Polyak 2006; Cartis, Gould & Toint 2011, "Adaptive cubic regularisation
// methods for unconstrained optimization", Math. Program. 127:245-295). Its limit points are
// second-order critical: the cubic term lets the model follow negative curvature.
#pragma once

#include <algorithm>
#include <cmath>
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
#include "saddle/second_order/lanczos.hpp"

namespace saddle {

struct CubicRegularizationOptions {
  StoppingOptions stop{};                // at |g| <= gradient_tolerance the point is certified (or left)
  double initial_sigma = 1.0;            // sigma_0; 0 < it < inf
  double min_sigma = 1e-8;               // sigma never goes below this; 0 < it <= initial_sigma
  double eta1 = 0.1;                     // accept the step when rho >= eta1 (CGT: 0.1); 0 < eta1 <= eta2
  double eta2 = 0.9;                     // very successful when rho >= eta2: sigma <- max(sigma / gamma, min_sigma); eta2 < 1
  double gamma = 2.0;                    // sigma <- gamma sigma after a rejected step; 1 < gamma < inf
  std::int64_t krylov_dimension = 50;    // Lanczos vectors for the subproblem (all n when n <= it); >= 1
  CurvatureStepOptions curvature{};      // the certificate at a small gradient (its eps_H, probe and seed)
};

// Each iteration: Lanczos from g gives H ~ Q T Q^T; the global
// minimizer of the cubic model restricted to span(Q) is y = -(T + lambda I)^-1 Q^T g with
// lambda = sigma |y| >= max(0, -theta_min) (found by bisection on the secular equation in T's
// eigenbasis; in the "hard case" the eigenvector of theta_min completes |y| = lambda / sigma). The
// ratio rho = (f(x) - f(x + p)) / (f(x) - m(p)) accepts the step (rho >= eta1) and adapts sigma. At
// |g| <= gradient_tolerance a Lanczos certificate ends the run (converged_second_order, kind,
// lambda_min) unless it certifies negative curvature, in which case the step is the model's along
// it (|p| = |theta| / sigma) — counted in saddles_escaped once accepted. Cost per iteration: up to
// krylov_dimension Hessian-vector products and one evaluation.
template <Scalar S>
class CubicRegularization {
 public:
  using scalar_type = S;
  using options_type = CubicRegularizationOptions;

  CubicRegularization() { validate(options_); }
  explicit CubicRegularization(const CubicRegularizationOptions& options) : options_(options) { validate(options_); }
  [[nodiscard]] const CubicRegularizationOptions& options() const { return options_; }

  template <class F, class... Observers>
  Result<S> minimize(F&& objective, Vector<S>& x, Observers&&... observers) {
    using Objective_ = detail::Budgeted<std::remove_reference_t<F>, S>;
    static_assert(Objective<Objective_, S>,
                  "saddle::CubicRegularization: the objective must be callable as `S f(const Vector<S>& x, "
                  "Vector<S>& g)`");
    // f is the objective with the evaluation budget (max_evaluations is never exceeded).
    Objective_ f(objective, options_.stop.max_evaluations);
    detail::Run<S> run("CubicRegularization", options_.stop, x.size(), sizeof...(Observers) > 0);
    Result<S>& result = run.result;
    const Index n = x.size();
    const StoppingOptions& stop = options_.stop;
    const auto& o = options_;
    HessianVectorProduct<Objective_, S> hvp(f, o.curvature.hvp);
    S step_norm = S(0);
    S sigma = static_cast<S>(o.initial_sigma);
    bool certified = false;  // the probe's certificate is of the current x (which has not moved since)
    auto finish = [&](Status status, std::string message, S value, S gradient_norm) {
      hvp.report(result);
      return run.finish(status, std::move(message), value, gradient_norm);
    };
    g_ = detail::nan_vector<S>(n);
    p_.resize(n);
    trial_.resize(n);
    trial_g_ = detail::nan_vector<S>(n);
    probe_.prepare(n, std::max(o.krylov_dimension, o.curvature.lanczos_iterations), o.krylov_dimension);
    const Index k_max = std::min<Index>(n, static_cast<Index>(o.krylov_dimension));
    gamma_.resize(k_max);
    y_.resize(k_max);
    Vector<S>& g = g_;
    Vector<S>& p = p_;
    Vector<S>& trial = trial_;
    Vector<S>& trial_g = trial_g_;
    S value = S(0);
    if (auto bad = run.evaluate_start(f, x, g, value); !bad.empty()) {
      return finish(Status::non_finite, std::move(bad), value, std::numeric_limits<S>::quiet_NaN());
    }
    S gradient_norm = g.norm();
    S previous_value = value;

    try {
      for (std::int64_t k = 0;; ++k) {
        hvp.report(result);
        const IterationInfo<S> info = run.info(k, value, gradient_norm, step_norm, {}, x, g);
        auto reason = detail::observe_and_check(stop, info, previous_value, observers...);
        if (reason && reason->first != Status::converged_gradient) {
          return finish(reason->first, std::move(reason->second), value, gradient_norm);
        }
        S model_decrease = S(0);  // f(x) - m(p) > 0
        bool escape = false;
        if (reason) {  // a small gradient: certify, or take the model's step along the negative curvature
          if (!certified) {
            const CurvatureCertificate<S>& fresh = probe_.probe(hvp, x, o.curvature);
            if (fresh.non_finite || fresh.inconclusive) {
              const auto outcome = fresh.non_finite ? detail::ProbeOutcome::non_finite : detail::ProbeOutcome::inconclusive;
              auto [status, message] = probe_.ending(outcome, reason->second, value);
              return finish(status, std::move(message), value, gradient_norm);
            }
            if (fresh.negative()) {
              ++result.negative_curvature_found;
            }
            certified = true;
          }
          const CurvatureCertificate<S>& c = probe_.certificate();
          if (!c.negative()) {
            result.kind = c.kind;
            result.lambda_min = c.lambda_min;
            auto [status, message] = probe_.ending(detail::ProbeOutcome::second_order, reason->second, value);
            return finish(status, std::move(message), value, gradient_norm);
          }
          Vector<S>& v = probe_.direction();
          // Along the unit eigenvector v (lambda < 0), the cubic m(t v) = t g.v + t^2 lambda / 2 + sigma t^3 / 3
          // with g.v <= 0 is least at t = (-lambda + sqrt(lambda^2 - 4 sigma g.v)) / (2 sigma).
          if (g.dot(v) > S(0)) {
            v = -v;
          }
          const S lambda = c.lambda_min;
          const S gv = g.dot(v);
          const S t = (-lambda + std::sqrt(lambda * lambda - S(4) * sigma * gv)) / (S(2) * sigma);
          p = t * v;
          model_decrease = -(t * gv + S(0.5) * t * t * lambda + sigma * t * t * t / S(3));
          escape = true;
        } else {
          bool bad = false;
          model_decrease = solve_subproblem(hvp, x, g, sigma, p, bad);
          if (bad) {
            return finish(Status::non_finite,
                          detail::concat("a Hessian-vector product was NaN/Inf at iteration ", k, "; x is unchanged"),
                          value, gradient_norm);
          }
        }
        trial = x + p;
        const S trial_value = detail::evaluate(f, trial, trial_g);
        ++result.function_evaluations;
        ++result.gradient_evaluations;
        const bool finite = detail::describe_non_finite(trial_value, trial_g).empty();
        S rho = finite && model_decrease > S(0) ? (value - trial_value) / model_decrease
                                                : -std::numeric_limits<S>::infinity();
        // Near convergence the predicted decrease sinks below f's rounding and rho is noise: a step
        // that predicts less than that and raises f by no more is taken as successful (Conn, Gould &
        // Toint, "Trust-Region Methods", 2000, section 17.4.2).
        const S noise = S(10) * std::numeric_limits<S>::epsilon() * std::max(S(1), std::abs(value));
        if (finite && model_decrease > S(0) && model_decrease <= noise && trial_value <= value + noise) {
          rho = S(1);
        }
        previous_value = value;
        if (rho >= static_cast<S>(o.eta1)) {
          if (escape) {
            ++result.saddles_escaped;
          }
          certified = false;
          x = trial;
          g = trial_g;
          value = trial_value;
          gradient_norm = g.norm();
          step_norm = p.norm();
          if (rho >= static_cast<S>(o.eta2)) {
            sigma = std::max(sigma / static_cast<S>(o.gamma), static_cast<S>(o.min_sigma));
          }
        } else {
          step_norm = S(0);
          sigma *= static_cast<S>(o.gamma);
          if (!std::isfinite(sigma)) {
            return finish(Status::converged_step,
                          detail::concat("sigma overflowed: no step the cubic model allows decreases f (|g| = ",
                                         gradient_norm, ")"),
                          value, gradient_norm);
          }
        }
      }
    } catch (const detail::BudgetSpent&) {
      hvp.report(result);
      std::string message = detail::settle_spent_budget(result, f, result.iterations);
      return finish(Status::max_evaluations, std::move(message), value, gradient_norm);
    }
  }

 private:
  static void validate(const CubicRegularizationOptions& o) {
    constexpr auto owner = "CubicRegularizationOptions";
    o.stop.validate();
    detail::require(owner, "initial_sigma", o.initial_sigma, detail::open(0, detail::infinity));
    detail::require(owner, "min_sigma", o.min_sigma, detail::open_closed(0, o.initial_sigma));
    detail::require(owner, "eta2", o.eta2, detail::open(0, 1));
    detail::require(owner, "eta1", o.eta1, detail::open_closed(0, o.eta2));
    detail::require(owner, "gamma", o.gamma, detail::open(1, detail::infinity));
    detail::require(owner, "krylov_dimension", o.krylov_dimension, detail::at_least(1));
    o.curvature.validate("CubicRegularizationOptions::curvature");
  }

  // The cubic model's global minimizer over the Lanczos space K(H, g): p and f(x) - m(p) > 0 (`bad`:
  // a product was NaN/Inf, and p means nothing).
  template <class Product>
  S solve_subproblem(Product& hvp, const Vector<S>& x, const Vector<S>& g, S sigma, Vector<S>& p, bool& bad) {
    auto raw = [&hvp, &x](const Vector<S>& u, Vector<S>& hu) { hvp(x, u, hu); };
    auto product = detail::finite_product(raw, bad);
    Lanczos<S>& krylov = probe_.lanczos();
    krylov.set_options({.max_iterations = options_.krylov_dimension, .tolerance = 0.0, .which = Spectrum::both_ends});
    krylov.run(product, g);
    const Index m = krylov.iterations();
    // In the Ritz basis (orthonormal, spanning the Krylov space, which starts from g):
    // gamma_i = y_i . g = |g| z_i[0].
    auto gamma = gamma_.head(m);
    gamma = g.norm() * krylov.first_components().transpose();
    const auto theta = krylov.values();
    const S low = std::max(S(0), -theta[0]);
    auto norm_at = [&](S lambda) {  // |(Theta + lambda I)^-1 gamma|
      S sum = S(0);
      for (Index i = 0; i < m; ++i) {
        const S d = theta[i] + lambda;
        sum += gamma[i] * gamma[i] / (d * d);
      }
      return std::sqrt(sum);
    };
    const S tiny = std::numeric_limits<S>::epsilon() * std::max(S(1), std::abs(theta[0]));
    auto y = y_.head(m);
    S lambda = low;
    if (norm_at(low + tiny) * sigma > low + tiny) {  // the root lies above low: bisection on psi
      S lo = low + tiny;
      S hi = std::max(S(2) * lo, S(1));
      while (norm_at(hi) * sigma > hi) {
        hi *= S(2);
      }
      for (int it = 0; it < 200 && hi - lo > std::numeric_limits<S>::epsilon() * hi; ++it) {
        const S mid = S(0.5) * (lo + hi);
        (norm_at(mid) * sigma > mid ? lo : hi) = mid;
      }
      lambda = S(0.5) * (lo + hi);
      for (Index i = 0; i < m; ++i) {
        y[i] = -gamma[i] / (theta[i] + lambda);
      }
    } else {
      // The hard case (g has no component along theta_min's eigenvector, theta_min < 0): lambda =
      // -theta_min, and that eigenvector fills |y| up to lambda / sigma.
      for (Index i = 0; i < m; ++i) {
        const S d = theta[i] + lambda;
        y[i] = std::abs(d) > tiny ? -gamma[i] / d : S(0);
      }
      const S missing = std::max(S(0), lambda * lambda / (sigma * sigma) - y.squaredNorm());
      y[0] += (gamma[0] > S(0) ? S(-1) : S(1)) * std::sqrt(missing);
    }
    krylov.ritz_combination(y, p);
    // f - m(p) = -(gamma.y + y^T Theta y / 2 + sigma |y|^3 / 3)
    const S ynorm = y.norm();
    S quadratic = S(0);
    for (Index i = 0; i < m; ++i) {
      quadratic += theta[i] * y[i] * y[i];
    }
    return -(gamma.dot(y) + S(0.5) * quadratic + sigma * ynorm * ynorm * ynorm / S(3));
  }

  CubicRegularizationOptions options_{};
  Vector<S> g_;
  Vector<S> p_;
  Vector<S> trial_;
  Vector<S> trial_g_;
  Vector<S> gamma_;  // the gradient in the Ritz basis
  Vector<S> y_;      // the subproblem's solution in the Ritz basis
  detail::CurvatureProbe<S> probe_;
};

}  // namespace saddle
