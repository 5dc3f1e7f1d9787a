// power_iteration(): the eigenvalue of largest magnitude by power iteration, the textbook method
// kept for comparison with Lanczos.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "saddle/core/format.hpp"
#include "saddle/core/random.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/diagnostics/eigenpairs.hpp"

namespace saddle {

struct PowerIterationOptions {
  std::int64_t max_iterations = 1000;  // products at most; >= 1
  double tolerance = 1e-8;             // stop when |H y - theta y| <= tolerance |theta|; 0 <= it < inf
  std::uint64_t seed = 0;

  void validate() const {
    detail::require("PowerIterationOptions", "max_iterations", max_iterations, detail::at_least(1));
    detail::require("PowerIterationOptions", "tolerance", tolerance, detail::closed_open(0, detail::infinity));
  }
};

// The eigenvalue of largest magnitude by power iteration (Rayleigh quotient and residual per
// step): Lanczos needs far fewer products (see the tests). No allocation after the setup.
template <Scalar S, class Operator>
Eigenpairs<S> power_iteration(Operator&& product, Index n, const PowerIterationOptions& options = {}) {
  options.validate();
  detail::require("power_iteration", "n", n, detail::at_least(1));
  Random random(options.seed);
  Vector<S> y(n);
  for (Index i = 0; i < n; ++i) {
    y[i] = static_cast<S>(random.normal());
  }
  y.normalize();
  Vector<S> hy(n);
  S theta = S(0);
  S residual = std::numeric_limits<S>::infinity();
  std::int64_t k = 0;
  while (k < options.max_iterations) {
    product(y, hy);
    ++k;
    theta = y.dot(hy);
    residual = (hy - theta * y).norm();
    if (!std::isfinite(theta) || !std::isfinite(residual)) {
      throw std::invalid_argument(detail::concat("saddle::power_iteration: the operator returned a non-finite "
                                                 "product at iteration ", k - 1, " (y^T H y = ", theta, ")"));
    }
    if (residual <= static_cast<S>(options.tolerance) * std::abs(theta)) {
      break;
    }
    const S norm = hy.norm();
    if (norm == S(0)) {
      break;
    }
    y = hy / norm;
  }
  Eigenpairs<S> out;
  out.values = Vector<S>::Constant(1, theta);
  out.vectors = y;
  out.residuals = Vector<S>::Constant(1, residual);
  out.products = k;
  return out;
}

}  // namespace saddle
