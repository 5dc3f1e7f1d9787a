// The dense Hessian of a small landscape, assembled from its own Hessian-vector products, and its
// smallest eigenvalue: how landscapes without a closed form label the curvature of their minima.
#pragma once

#include "saddle/core/detail/dense_solvers.hpp"
#include "saddle/core/types.hpp"

namespace saddle::landscapes::detail {

// H(x) column by column: H e_j = hvp(x, e_j, column). n products of size n; for small n.
// Never inlined: inlined into a landscape's constructor together with an hvp that resizes its
// output, g++ 12 -O3 reports a use after free in Eigen's storage that cannot happen (-Wuse-after-free).
template <Scalar S, class HessianVector>
[[gnu::noinline]] Matrix<S> dense_hessian(const Vector<S>& x, HessianVector&& hvp) {
  const Index n = x.size();
  Matrix<S> h(n, n);
  Vector<S> e = Vector<S>::Zero(n);
  Vector<S> column(n);
  for (Index j = 0; j < n; ++j) {
    e[j] = S(1);
    hvp(x, e, column);
    h.col(j) = column;
    e[j] = S(0);
  }
  return h;
}

// The smallest eigenvalue of H(x) (a dense symmetric eigensolver on its lower triangle).
template <Scalar S, class HessianVector>
S dense_lambda_min(const Vector<S>& x, HessianVector&& hvp) {
  return saddle::detail::symmetric_eigen<S>(dense_hessian(x, hvp), false).values[0];
}

}  // namespace saddle::landscapes::detail
