// Stopping criteria shared by minimize() and every minimizer.
#pragma once

#include <cstdint>
#include <limits>

#include "saddle/core/validation.hpp"

namespace saddle {

// A criterion set to 0 (tolerances) is off. Tests run in the order listed, after each evaluation.
struct StoppingOptions {
  double gradient_tolerance = 1e-6;  // stop when |g|_2 <= this; >= 0
  double function_tolerance = 0.0;   // stop when |f_k - f_{k+1}| <= this * max(|f_k|, |f_{k+1}|, 1); >= 0
  double step_tolerance = 0.0;       // stop when |x_{k+1} - x_k| <= this * (|x_{k+1}| + this); >= 0
  std::int64_t max_iterations = 10000;  // steps at most; >= 0
  std::int64_t max_evaluations = std::numeric_limits<std::int64_t>::max();  // calls of f at most; >= 1
  double time_limit = std::numeric_limits<double>::infinity();  // seconds of wall clock; > 0

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

}  // namespace saddle
