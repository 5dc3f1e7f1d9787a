// PerturbedAcceleratedGradientDescent: Nesterov's accelerated gradient descent with perturbations
// where the gradient is small and negative-curvature exploitation where f is "too nonconvex" between
// the iterate and the extrapolated point (Jin, Netrapalli & Jordan 2018, "Accelerated gradient
// descent escapes saddle points faster than gradient descent", COLT, arXiv:1711.10456, Algorithm 2).
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
#include "saddle/core/random.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/stopping.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/escape/perturbed_gradient_descent.hpp"

namespace saddle {

struct PerturbedAcceleratedGradientDescentOptions {
  // Budgets. The gradient test is off by default: at a small gradient PAGD perturbs instead of stopping.
  StoppingOptions stop{.gradient_tolerance = 0.0};
  double lr = 1e-2;                  // eta (paper: 1 / (4 ell)); 0 < lr < inf
  double momentum = 0.9;             // 1 - theta (paper: theta = 1 / (4 sqrt(kappa))); 0 <= momentum < 1
  double nonconvexity = 1.0;         // gamma of the "too nonconvex" test (paper: theta^2 / eta); 0 <= it < inf
  double exploitation_step = 0.1;    // s, the negative-curvature step (paper: gamma / (4 rho)); 0 < it < inf
  double radius = 1e-2;              // r, the perturbation's size (paper: eta epsilon chi^-5 c^-8); 0 < it < inf
  double gradient_threshold = 1e-4;  // epsilon: perturb when |g(x)| <= this; 0 < it < inf
  std::int64_t escape_steps = 200;   // T: steps between perturbations at least (paper: sqrt(kappa) chi c); >= 1
  double function_threshold = 1e-8;  // with certify: the exit when f fell by less within T steps; 0 <= it < inf
  bool certify = true;               // saddle's addition, after Jin et al. 2017: return the point before a
                                     // perturbation that did not pay (converged_second_order); false: the paper's loop
  PerturbationShape shape = PerturbationShape::ball;  // ball or gaussian, as PGD's
  std::uint64_t seed = 0;

  // The paper's parameters (Jin, Netrapalli & Jordan 2018, eq. (3)) for an ell-smooth, rho-Hessian-
  // Lipschitz f with f(x0) - f* <= delta_f: kappa = ell / sqrt(rho epsilon),
  // chi = max(1, ln(d ell delta_f / (rho epsilon delta))), eta = 1 / (4 ell), theta = 1 / (4 sqrt(kappa)),
  // gamma = theta^2 / eta, s = gamma / (4 rho), r = eta epsilon chi^-5 c^-8, T = ceil(sqrt(kappa) chi c),
  // E = sqrt(epsilon^3 / rho) chi^-5 c^-7 (as function_threshold). c is the paper's (large) constant;
  // 1 <= c < inf. Arguments for which a computed parameter leaves the range validate() checks (rounds
  // to 0 or inf, momentum < 0 when kappa < 1/16, T >= 2^63: past int64) throw std::invalid_argument
  // naming that parameter.
  [[nodiscard]] static PerturbedAcceleratedGradientDescentOptions theory(double ell, double rho, double epsilon,
                                                                         double delta, double delta_f,
                                                                         Index dimension, double c = 1.0) {
    constexpr auto owner = "PerturbedAcceleratedGradientDescentOptions::theory";
    detail::require(owner, "ell", ell, detail::open(0, detail::infinity));
    detail::require(owner, "rho", rho, detail::open(0, detail::infinity));
    detail::require(owner, "epsilon", epsilon, detail::open(0, detail::infinity));
    detail::require(owner, "delta", delta, detail::open(0, 1));
    detail::require(owner, "delta_f", delta_f, detail::open(0, detail::infinity));
    detail::require(owner, "dimension", dimension, detail::at_least(1));
    detail::require(owner, "c", c, detail::closed_open(1, detail::infinity));
    const double kappa = ell / std::sqrt(rho * epsilon);
    const double chi =
        std::max(1.0, std::log(static_cast<double>(dimension) * ell * delta_f / (rho * epsilon * delta)));
    PerturbedAcceleratedGradientDescentOptions o;
    o.lr = 1.0 / (4.0 * ell);
    const double theta = 1.0 / (4.0 * std::sqrt(kappa));
    o.momentum = 1.0 - theta;
    o.nonconvexity = theta * theta / o.lr;
    o.exploitation_step = o.nonconvexity / (4.0 * rho);
    o.radius = o.lr * epsilon * std::pow(chi, -5.0) * std::pow(c, -8.0);
    o.gradient_threshold = epsilon;
    const double escape_steps = std::ceil(std::sqrt(kappa) * chi * c);
    o.function_threshold = std::sqrt(epsilon * epsilon * epsilon / rho) * std::pow(chi, -5.0) * std::pow(c, -7.0);
    // Extreme arguments can round a parameter to 0 or inf, take the momentum out of [0, 1) (kappa <
    // 1/16), or put T past int64 (whose conversion would be undefined): refused here, naming the
    // parameter computed.
    detail::require(owner, "lr", o.lr, detail::open(0, detail::infinity));
    detail::require(owner, "momentum", o.momentum, detail::closed_open(0, 1));
    detail::require(owner, "nonconvexity", o.nonconvexity, detail::closed_open(0, detail::infinity));
    detail::require(owner, "exploitation_step", o.exploitation_step, detail::open(0, detail::infinity));
    detail::require(owner, "radius", o.radius, detail::open(0, detail::infinity));
    detail::require(owner, "escape_steps", escape_steps, detail::closed_open(1, 0x1p63));
    detail::require(owner, "function_threshold", o.function_threshold, detail::closed_open(0, detail::infinity));
    o.escape_steps = static_cast<std::int64_t>(escape_steps);
    return o;
  }

