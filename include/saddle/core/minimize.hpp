// minimize(): the generic driver — runs a first-order stepper on an objective (counting
// evaluations, guarding against NaN/Inf, applying the stopping criteria and saying why it
// stopped) or any Minimizer; first_order(stepper, stop) makes a stepper a Minimizer.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "saddle/core/format.hpp"
#include "saddle/core/minimizer.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/observer.hpp"
#include "saddle/core/status.hpp"
#include "saddle/core/stepper.hpp"
#include "saddle/core/stopping.hpp"
#include "saddle/core/types.hpp"

namespace saddle {

namespace detail {

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// A vector of n NaNs: every buffer an objective writes into starts like this, so an entry the
// objective forgot to write ends the run as non_finite (naming it) instead of driving x with stale
// memory. Filled once, at allocation: no cost per iteration.
template <Scalar S>
Vector<S> nan_vector(Index n) {
  return Vector<S>::Constant(n, std::numeric_limits<S>::quiet_NaN());
}

// Describes the first non-finite quantity among f and g, or returns "" when both are finite.
template <Scalar S>
std::string describe_non_finite(S value, const Vector<S>& g) {
  if (!std::isfinite(value)) {
    return concat("f = ", value);
  }
  const Index bad = first_non_finite(g);
  if (bad >= 0) {
    if (std::isnan(g[bad])) {
      return concat("gradient[", bad, "] = ", g[bad],
                    " (gradient buffers start as NaN: did the objective write every entry?)");
    }
    return concat("gradient[", bad, "] = ", g[bad]);
  }
  return {};
}

// Calls every observer in order until one asks to stop; returns its position, or -1.
template <Scalar S, class... Observers>
std::ptrdiff_t notify_all(const IterationInfo<S>& info, Observers&... observers) {
  if constexpr (sizeof...(Observers) == 0) {
    (void)info;
    return -1;
  } else {
    std::ptrdiff_t stopper = -1;
    std::ptrdiff_t position = 0;
    (
        [&] {
          if (stopper < 0 && notify(observers, info) == ObserverAction::stop) {
            stopper = position;
          }
          ++position;
        }(),
        ...);
    return stopper;
  }
}

// The check every driver makes after each evaluation: the observers first (any may stop the
// run), then the stopping criteria. Returns why to stop, or nullopt to go on.
template <Scalar S, class... Observers>
std::optional<std::pair<Status, std::string>> observe_and_check(const StoppingOptions& stop,
                                                                const IterationInfo<S>& info, S previous_value,
                                                                Observers&... observers) {
  if (const std::ptrdiff_t stopper = notify_all(info, observers...); stopper >= 0) {
    return std::pair{Status::stopped_by_observer,
                     concat("observer ", stopper, " asked to stop at iteration ", info.iteration)};
  }
  const S x_norm = stop.step_tolerance > 0 ? info.x.norm() : S(0);  // only the step test reads it
  return stopping_reason<S>(stop, {info.iteration, info.value, previous_value, info.gradient_norm, info.step_norm,
                                   x_norm, info.function_evaluations, info.seconds});
}

// Feeds f to a stepper (or wrapper) that learns from the loss (reduce-on-plateau).
template <class StepperT, Scalar S>
void feed_loss(StepperT& stepper, S value) {
  if constexpr (requires { stepper.observe(static_cast<double>(value)); }) {
    stepper.observe(static_cast<double>(value));
  }
}

// The bookkeeping every driver (minimize, LBFGS, NewtonCG, the trust region, ...) shares: the
// start-point checks, the clock (read only when a time limit or an observer needs it), the Result
// under construction, the evaluation at the start point, the IterationInfo of each iteration and
// the end of the run.
template <Scalar S>
class Run {
 public:
  // Checks x (an empty x has no minimizer to find: std::invalid_argument naming `method`). `stop` is
  // valid already (minimizers validate their options when constructed, minimize() on entry).
  Run(std::string_view method, const StoppingOptions& stop, Index n, bool observed) : timed_(false) {
    if (n == 0) {
      throw std::invalid_argument(
          concat("saddle::", method, "::minimize: x is empty (size 0); a problem needs at least one variable"));
    }
    timed_ = std::isfinite(stop.time_limit) || observed;
    start_ = std::chrono::steady_clock::now();
  }

  Result<S> result;

  // Evaluates f and g at the start point and counts it. Returns "" when both are finite, else the
  // message to finish with (status non_finite, x unchanged).
  template <class F>
  std::string evaluate_start(F& f, const Vector<S>& x, Vector<S>& g, S& value) {
    value = evaluate(f, x, g);
    result.function_evaluations = 1;
    result.gradient_evaluations = 1;
    std::string bad = describe_non_finite(value, g);
    return bad.empty() ? bad : concat(bad, " at the start point; x is unchanged");
  }

