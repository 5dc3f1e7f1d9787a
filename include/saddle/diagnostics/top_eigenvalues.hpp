// top_eigenvalues(): the k largest eigenvalues of a symmetric operator (or of f's Hessian at x) by
// Lanczos with full reorthogonalization, each with its residual bound.
#pragma once

#include <algorithm>
#include <cstdint>
#include <type_traits>

#include "saddle/core/objective.hpp"
#include "saddle/core/types.hpp"
#include "saddle/core/validation.hpp"
#include "saddle/diagnostics/eigenpairs.hpp"
#include "saddle/diagnostics/hessian_operator.hpp"
#include "saddle/second_order/lanczos.hpp"

namespace saddle {

// The k largest eigenvalues of the operator `product(v, hv)` of dimension n (1 <= k <= n), with
// residual bounds. The options' which and wanted are set here; max_iterations is raised to 2k.
template <Scalar S, class Operator>
Eigenpairs<S> top_eigenvalues(Operator&& product, Index n, Index k, const LanczosOptions& options = {}) {
  detail::require("top_eigenvalues", "n", n, detail::at_least(1));
  detail::require("top_eigenvalues", "k", k, detail::closed(1, static_cast<double>(n)));
  LanczosOptions o = options;
  o.which = Spectrum::largest;
  o.wanted = k;
  o.max_iterations = std::max<std::int64_t>(o.max_iterations, 2 * k);
  Lanczos<S> lanczos(n, o);
  lanczos.run(product);
  const Index m = lanczos.iterations();
  const Index count = std::min(k, m);
  Eigenpairs<S> out;
  out.values.resize(count);
  out.vectors.resize(n, count);
  out.residuals.resize(count);
  for (Index i = 0; i < count; ++i) {
    out.values[i] = lanczos.values()[m - 1 - i];
    out.residuals[i] = lanczos.residuals()[m - 1 - i];
    lanczos.ritz_vector(m - 1 - i, out.vectors.col(i));
  }
  out.products = m;
  return out;
}

// The k largest eigenvalues of the Hessian of f at x (products by HvpMethod::automatic; use
// hessian_at(f, x, method) with the form above for another method).
template <class F, Scalar S>
Eigenpairs<S> top_eigenvalues(F&& f, const Vector<S>& x, Index k, const LanczosOptions& options = {}) {
  static_assert(Objective<std::remove_reference_t<F>, S>,
                "saddle::top_eigenvalues: the objective must be callable as `S f(const Vector<S>& x, Vector<S>& g)`");
  detail::require_point("top_eigenvalues", x);
  auto hessian = hessian_at(f, x);
  return top_eigenvalues<S>(hessian, x.size(), k, options);
}

}  // namespace saddle