  void validate() const {
    constexpr auto owner = "PerturbedAcceleratedGradientDescentOptions";
    stop.validate();
    detail::require(owner, "lr", lr, detail::open(0, detail::infinity));
    detail::require(owner, "momentum", momentum, detail::closed_open(0, 1));
    detail::require(owner, "nonconvexity", nonconvexity, detail::closed_open(0, detail::infinity));
    detail::require(owner, "exploitation_step", exploitation_step, detail::open(0, detail::infinity));
    detail::require(owner, "radius", radius, detail::open(0, detail::infinity));
    detail::require(owner, "gradient_threshold", gradient_threshold, detail::open(0, detail::infinity));
    detail::require(owner, "escape_steps", escape_steps, detail::at_least(1));
    detail::require(owner, "function_threshold", function_threshold, detail::closed_open(0, detail::infinity));
    detail::require_perturbation_shape(owner, shape);
  }
};

// With v the momentum (x_t - x_{t-1}): where |g(x_t)| <= epsilon and no perturbation in the last T steps,
// x_t <- x_t + xi. Then y = x_t + (1 - theta) v, x_{t+1} = y - eta g(y), v = x_{t+1} - x_t — unless
// f(x_t) <= f(y) + g(y).(x_t - y) - gamma/2 |x_t - y|^2 (f too nonconvex between them), when negative
// curvature is exploited instead: if |v| >= s, x_{t+1} = x_t; else x_{t+1} is the better of
// x_t +- s v / |v|; and v = 0. Result::negative_curvature_found counts exploitation steps,
// saddles_escaped the perturbations followed by a decrease of function_threshold. IterationInfo::lr
// is eta. Cost per iteration: two evaluations of f and g (at x_t and y), three in an exploitation.
template <Scalar S>
class PerturbedAcceleratedGradientDescent {
 public:
  using scalar_type = S;
  using options_type = PerturbedAcceleratedGradientDescentOptions;

  PerturbedAcceleratedGradientDescent() { options_.validate(); }
  explicit PerturbedAcceleratedGradientDescent(const PerturbedAcceleratedGradientDescentOptions& options)
      : options_(options) {
    options_.validate();
  }
  [[nodiscard]] const PerturbedAcceleratedGradientDescentOptions& options() const { return options_; }

