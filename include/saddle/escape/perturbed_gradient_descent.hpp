// PerturbedGradientDescent: gradient descent that, where the gradient is small, adds a random
// perturbation and watches whether f drops — and when it does not, has found a second-order point
// (Jin, Ge, Netrapalli, Kakade & Jordan 2017, "How to escape saddle points efficiently",
// arXiv:1703.00887, Algorithm 2); or the simplified rule of Jin, Netrapalli, Ge, Kakade & Jordan
// 2021 (JACM, arXiv:1902.04811): perturb whenever the gradient is small, no exit.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "saddle/core/budget.hpp"
#include "saddle/core/checkpointable.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/minimize.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/observer.hpp"
#include "saddle/core/random.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/stopping.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

// The distribution of a perturbation xi.
enum class PerturbationShape {
  ball,      // uniform in the ball of radius r (Jin et al. 2017): a normalized Gaussian direction, length r U^(1/d)
  gaussian,  // N(0, r^2 / d I), so E|xi|^2 = r^2 (Jin et al. 2021 allow it)
};

[[nodiscard]] constexpr std::string_view to_string(PerturbationShape shape) {
  switch (shape) {
    case PerturbationShape::ball: return "ball";
    case PerturbationShape::gaussian: return "gaussian";
  }
  return "unknown";
}

namespace detail {

// shape is ball or gaussian (an enum cast from an integer can hold any value).
inline void require_perturbation_shape(std::string_view owner, PerturbationShape shape) {
  require_one_of(owner, "shape", shape, {{PerturbationShape::ball, "ball"}, {PerturbationShape::gaussian, "gaussian"}});
}

}  // namespace detail

struct PerturbedGradientDescentOptions {
  // Budgets. The gradient test is off by default: at a small gradient PGD perturbs instead of stopping.
  StoppingOptions stop{.gradient_tolerance = 0.0};
  double lr = 1e-2;                  // eta: x <- x - eta g (theory: c / ell); 0 < lr < inf
  double radius = 1e-2;              // r: the perturbation's size (see shape); 0 < radius < inf
  double gradient_threshold = 1e-4;  // g_thres: perturb when |g| <= this; 0 < it < inf
  std::int64_t escape_steps = 200;   // t_thres: steps a perturbation is given before the next (and before the exit test); >= 1
  double function_threshold = 1e-8;  // f_thres: the exit when f fell by less within escape_steps; 0 <= it < inf
  bool certify = true;               // Algorithm 2's exit (converged_second_order at the point before the
                                     // perturbation); false: the 2021 variant, which perturbs and goes on
  PerturbationShape shape = PerturbationShape::ball;  // ball (Algorithm 2) or gaussian
  std::uint64_t seed = 0;            // the perturbations' stream: same seed, same run on every platform