  // What the observers and the stopping criteria see at iteration k (x and g are referenced).
  [[nodiscard]] IterationInfo<S> info(std::int64_t k, S value, S gradient_norm, S step_norm,
                                      const IterationParameters& parameters, const Vector<S>& x,
                                      const Vector<S>& g) {
    result.iterations = k;
    const double elapsed = timed_ ? seconds_since(start_) : 0.0;
    return {.iteration = k,
            .value = value,
            .gradient_norm = gradient_norm,
            .step_norm = step_norm,
            .lr = parameters.lr,
            .step_length = parameters.step_length,
            .damping = parameters.damping,
            .radius = parameters.radius,
            .x = x,
            .gradient = g,
            .function_evaluations = result.function_evaluations,
            .gradient_evaluations = result.gradient_evaluations,
            .hvp_evaluations = result.hvp_evaluations,
            .seconds = elapsed};
  }

  Result<S> finish(Status status, std::string message, S value, S gradient_norm) {
    result.status = status;
    result.message = std::move(message);
    result.value = value;
    result.gradient_norm = gradient_norm;
    result.seconds = seconds_since(start_);
    return std::move(result);  // the run ends here: no copy of the message
  }

 private:
  std::chrono::steady_clock::time_point start_;
  bool timed_;
};

template <class F, Scalar S, class StepperT, class... Observers>
Result<S> minimize_impl(F& f, Vector<S>& x, StepperT& stepper, const StoppingOptions& stop,
                        Observers&... observers) {
  stop.validate();
  Run<S> run("minimize", stop, x.size(), sizeof...(Observers) > 0);
  Result<S>& result = run.result;
  const Index n = x.size();
  Vector<S> g = nan_vector<S>(n);
  Vector<S> x_previous(n);
  Vector<S> g_previous(n);

  auto parameters = [&stepper]() {
    IterationParameters p;
    if constexpr (HasLearningRate<std::remove_reference_t<StepperT>>) {
      p.lr = static_cast<double>(stepper.lr());
    }
    return p;
  };
  auto finish = [&run](Status status, std::string message, S value, S gradient_norm) {
    return run.finish(status, std::move(message), value, gradient_norm);
  };

  S value = S(0);
  if (auto bad = run.evaluate_start(f, x, g, value); !bad.empty()) {
    return finish(Status::non_finite, std::move(bad), value, std::numeric_limits<S>::quiet_NaN());
  }
  S gradient_norm = g.norm();
  S step_norm = S(0);
  S previous_value = value;
  // Schedules that learn from the loss (reduce-on-plateau) see f after every evaluation, however
  // deep inside wrappers they sit (every wrapper forwards observe()).
  feed_loss(stepper, value);

  for (std::int64_t k = 0;; ++k) {
    const IterationInfo<S> info = run.info(k, value, gradient_norm, step_norm, parameters(), x, g);
    if (auto reason = detail::observe_and_check(stop, info, previous_value, observers...)) {
      return finish(reason->first, std::move(reason->second), value, gradient_norm);
    }

    x_previous = x;
    g_previous = g;
    previous_value = value;
    if constexpr (std::same_as<decltype(stepper.step(x, g)), StepStatus>) {
      if (stepper.step(x, g) != StepStatus::applied) {
        ++result.skipped_updates;  // only a stepper's own refusal: g was checked finite above
      }
    } else {
      stepper.step(x, g);
    }
    if (const Index bad = detail::first_non_finite(x); bad >= 0) {
      const S bad_entry = x[bad];
      x = x_previous;
      g = g_previous;
      return finish(Status::non_finite,
                    detail::concat("the step from iteration ", k, " made x[", bad, "] = ", bad_entry,
                                   "; x restored to iteration ", k),
                    previous_value, gradient_norm);
    }
    step_norm = (x - x_previous).norm();
    try {
      value = detail::evaluate(f, x, g);
    } catch (...) {
      x = x_previous;  // an objective that throws loses the caller nothing
      throw;
    }
    ++result.function_evaluations;
    ++result.gradient_evaluations;
    if (auto bad = detail::describe_non_finite(value, g); !bad.empty()) {
      x = x_previous;
      g = g_previous;
      return finish(Status::non_finite,
                    detail::concat(bad, " at iteration ", k + 1, "; x restored to iteration ", k), previous_value,
                    gradient_norm);
    }
    gradient_norm = g.norm();
    feed_loss(stepper, value);
  }
}

}  // namespace detail

// Minimizes f from x (updated in place) by repeated stepper.step(x, g), stopping on the first
// criterion of `stop` that is met, when an observer asks, or on a non-finite f or gradient
// (x is then restored to the last finite iterate). Observers are called after every evaluation,
// in order, with an IterationInfo; pass stateful observers (History) as lvalues. The stepper keeps
// its state afterwards (call again to continue); first_order(stepper, stop) makes a Minimizer
// that starts every run from the stepper as given.
// Cost per iteration: one evaluation of f and g, the step, and two vector copies (kept to
// restore x on a non-finite value) — training loops that need none of this call step() directly.
template <class F, Scalar S, class StepperT, class... Observers>
  requires(!Minimizer<std::remove_cvref_t<StepperT>, S>)
Result<S> minimize(F&& f, Vector<S>& x, StepperT&& stepper, const StoppingOptions& stop = {},
                   Observers&&... observers) {
  constexpr bool objective_ok = Objective<std::remove_reference_t<F>, S>;
  constexpr bool stepper_ok = Stepper<std::remove_reference_t<StepperT>, S>;
  constexpr bool observers_ok = (Observer<std::remove_reference_t<Observers>, S> && ...);
  static_assert(objective_ok,
                "saddle::minimize: the objective must be callable as `S f(const Vector<S>& x, Vector<S>& g)` "
                "with S the scalar type of x");
  static_assert(stepper_ok,
                "saddle::minimize: the stepper must have `step(Eigen::Ref<Vector<S>> x, const "
                "Eigen::Ref<const Vector<S>>& g)` with S the scalar type of x (a float stepper cannot step a "
                "double x)");
  static_assert(observers_ok,
                "saddle::minimize: an observer must be callable with `const IterationInfo<S>&` and return void "
                "or saddle::ObserverAction");
  if constexpr (objective_ok && stepper_ok && observers_ok) {  // no error cascade after the assertion
    return detail::minimize_impl(f, x, stepper, stop, observers...);
  } else {
    return {};
  }
}

// Runs any Minimizer (LBFGS, NewtonCG, TrustRegionNewtonCG, the escape methods, first_order(...),
// guarded(...)) from x: the same as method.minimize(f, x, observers...).
template <class F, Scalar S, class M, class... Observers>
  requires Minimizer<std::remove_cvref_t<M>, S>
Result<S> minimize(F&& f, Vector<S>& x, M&& method, Observers&&... observers) {
  static_assert(Objective<std::remove_reference_t<F>, S>,
                "saddle::minimize: the objective must be callable as `S f(const Vector<S>& x, Vector<S>& g)` "
                "with S the scalar type of x");
  static_assert((Observer<std::remove_reference_t<Observers>, S> && ...),
                "saddle::minimize: an observer must be callable with `const IterationInfo<S>&` and return void "
                "or saddle::ObserverAction");
  return method.minimize(f, x, observers...);
}

// The options of first_order(): the stopping criteria alone (the stepper carries the rest).
struct FirstOrderOptions {
  StoppingOptions stop{};  // shared stopping criteria