  template <class F, class... Observers>
  Result<S> minimize(F&& objective, Vector<S>& x, Observers&&... observers) {
    using Objective_ = detail::Budgeted<std::remove_reference_t<F>, S>;
    static_assert(Objective<Objective_, S>,
                  "saddle::PerturbedAcceleratedGradientDescent: the objective must be callable as `S f(const "
                  "Vector<S>& x, Vector<S>& g)`");
    // f is the objective with the evaluation budget (max_evaluations is never exceeded).
    Objective_ f(objective, options_.stop.max_evaluations);
    detail::Run<S> run("PerturbedAcceleratedGradientDescent", options_.stop, x.size(), sizeof...(Observers) > 0);
    Result<S>& result = run.result;
    const Index n = x.size();
    const auto& o = options_;
    const StoppingOptions& stop = o.stop;
    Vector<S> g = detail::nan_vector<S>(n);
    Vector<S> v = Vector<S>::Zero(n);
    Vector<S> y(n);
    Vector<S> gy = detail::nan_vector<S>(n);
    Vector<S> x_previous(n);
    Vector<S> xt(n);  // x_t after a perturbation: the point the momentum is measured from
    Vector<S> g_previous(n);
    Vector<S> trial(n);
    Vector<S> trial_g = detail::nan_vector<S>(n);
    detail::PerturbationRule<S> rule;
    rule.restart(n, o.seed);
    auto finish = [&](Status status, std::string message, S value, S gradient_norm) {
      result.saddles_escaped = rule.escapes();
      return run.finish(status, std::move(message) + rule.summary("function_threshold"), value, gradient_norm);
    };
    auto evaluate = [&](const Vector<S>& at, Vector<S>& grad) {
      const S value = detail::evaluate(f, at, grad);
      ++result.function_evaluations;
      ++result.gradient_evaluations;
      return value;
    };

    S value = S(0);
    if (auto bad = run.evaluate_start(f, x, g, value); !bad.empty()) {
      return finish(Status::non_finite, std::move(bad), value, std::numeric_limits<S>::quiet_NaN());
    }
    S gradient_norm = g.norm();
    S previous_value = value;
    S step_norm = S(0);
    const S eta = static_cast<S>(o.lr);
    const S beta = static_cast<S>(o.momentum);
    const S gamma = static_cast<S>(o.nonconvexity);
    const S s = static_cast<S>(o.exploitation_step);
    auto restore = [&](std::int64_t k, const std::string& bad) {
      x = x_previous;
      g = g_previous;
      return finish(Status::non_finite, detail::concat(bad, " in iteration ", k, "; x restored to iteration ", k),
                    previous_value, g.norm());
    };

    bool stepping = false;  // x_previous, g_previous and previous_value hold this iteration's start
    try {
      for (std::int64_t k = 0;; ++k) {
        const IterationInfo<S> info = run.info(k, value, gradient_norm, step_norm, {.lr = o.lr}, x, g);
        if (auto reason = detail::observe_and_check(stop, info, previous_value, observers...)) {
          return finish(reason->first, std::move(reason->second), value, gradient_norm);
        }
        if (rule.exit_test(value, o.escape_steps, o.function_threshold) == false && o.certify) {
          const S drop = rule.drop(value);
          x = rule.anchor();
          g = rule.anchor_gradient();
          return finish(Status::converged_second_order,
                        detail::concat("f fell by ", drop, " < function_threshold = ", o.function_threshold, " in the ",
                                       o.escape_steps, " steps after a perturbation at |g| = ", g.norm(),
                                       ": x is the point before the perturbation"),
                        rule.anchor_value(), g.norm());
        }
        x_previous = x;
        g_previous = g;
        previous_value = value;
        stepping = true;
        if (rule.due(gradient_norm, o.gradient_threshold, o.escape_steps)) {
          rule.perturb(x, g, value, o.shape, o.radius);
          value = evaluate(x, g);
          if (auto bad = detail::describe_non_finite(value, g); !bad.empty()) {
            return restore(k, bad);
          }
        }
        // The accelerated step from x_t with momentum v.
        xt = x;
        y = x + beta * v;
        const S fy = evaluate(y, gy);
        if (auto bad = detail::describe_non_finite(fy, gy); !bad.empty()) {
          return restore(k, bad);
        }
        const S gap = value - (fy + gy.dot(x - y) - S(0.5) * gamma * (x - y).squaredNorm());
        if (gap <= S(0) && v.squaredNorm() > S(0)) {
          // Too nonconvex between x_t and y: exploit the negative curvature along v.
          ++result.negative_curvature_found;
          const S vnorm = v.norm();
          if (vnorm < s) {
            const S scale = s / vnorm;
            trial = x + scale * v;
            const S plus = evaluate(trial, trial_g);
            y = x - scale * v;
            const S minus = evaluate(y, gy);
            const bool plus_better = std::isfinite(plus) && !(minus < plus);
            if (plus_better && describe_finite(plus, trial_g)) {
              x = trial;
              g = trial_g;
              value = plus;
            } else if (describe_finite(minus, gy)) {
              x = y;
              g = gy;
              value = minus;
            }
          }
          v.setZero();
        } else {
          x = y - eta * gy;
          value = evaluate(x, g);
          if (auto bad = detail::describe_non_finite(value, g); !bad.empty()) {
            return restore(k, bad);
          }
          v = x - xt;
        }
        rule.step();
        gradient_norm = g.norm();
        step_norm = (x - x_previous).norm();
        stepping = false;
      }
    } catch (const detail::BudgetSpent&) {
      // Thrown by an evaluation of this iteration, after x, g and f were saved: back to them.
      x = x_previous;
      g = g_previous;
      value = previous_value;
      std::string message = detail::settle_spent_budget(result, f, result.iterations);
      return finish(Status::max_evaluations, std::move(message), value, gradient_norm);
    } catch (...) {
      if (stepping) {  // an objective that throws leaves x at the last accepted iterate
        x = x_previous;
      }
      throw;
    }
  }

 private:
  static bool describe_finite(S value, const Vector<S>& g) { return detail::describe_non_finite(value, g).empty(); }

  PerturbedAcceleratedGradientDescentOptions options_{};
};

}  // namespace saddle