  // The parameters of Jin et al. 2017, Algorithm 2, for an ell-smooth, rho-Hessian-Lipschitz f with
  // f(x0) - f* <= delta_f in `dimension` variables: with probability 1 - delta, PGD returns an
  // epsilon-second-order point (|g| <= epsilon, lambda_min >= -sqrt(rho epsilon)) within
  // O(ell delta_f / epsilon^2 log^4(d ell delta_f / (epsilon^2 delta))) iterations (Theorem 3). c is
  // the paper's absolute constant (its proof needs c small; c = 1 is the usual practical choice).
  //   chi = 3 max(ln(d ell delta_f / (c epsilon^2 delta)), 4),   eta = c / ell,
  //   r = sqrt(c) / chi^2 epsilon / ell,   g_thres = sqrt(c) / chi^2 epsilon,
  //   f_thres = c / chi^3 sqrt(epsilon^3 / rho),   t_thres = ceil(chi / c^2 ell / sqrt(rho epsilon)).
  // Arguments for which a computed parameter leaves the range validate() checks (rounds to 0 or
  // inf; t_thres >= 2^63, past int64) throw std::invalid_argument naming that parameter.
  [[nodiscard]] static PerturbedGradientDescentOptions theory(double ell, double rho, double epsilon, double delta,
                                                              double delta_f, Index dimension, double c = 1.0) {
    constexpr auto owner = "PerturbedGradientDescentOptions::theory";
    detail::require(owner, "ell", ell, detail::open(0, detail::infinity));
    detail::require(owner, "rho", rho, detail::open(0, detail::infinity));
    detail::require(owner, "epsilon", epsilon, detail::open(0, detail::infinity));
    detail::require(owner, "delta", delta, detail::open(0, 1));
    detail::require(owner, "delta_f", delta_f, detail::open(0, detail::infinity));
    detail::require(owner, "dimension", dimension, detail::at_least(1));
    detail::require(owner, "c", c, detail::open(0, detail::infinity));
    const double chi = theory_chi(ell, epsilon, delta, delta_f, dimension, c);
    PerturbedGradientDescentOptions o;
    o.lr = c / ell;
    o.radius = std::sqrt(c) / (chi * chi) * epsilon / ell;
    o.gradient_threshold = std::sqrt(c) / (chi * chi) * epsilon;
    o.function_threshold = c / (chi * chi * chi) * std::sqrt(epsilon * epsilon * epsilon / rho);
    const double escape_steps = std::ceil(chi / (c * c) * ell / std::sqrt(rho * epsilon));
    // Extreme arguments can round a parameter to 0 or inf, or put t_thres past int64 (whose
    // conversion would be undefined): refused here, naming the parameter computed.
    detail::require(owner, "lr", o.lr, detail::open(0, detail::infinity));
    detail::require(owner, "radius", o.radius, detail::open(0, detail::infinity));
    detail::require(owner, "gradient_threshold", o.gradient_threshold, detail::open(0, detail::infinity));
    detail::require(owner, "escape_steps", escape_steps, detail::closed_open(1, 0x1p63));
    detail::require(owner, "function_threshold", o.function_threshold, detail::closed_open(0, detail::infinity));
    o.escape_steps = static_cast<std::int64_t>(escape_steps);
    o.certify = true;
    o.shape = PerturbationShape::ball;
    return o;
  }

  // chi of theory(): 3 max(ln(d ell delta_f / (c epsilon^2 delta)), 4).
  [[nodiscard]] static double theory_chi(double ell, double epsilon, double delta, double delta_f, Index dimension,
                                         double c = 1.0) {
    const double argument = static_cast<double>(dimension) * ell * delta_f / (c * epsilon * epsilon * delta);
    return 3.0 * std::max(std::log(argument), 4.0);
  }

  void validate() const {
    constexpr auto owner = "PerturbedGradientDescentOptions";
    stop.validate();
    detail::require(owner, "lr", lr, detail::open(0, detail::infinity));
    detail::require(owner, "radius", radius, detail::open(0, detail::infinity));
    detail::require(owner, "gradient_threshold", gradient_threshold, detail::open(0, detail::infinity));
    detail::require(owner, "escape_steps", escape_steps, detail::at_least(1));
    detail::require(owner, "function_threshold", function_threshold, detail::closed_open(0, detail::infinity));
    detail::require_perturbation_shape(owner, shape);
  }
};

namespace detail {

// xi of the given shape and size r in xi's dimension, drawn from `random`. The ball's radius is
// r U^(1/d) — U^(1/d) of a uniform U on [0, 1), scaled by r; (r U)^(1/d), a slip seen in public
// re-implementations, puts almost every sample near radius 1 whatever r is.
template <Scalar S>
void sample_perturbation(Random& random, PerturbationShape shape, double r, Vector<S>& xi) {
  const Index d = xi.size();
  for (Index i = 0; i < d; ++i) {
    xi[i] = static_cast<S>(random.normal());
  }
  if (shape == PerturbationShape::gaussian) {
    xi *= static_cast<S>(r / std::sqrt(static_cast<double>(d)));
    return;
  }
  const double norm = static_cast<double>(xi.norm());
  const double length = r * std::pow(random.uniform(), 1.0 / static_cast<double>(d));
  xi *= static_cast<S>(length / norm);
}

// The perturbation rule shared by PGD, PAGD and perturbed(stepper): perturb where |g| <= g_thres and no
// perturbation was made in the last t_thres steps; t_thres steps after one, Algorithm 2's exit test
// compares f with f(x~), its value at the point before the perturbation.
template <Scalar S>
class PerturbationRule {
 public:
  // A new run (or reset) in dimension n: the stream restarts from `seed`, no perturbation yet.
  void restart(Index n, std::uint64_t seed) {
    random_.reseed(seed);
    since_ = never;
    count_ = 0;
    escapes_ = 0;
    xi_.resize(n);
    anchor_.resize(n);
    anchor_g_.resize(n);
  }

