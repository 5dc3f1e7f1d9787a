// minimize(): the generic driver that runs any first-order stepper on an objective, counts
// evaluations, guards against NaN/Inf, applies the stopping criteria and says why it stopped.
#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <concepts>
#include <cstddef>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include "saddle/core/format.hpp"
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

// Describes the first non-finite quantity among f and g, or returns "" when both are finite.
template <Scalar S>
std::string describe_non_finite(S value, const Vector<S>& g) {
  if (!std::isfinite(value)) {
    return concat("f = ", value);
  }
  const Index bad = first_non_finite(g);
  if (bad >= 0) {
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

// The bookkeeping every driver (minimize, LBFGS, NewtonCG, the trust region) shares: the clock, read
// only when a time limit or an observer needs it; the Result under construction; the evaluation at
// the start point; the IterationInfo of each iteration; and the end of the run.
template <Scalar S>
class Run {
 public:
  Run(const StoppingOptions& stop, bool observed)
      : start_(std::chrono::steady_clock::now()), timed_(std::isfinite(stop.time_limit) || observed) {}

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
  [[nodiscard]] IterationInfo<S> info(std::int64_t k, S value, S gradient_norm, S step_norm, double lr,
                                      const Vector<S>& x, const Vector<S>& g) {
    result.iterations = k;
    const double elapsed = timed_ ? seconds_since(start_) : 0.0;
    return {k, value, gradient_norm, step_norm, lr, x, g, result.function_evaluations, result.gradient_evaluations,
            elapsed};
  }

  Result<S> finish(Status status, std::string message, S value, S gradient_norm) {
    result.status = status;
    result.message = std::move(message);
    result.value = value;
    result.gradient_norm = gradient_norm;
    result.seconds = seconds_since(start_);
    return result;
  }

 private:
  std::chrono::steady_clock::time_point start_;
  bool timed_;
};

template <class F, Scalar S, class StepperT, class... Observers>
Result<S> minimize_impl(F& f, Vector<S>& x, StepperT& stepper, const StoppingOptions& stop,
                        Observers&... observers) {
  stop.validate();

  Run<S> run(stop, sizeof...(Observers) > 0);
  Result<S>& result = run.result;
  const Index n = x.size();
  Vector<S> g(n);
  Vector<S> x_previous(n);
  Vector<S> g_previous(n);

  auto learning_rate = [&stepper]() -> double {
    if constexpr (HasLearningRate<std::remove_reference_t<StepperT>>) {
      return static_cast<double>(stepper.lr());
    } else {
      return std::numeric_limits<double>::quiet_NaN();
    }
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
  // Schedules that learn from the loss (reduce-on-plateau) see f after every evaluation.
  auto feed_schedule = [&](S observed) {
    if constexpr (requires { stepper.observe(static_cast<double>(observed)); }) {
      stepper.observe(static_cast<double>(observed));
    }
  };
  feed_schedule(value);

  for (std::int64_t k = 0;; ++k) {
    const IterationInfo<S> info = run.info(k, value, gradient_norm, step_norm, learning_rate(), x, g);
    if (auto reason = detail::observe_and_check(stop, info, previous_value, observers...)) {
      return finish(reason->first, std::move(reason->second), value, gradient_norm);
    }

    x_previous = x;
    g_previous = g;
    previous_value = value;
    stepper.step(x, g);
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
    feed_schedule(value);
  }
}

}  // namespace detail

// Minimizes f from x (updated in place) by repeated stepper.step(x, g), stopping on the first
// criterion of `stop` that is met, when an observer asks, or on a non-finite f or gradient
// (x is then restored to the last finite iterate). Observers are called after every evaluation,
// in order, with an IterationInfo; pass stateful observers (History) as lvalues.
// Cost per iteration: one evaluation of f and g, the step, and two vector copies (kept to
// restore x on a non-finite value) — training loops that need none of this call step() directly.
template <class F, Scalar S, class StepperT, class... Observers>
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
                "Eigen::Ref<const Vector<S>>& g)`");
  static_assert(observers_ok,
                "saddle::minimize: an observer must be callable with `const IterationInfo<S>&` and return void "
                "or saddle::ObserverAction");
  if constexpr (objective_ok && stepper_ok && observers_ok) {  // no error cascade after the assertion
    return detail::minimize_impl(f, x, stepper, stop, observers...);
  } else {
    return {};
  }
}

}  // namespace saddle