  void validate() const { stop.validate(); }
};

// FirstOrder<Stepper>: a stepper (SGD, Adam, a chain, a scheduled stepper, ...) made a Minimizer.
// Every run starts from a copy of the stepper as it was given (fresh moments, step counts and
// schedule), so one object runs many starts the same way; last_stepper() holds the state the last
// run ended with.
template <class StepperT>
class FirstOrder {
 public:
  using scalar_type = typename StepperT::scalar_type;
  using options_type = FirstOrderOptions;
  using S = scalar_type;

  explicit FirstOrder(StepperT stepper, const FirstOrderOptions& options = {})
      : stepper_(std::move(stepper)), last_(stepper_), options_(options) {
    options_.validate();
  }

  [[nodiscard]] const FirstOrderOptions& options() const { return options_; }
  // The stepper every run starts from (change its options here between runs).
  [[nodiscard]] StepperT& stepper() { return stepper_; }
  [[nodiscard]] const StepperT& stepper() const { return stepper_; }
  // The stepper as the last run left it (moments, step and skip counts).
  [[nodiscard]] const StepperT& last_stepper() const { return last_; }

  template <class F, class... Observers>
  Result<S> minimize(F&& f, Vector<S>& x, Observers&&... observers) {
    last_ = stepper_;
    return saddle::minimize(f, x, last_, options_.stop, observers...);
  }

 private:
  StepperT stepper_;
  StepperT last_;
  FirstOrderOptions options_;
};

// first_order(stepper, stop): the stepper as a Minimizer (taken by value).
template <class StepperT>
FirstOrder<StepperT> first_order(StepperT stepper, const StoppingOptions& stop = {}) {
  return FirstOrder<StepperT>(std::move(stepper), {.stop = stop});
}

}  // namespace saddle