  // Whether to perturb now.
  [[nodiscard]] bool due(S gradient_norm, double gradient_threshold, std::int64_t escape_steps) const {
    return gradient_norm <= static_cast<S>(gradient_threshold) && since_ > escape_steps;
  }

  // x <- x + xi (shape, radius r), remembering x~ = x, its gradient and value for the exit test.
  template <class X>
  void perturb(X& x, const Vector<S>& g, S value, PerturbationShape shape, double radius) {
    anchor_ = x;
    anchor_g_ = g;
    anchor_value_ = value;
    perturb(x, shape, radius);
  }
  // The same without an exit test (the stepper wrapper).
  template <class X>
  void perturb(X& x, PerturbationShape shape, double radius) {
    if (xi_.size() != x.size()) {
      xi_.resize(x.size());
    }
    sample_perturbation(random_, shape, radius, xi_);
    x += xi_;
    ++count_;
    since_ = 0;
  }

  // One step taken since.
  void step() { ++since_; }

  // t_thres steps after a perturbation: true when f fell by function_threshold since x~ (counted in
  // escapes()), false when it did not (x~ is then a second-order point with high probability); no
  // verdict at other steps.
  [[nodiscard]] std::optional<bool> exit_test(S value, std::int64_t escape_steps, double function_threshold) {
    if (since_ != escape_steps) {
      return std::nullopt;
    }
    const bool fell = drop(value) >= static_cast<S>(function_threshold);
    escapes_ += fell ? 1 : 0;
    return fell;
  }
  [[nodiscard]] S drop(S value) const { return anchor_value_ - value; }

  [[nodiscard]] const Vector<S>& anchor() const { return anchor_; }
  [[nodiscard]] const Vector<S>& anchor_gradient() const { return anchor_g_; }
  [[nodiscard]] S anchor_value() const { return anchor_value_; }
  [[nodiscard]] std::int64_t count() const { return count_; }
  [[nodiscard]] std::int64_t escapes() const { return escapes_; }

  // " (k perturbation(s), m followed by a decrease of <threshold>)", or nothing before the first.
  [[nodiscard]] std::string summary(std::string_view threshold) const {
    return count_ == 0 ? std::string()
                       : concat(" (", count_, " perturbation(s), ", escapes_, " followed by a decrease of ", threshold,
                                ")");
  }

  // Checkpoints (saddle/io/checkpoint.hpp): the stream, the counters and x~ (xi is scratch).
  using scalar_type = S;
  static constexpr std::string_view checkpoint_tag() { return "PerturbationRule"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& self, Archive& ar) {
    ar("random", self.random_);
    ar("since", self.since_);
    ar("count", self.count_);
    ar("escapes", self.escapes_);
    ar("anchor", self.anchor_);
    ar("anchor_gradient", self.anchor_g_);
    ar("anchor_value", self.anchor_value_);
    ar.require(self.since_ >= 0 && self.count_ >= 0 && self.escapes_ >= 0, CheckpointReason::corrupted, "since",
               "non-negative counters");
  }

 private:
  static constexpr std::int64_t never = std::numeric_limits<std::int64_t>::max() / 2;  // "long ago"
  Random random_;
  Vector<S> xi_;
  Vector<S> anchor_;    // x~: the point before the last perturbation
  Vector<S> anchor_g_;  // the gradient there
  S anchor_value_ = S(0);
  std::int64_t since_ = never;  // steps since the last perturbation (t - t_noise in the paper)
  std::int64_t count_ = 0;
  std::int64_t escapes_ = 0;
};

}  // namespace detail

// x_{t+1} = x_t - eta grad f(x_t), except where |grad f(x_t)| <= g_thres and no perturbation was made
// in the last t_thres steps: there x~ = x_t is kept, x_t <- x~ + xi. With certify, if t_thres steps
// after a perturbation f(x_t) - f(x~) > -f_thres (f did not fall by f_thres), x~ is returned
// (Status::converged_second_order: with theory() options, an epsilon-second-order point with
// probability 1 - delta). A perturbation after which f fell by f_thres counts in
// Result::saddles_escaped; the message gives the number of perturbations. IterationInfo::lr is eta.
// Cost per iteration: one evaluation of f and g; no Hessian-vector products.
template <Scalar S>
class PerturbedGradientDescent {
 public:
  using scalar_type = S;
  using options_type = PerturbedGradientDescentOptions;

