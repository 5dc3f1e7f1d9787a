// check_hvp(): compares an objective's own Hessian-vector product with central differences of
// its gradient along random directions — the companion of check_gradient for second-order code.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>

#include "saddle/core/format.hpp"
#include "saddle/core/objective.hpp"
#include "saddle/core/random.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/diagnostics/detail/input.hpp"
#include "saddle/second_order/hessian_vector.hpp"

namespace saddle {

struct HvpCheckOptions {
  std::int64_t directions = 5;       // random unit directions tried; >= 1
  std::optional<double> tolerance{};  // largest accepted |Hv - numeric| / max(|numeric|, 1); unset: 1e-6 double, 1e-2 float
  std::uint64_t seed = 0;

  void validate() const {
    detail::require("HvpCheckOptions", "directions", directions, detail::at_least(1));
    if (tolerance) {
      detail::require("HvpCheckOptions", "tolerance", *tolerance, detail::closed_open(0, detail::infinity));
    }
  }
};

template <Scalar S>
struct HvpCheck {
  bool passed = false;
  S max_error = S(0);       // worst relative error over the directions
  double tolerance = 0.0;
  std::int64_t checked = 0;
  std::int64_t failed = 0;
  Vector<S> worst_direction;  // the direction with the largest error

  [[nodiscard]] std::string brief() const {
    return detail::concat("Hessian-vector check ", passed ? "passed" : "failed", ": ", failed, " of ", checked,
                          " directions above ", tolerance, ", max error ", max_error);
  }
};

// For each random unit v: error = |Hv - (g(x + h v) - g(x - h v)) / 2h| / max(|numeric|, 1).
// An empty or non-finite x, or a NaN/Inf f or gradient at x, throws std::invalid_argument.
template <class F, Scalar S>
HvpCheck<S> check_hvp(F&& f, const Vector<S>& x, const HvpCheckOptions& options = {}) {
  using Objective_ = std::remove_reference_t<F>;
  static_assert(HessianVectorObjective<Objective_, S>,
                "saddle::check_hvp: the objective must have hessian_vector_product(x, v, hv) to be checked");
  options.validate();
  detail::require_point("check_hvp", x);
  const Index n = x.size();
  {
    Vector<S> g(n);
    const S value = detail::evaluate(f, x, g);
    detail::require_finite_evaluation("check_hvp", value, g);
  }
  HvpCheck<S> check;
  check.tolerance = options.tolerance.value_or(std::is_same_v<S, float> ? 1e-2 : 1e-6);
  HessianVectorProduct<Objective_, S> numeric(f, HvpMethod::central_difference);
  Random random(options.seed);
  Vector<S> v(n);
  Vector<S> analytic(n);
  Vector<S> reference(n);
  for (std::int64_t k = 0; k < options.directions; ++k) {
    for (Index i = 0; i < n; ++i) {
      v[i] = static_cast<S>(random.normal());
    }
    v.normalize();
    f.hessian_vector_product(x, v, analytic);
    numeric(x, v, reference);
    const S error = (analytic - reference).norm() / std::max(reference.norm(), S(1));
    ++check.checked;
    if (!(error <= static_cast<S>(check.tolerance))) {
      ++check.failed;
    }
    const bool worse = std::isnan(error) || (!std::isnan(check.max_error) && error > check.max_error);
    if (k == 0 || worse) {
      check.max_error = error;
      check.worst_direction = v;
    }
  }
  check.passed = check.failed == 0;
  return check;
}

}  // namespace saddle
