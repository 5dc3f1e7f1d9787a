// check_gradient(): compares a user's gradient with central finite differences and reports the
// coordinates that disagree most — the first thing to run on a hand-written objective.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "saddle/core/format.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"

namespace saddle {

struct GradientCheckOptions {
  // Largest accepted error |analytic - numeric| / max(|analytic|, |numeric|, 1) per coordinate;
  // unset: 1e-6 for double and long double, 1e-2 for float. 0 <= tolerance < inf.
  std::optional<double> tolerance{};
  // Finite-difference step for coordinate i is h_i = step * max(|x_i|, 1); unset: cbrt(epsilon of
  // the scalar), which balances truncation O(h^2) and rounding O(eps/h) errors. 0 < step < inf, and
  // neither 0 nor inf once rounded to the scalar type (checked by check_gradient; in float, a step up
  // to half the smallest float, about 7.0e-46, rounds to 0, and one past the largest, 3.4e38, to inf).
  std::optional<double> step{};
  std::int64_t worst_count = 5;  // how many worst coordinates to report; >= 0
  std::vector<Index> coordinates{};  // the coordinates to check; empty: all of them

  void validate() const {
    constexpr auto owner = "GradientCheckOptions";
    if (tolerance) {
      detail::require(owner, "tolerance", *tolerance, detail::closed_open(0, detail::infinity));
    }
    if (step) {
      detail::require(owner, "step", *step, detail::open(0, detail::infinity));
    }
    detail::require(owner, "worst_count", worst_count, detail::at_least(0));
  }
};

namespace detail {

// A step that rounds to 0 or to inf in S (only float can: step is a finite positive double) would
// make every difference 0/0 or NaN: refused with the bound of S in the message, as Adam's eps is.
template <Scalar S>
void require_representable_step(double step) {
  const S rounded = static_cast<S>(step);
  if (rounded != S(0) && !std::isinf(rounded)) {
    return;
  }
  const char* type = std::is_same_v<S, float> ? "float" : std::is_same_v<S, double> ? "double" : "long double";
  if (rounded == S(0)) {
    throw_violation_that("GradientCheckOptions", "step", concat(exact(step)),
                         concat("step > ", exact(static_cast<double>(std::numeric_limits<S>::denorm_min()) / 2),
                                " (a smaller step rounds to 0 in ", type, ")"));
  }
  // Values from the largest finite S plus half its last place on round to inf.
  const double largest = static_cast<double>(std::numeric_limits<S>::max());
  const double last_place = largest - static_cast<double>(std::nextafter(std::numeric_limits<S>::max(), S(0)));
  throw_violation_that(
      "GradientCheckOptions", "step", concat(exact(step)),
      concat("step < ", exact(largest + last_place / 2), " (a larger step rounds to inf in ", type, ")"));
}

}  // namespace detail

// One checked coordinate.
template <Scalar S>
struct GradientCoordinate {
  Index index = 0;
  S analytic = S(0);  // the objective's gradient entry
  S numeric = S(0);   // (f(x + h e_i) - f(x - h e_i)) / 2h
  S error = S(0);     // |analytic - numeric| / max(|analytic|, |numeric|, 1)
};

template <Scalar S>
struct GradientCheck {
  bool passed = false;                          // every checked coordinate within tolerance
  S max_error = S(0);                           // the largest error
  double tolerance = 0.0;                       // the tolerance used
  std::int64_t checked = 0;                     // coordinates checked
  std::int64_t failed = 0;                      // coordinates above tolerance
  std::int64_t function_evaluations = 0;        // calls of f made by the check
  std::vector<GradientCoordinate<S>> worst;     // worst coordinates, largest error first

  // "gradient check failed: 2 of 10 coordinates above 1e-06; worst: [3] analytic 1.5 vs numeric 2 (error 0.25)".
  [[nodiscard]] std::string brief() const {
    std::string text = detail::concat("gradient check ", passed ? "passed" : "failed", ": ", failed, " of ", checked,
                                      " coordinates above ", tolerance, ", max error ", max_error);
    if (!worst.empty()) {
      const auto& w = worst.front();
      text += detail::concat("; worst: [", w.index, "] analytic ", w.analytic, " vs numeric ", w.numeric);
    }
    return text;
  }
};

// Checks the gradient that f writes at x against central differences of f. x is not modified.
template <class F, Scalar S>
GradientCheck<S> check_gradient(F&& f, const Vector<S>& x, const GradientCheckOptions& options = {}) {
  static_assert(Objective<std::remove_reference_t<F>, S>,
                "saddle::check_gradient: the objective must be callable as `S f(const Vector<S>& x, Vector<S>& g)`");
  options.validate();
  if (options.step) {
    detail::require_representable_step<S>(*options.step);
  }
  const Index n = x.size();
  for (const Index i : options.coordinates) {
    if (i < 0 || i >= n) {
      throw std::invalid_argument(detail::concat("saddle::GradientCheckOptions: coordinates contains ", i,
                                                 ", outside [0, ", n, ") for x of size ", n));
    }
  }
  const double default_tolerance = std::is_same_v<S, float> ? 1e-2 : 1e-6;
  const S relative_step = options.step ? static_cast<S>(*options.step) : std::cbrt(std::numeric_limits<S>::epsilon());

  GradientCheck<S> check;
  check.tolerance = options.tolerance.value_or(default_tolerance);
  Vector<S> analytic(n);
  Vector<S> scratch(n);
  detail::evaluate(f, x, analytic);
  check.function_evaluations = 1;

  std::vector<Index> indices = options.coordinates;
  if (indices.empty()) {
    indices.resize(static_cast<std::size_t>(n));
    for (Index i = 0; i < n; ++i) {
      indices[static_cast<std::size_t>(i)] = i;
    }
  }
  std::vector<GradientCoordinate<S>> all;
  all.reserve(indices.size());
  Vector<S> probe = x;
  for (const Index i : indices) {
    const S h = relative_step * std::max(std::abs(x[i]), S(1));
    // Use the step that is exactly representable as a difference of x_i +- h.
    probe[i] = x[i] + h;
    const S h_plus = probe[i] - x[i];
    const S f_plus = detail::evaluate(f, probe, scratch);
    probe[i] = x[i] - h;
    const S h_minus = x[i] - probe[i];
    const S f_minus = detail::evaluate(f, probe, scratch);
    probe[i] = x[i];
    check.function_evaluations += 2;
    GradientCoordinate<S> c;
    c.index = i;
    c.analytic = analytic[i];
    c.numeric = (f_plus - f_minus) / (h_plus + h_minus);
    c.error = std::abs(c.analytic - c.numeric) / std::max({std::abs(c.analytic), std::abs(c.numeric), S(1)});
    if (!(c.error <= static_cast<S>(check.tolerance))) {  // NaN counts as a failure
      ++check.failed;
    }
    if (std::isnan(c.error) || (!std::isnan(check.max_error) && c.error > check.max_error)) {
      check.max_error = c.error;
    }
    all.push_back(c);
  }
  check.checked = static_cast<std::int64_t>(all.size());
  check.passed = check.failed == 0;
  const auto keep = std::min<std::size_t>(all.size(), static_cast<std::size_t>(options.worst_count));
  // Largest error first; NaN errors rank as the worst.
  auto worse = [](const GradientCoordinate<S>& a, const GradientCoordinate<S>& b) {
    const bool a_nan = std::isnan(a.error);
    const bool b_nan = std::isnan(b.error);
    if (a_nan != b_nan) {
      return a_nan;
    }
    return a.error > b.error;
  };
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(), worse);
  check.worst.assign(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep));
  return check;
}

}  // namespace saddle
