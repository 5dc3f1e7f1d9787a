// Why a run stopped (Status) and what it achieved (Result): the outcome of every minimizer.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "saddle/core/critical_point_kind.hpp"
#include "saddle/core/format.hpp"
#include "saddle/core/types.hpp"

namespace saddle {

// Every way a run can end. Algorithmic outcomes are statuses, never exceptions; invalid
// options are exceptions, never statuses.
enum class Status {
  converged_gradient,   // |g| <= gradient_tolerance: a critical point (a minimum *or a saddle*)
  converged_second_order,  // |g| <= gradient_tolerance and a certified lambda_min >= -curvature tolerance
  saddle_point,         // |g| small at a certified strict saddle that the method did not leave
  converged_function,   // relative change of f below function_tolerance
  converged_step,       // step length below step_tolerance
  max_iterations,       // iteration budget spent
  max_evaluations,      // function-evaluation budget spent
  time_limit,           // wall-clock budget spent
  stopped_by_observer,  // an observer asked to stop
  non_finite,           // f or its gradient became NaN/Inf; x holds the last finite iterate
  line_search_failed,   // no acceptable step along the search direction, even after a restart
};

[[nodiscard]] constexpr std::string_view to_string(Status status) {
  switch (status) {
    case Status::converged_gradient: return "converged_gradient";
    case Status::converged_second_order: return "converged_second_order";
    case Status::saddle_point: return "saddle_point";
    case Status::converged_function: return "converged_function";
    case Status::converged_step: return "converged_step";
    case Status::max_iterations: return "max_iterations";
    case Status::max_evaluations: return "max_evaluations";
    case Status::time_limit: return "time_limit";
    case Status::stopped_by_observer: return "stopped_by_observer";
    case Status::non_finite: return "non_finite";
    case Status::line_search_failed: return "line_search_failed";
  }
  return "unknown";
}

// True for the statuses that mean a convergence test was met (not a budget or a failure).
// saddle_point is not one: the method certified that it is stuck at a saddle.
[[nodiscard]] constexpr bool is_converged(Status status) {
  return status == Status::converged_gradient || status == Status::converged_second_order ||
         status == Status::converged_function || status == Status::converged_step;
}

// The outcome of a run. After any status, x (owned by the caller) holds the iterate that
// `value` and `gradient_norm` describe; after non_finite that is the last finite iterate.
template <Scalar S>
struct Result {
  Status status = Status::max_iterations;
  std::string message;                    // why it stopped, with the numbers that decided it
  std::int64_t iterations = 0;            // steps taken to reach the returned x
  std::int64_t function_evaluations = 0;  // calls of f
  std::int64_t gradient_evaluations = 0;  // gradients computed (f(x, g) computes both)
  std::int64_t hvp_evaluations = 0;       // Hessian-vector products
  S value = S(0);                         // f at the returned x
  S gradient_norm = S(0);                 // Euclidean norm of the gradient there
  double seconds = 0.0;                   // wall-clock time of the run

  // Outcomes more than one method reports (0 where a method has no such event).
  std::int64_t negative_curvature_found = 0;  // directions of negative curvature met (and used)
  std::int64_t saddles_escaped = 0;           // certified strict saddles left along negative curvature
  std::int64_t restarts = 0;                  // restarts of the method (L-BFGS memory cleared, ...)
  std::int64_t skipped_updates = 0;           // updates refused (L-BFGS pairs failing the curvature test, ...)

  // The second-order certificate of the returned x, set only where the method certified it
  // (Lanczos with residual bounds): its kind and the smallest Hessian eigenvalue found there.
  std::optional<CriticalPointKind> kind;
  std::optional<S> lambda_min;

  [[nodiscard]] bool converged() const { return is_converged(status); }

  // One line: "converged_gradient after 57 iterations: f = 1.2e-10, |g| = 9.9e-07 (58 f, 58 g, 0 Hv; 0.0012 s)",
  // with ", certified minimum (lambda_min = 2)" after |g| when the point was certified.
  [[nodiscard]] std::string brief() const {
    std::string certificate;
    if (kind) {
      certificate = detail::concat(", certified ", to_string(*kind));
      if (lambda_min) {
        certificate += detail::concat(" (lambda_min = ", *lambda_min, ")");
      }
    }
    return detail::concat(to_string(status), " after ", iterations, " iterations: f = ", value,
                          ", |g| = ", gradient_norm, certificate, " (", function_evaluations, " f, ",
                          gradient_evaluations, " g, ", hvp_evaluations, " Hv; ", seconds, " s)");
  }
};

}  // namespace saddle