  PerturbedGradientDescent() { options_.validate(); }
  explicit PerturbedGradientDescent(const PerturbedGradientDescentOptions& options) : options_(options) {
    options_.validate();
  }
  [[nodiscard]] const PerturbedGradientDescentOptions& options() const { return options_; }

  template <class F, class... Observers>
  Result<S> minimize(F&& objective, Vector<S>& x, Observers&&... observers) {
    using Objective_ = detail::Budgeted<std::remove_reference_t<F>, S>;
    static_assert(Objective<Objective_, S>,
                  "saddle::PerturbedGradientDescent: the objective must be callable as `S f(const Vector<S>& x, "
                  "Vector<S>& g)`");
    // f is the objective with the evaluation budget (max_evaluations is never exceeded).
    Objective_ f(objective, options_.stop.max_evaluations);
    detail::Run<S> run("PerturbedGradientDescent", options_.stop, x.size(), sizeof...(Observers) > 0);
    Result<S>& result = run.result;
    const Index n = x.size();
    const StoppingOptions& stop = options_.stop;
    const auto& o = options_;
    g_ = detail::nan_vector<S>(n);
    x_previous_.resize(n);
    g_previous_.resize(n);
    rule_.restart(n, o.seed);
    auto finish = [&](Status status, std::string message, S value, S gradient_norm) {
      result.saddles_escaped = rule_.escapes();
      return run.finish(status, std::move(message) + rule_.summary("f_thres"), value, gradient_norm);
    };

    Vector<S>& g = g_;
    S value = S(0);
    if (auto bad = run.evaluate_start(f, x, g, value); !bad.empty()) {
      return finish(Status::non_finite, std::move(bad), value, std::numeric_limits<S>::quiet_NaN());
    }
    S gradient_norm = g.norm();
    S previous_value = value;
    S step_norm = S(0);
    const S eta = static_cast<S>(o.lr);

    try {
      for (std::int64_t k = 0;; ++k) {
        const IterationInfo<S> info = run.info(k, value, gradient_norm, step_norm, {.lr = o.lr}, x, g);
        if (auto reason = detail::observe_and_check(stop, info, previous_value, observers...)) {
          return finish(reason->first, std::move(reason->second), value, gradient_norm);
        }
        // The exit test of Algorithm 2, t_thres steps after a perturbation.
        if (rule_.exit_test(value, o.escape_steps, o.function_threshold) == false && o.certify) {
          const S drop = rule_.drop(value);
          x = rule_.anchor();
          g = rule_.anchor_gradient();
          return finish(Status::converged_second_order,
                        detail::concat("f fell by ", drop, " < f_thres = ", o.function_threshold, " in the ",
                                       o.escape_steps, " steps after a perturbation of radius ", o.radius,
                                       " at |g| = ", g.norm(), " <= g_thres = ", o.gradient_threshold,
                                       ": x is the point before the perturbation, a second-order point with high "
                                       "probability (Jin et al. 2017, Theorem 3, for options from theory())"),
                        rule_.anchor_value(), g.norm());
        }
        x_previous_ = x;
        g_previous_ = g;
        previous_value = value;
        if (rule_.due(gradient_norm, o.gradient_threshold, o.escape_steps)) {
          rule_.perturb(x, g, value, o.shape, o.radius);
          // The gradient step below is taken at the perturbed point (Algorithm 2).
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
                          detail::concat(bad, " at the perturbed point of iteration ", k, "; x restored to iteration ", k),
                          previous_value, gradient_norm);
          }
        }
        x.noalias() -= eta * g;
        rule_.step();
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
          return finish(Status::non_finite, detail::concat(bad, " at iteration ", k + 1, "; x restored to iteration ", k),
                        previous_value, g.norm());
        }
        gradient_norm = g.norm();
        step_norm = (x - x_previous_).norm();
      }
    } catch (const detail::BudgetSpent&) {
      // Thrown by an evaluation of this iteration, after x, g and f were saved: back to them.
      x = x_previous_;
      g = g_previous_;
      value = previous_value;
      std::string message = detail::settle_spent_budget(result, f, result.iterations);
      return finish(Status::max_evaluations, std::move(message), value, gradient_norm);
    }
  }

 private:
  PerturbedGradientDescentOptions options_{};
  Vector<S> g_;
  Vector<S> x_previous_;
  Vector<S> g_previous_;
  detail::PerturbationRule<S> rule_;
};

}  // namespace saddle
