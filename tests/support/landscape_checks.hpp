// Helpers shared by the landscape tests: a dense Hessian from Hessian-vector products, and the
// error of a Hessian-vector product against central differences of the gradient.
#pragma once

#include <algorithm>

#include <saddle/core/types.hpp>

namespace saddle_test {

// Dense Hessian assembled column by column from the landscape's own Hessian-vector products.
template <class L, class S>
saddle::Matrix<S> dense_hessian(L& landscape, const saddle::Vector<S>& x) {
  const saddle::Index n = x.size();
  saddle::Matrix<S> h(n, n);
  saddle::Vector<S> e = saddle::Vector<S>::Zero(n);
  saddle::Vector<S> column(n);
  for (saddle::Index j = 0; j < n; ++j) {
    e[j] = S(1);
    landscape.hessian_vector_product(x, e, column);
    h.col(j) = column;
    e[j] = S(0);
  }
  return h;
}

// Relative error of the landscape's Hv against central differences of its gradient.
template <class L>
double hvp_error(L& landscape, const saddle::Vector<double>& x, const saddle::Vector<double>& v) {
  using V = saddle::Vector<double>;
  const double h = 1e-5 * std::max(1.0, x.norm()) / v.norm();
  V gp(x.size());
  V gm(x.size());
  landscape(V(x + h * v), gp);
  landscape(V(x - h * v), gm);
  const V numeric = (gp - gm) / (2 * h);
  V hv;
  landscape.hessian_vector_product(x, v, hv);
  return (hv - numeric).norm() / std::max(1.0, numeric.norm());
}

}  // namespace saddle_test
