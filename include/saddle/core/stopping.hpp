// Stopping criteria shared by minimize() and every minimizer.
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
#include "saddle/core/status.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

// A criterion set to 0 (tolerances) is off. Tests run in the order listed, after each evaluation.
struct StoppingOptions {
  double gradient_tolerance = 1e-6;  // stop when |g|_2 <= this; 0 <= it < inf (0: off, as every tolerance)
  double function_tolerance = 0.0;   // stop when |f_k - f_{k+1}| <= this * max(|f_k|, |f_{k+1}|, 1); 0 <= it < inf
  double step_tolerance = 0.0;       // stop when |x_{k+1} - x_k| <= this * (|x_{k+1}| + this); 0 <= it < inf
  std::int64_t max_iterations = 10000;  // steps at most; >= 0
  std::int64_t max_evaluations = std::numeric_limits<std::int64_t>::max();  // calls of f, never exceeded (see budget.hpp); >= 1
  double time_limit = std::numeric_limits<double>::infinity();  // seconds of wall clock; > 0

  static constexpr std::string_view checkpoint_tag() { return "StoppingOptions"; }
  template <class Self, class Archive>
  static void checkpoint_fields(Self& o, Archive& ar) {
    ar("gradient_tolerance", o.gradient_tolerance);
    ar("function_tolerance", o.function_tolerance);
    ar("step_tolerance", o.step_tolerance);
    ar("max_iterations", o.max_iterations);
    ar("max_evaluations", o.max_evaluations);
    ar("time_limit", o.time_limit);
  }

  void validate() const {
    constexpr auto owner = "StoppingOptions";
    detail::require(owner, "gradient_tolerance", gradient_tolerance, detail::closed_open(0, detail::infinity));
    detail::require(owner, "function_tolerance", function_tolerance, detail::closed_open(0, detail::infinity));
    detail::require(owner, "step_tolerance", step_tolerance, detail::closed_open(0, detail::infinity));
    detail::require(owner, "max_iterations", max_iterations, detail::at_least(0));
    detail::require(owner, "max_evaluations", max_evaluations, detail::at_least(1));
    detail::require(owner, "time_limit", time_limit, detail::open_closed(0, detail::infinity));
  }
};

namespace detail {

// Where a run stands when the stopping criteria are checked (after each evaluation).
template <Scalar S>
struct RunState {
  std::int64_t iteration;             // steps taken
  S value;                            // f now
  S previous_value;                   // f one step ago (== value at iteration 0)
  S gradient_norm;                    // |g| now
  S step_norm;                        // |x_k - x_k-1|
  S x_norm;                           // |x| now (only read when step_tolerance > 0)
  std::int64_t function_evaluations;  // so far
  double seconds;                     // since the start
};

// The first criterion of `stop` that the run meets, in the documented order, with the message
// that names the numbers that decided it; nullopt to go on.
template <Scalar S>
std::optional<std::pair<Status, std::string>> stopping_reason(const StoppingOptions& stop, const RunState<S>& run) {
  if (stop.gradient_tolerance > 0 && run.gradient_norm <= stop.gradient_tolerance) {
    return std::pair{Status::converged_gradient,
                     concat("|g| = ", run.gradient_norm, " <= gradient_tolerance = ", stop.gradient_tolerance,
                            " at f = ", run.value, ": a critical point, which may be a saddle (classify it to know)")};
  }
  if (run.iteration > 0 && stop.function_tolerance > 0) {
    const S change = std::abs(run.previous_value - run.value);
    const S scale = std::max({std::abs(run.previous_value), std::abs(run.value), S(1)});
    if (change <= static_cast<S>(stop.function_tolerance) * scale) {
      return std::pair{Status::converged_function,
                       concat("|f_k - f_k+1| = ", change, " <= function_tolerance * ", scale, " = ",
                              stop.function_tolerance * static_cast<double>(scale))};
    }
  }
  if (run.iteration > 0 && stop.step_tolerance > 0) {
    const double bound = stop.step_tolerance * (static_cast<double>(run.x_norm) + stop.step_tolerance);
    if (static_cast<double>(run.step_norm) <= bound) {
      return std::pair{Status::converged_step,
                       concat("|x_k+1 - x_k| = ", run.step_norm, " <= step_tolerance * (|x| + step_tolerance) = ",
                              bound)};
    }
  }
  if (run.iteration >= stop.max_iterations) {
    return std::pair{Status::max_iterations,
                     concat("reached max_iterations = ", stop.max_iterations, " with |g| = ", run.gradient_norm,
                            " > gradient_tolerance = ", stop.gradient_tolerance)};
  }
  if (run.function_evaluations >= stop.max_evaluations) {
    return std::pair{Status::max_evaluations, concat("reached max_evaluations = ", stop.max_evaluations, " after ",
                                                     run.iteration, " iterations")};
  }
  if (run.seconds >= stop.time_limit) {
    return std::pair{Status::time_limit, concat("ran ", run.seconds, " s >= time_limit = ", stop.time_limit,
                                                " s after ", run.iteration, " iterations")};
  }
  return std::nullopt;
}

}  // namespace detail

}  // namespace saddle
