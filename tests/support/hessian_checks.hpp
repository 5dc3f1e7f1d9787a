// Helpers shared by the tests of landscapes, curvature methods and diagnostics: a dense Hessian from
// Hessian-vector products, the error of a Hessian-vector product against central differences of
// the gradient, and random symmetric test matrices.
#pragma once

#include <algorithm>
#include <random>

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

// A symmetric matrix (A + A^T) / 2 with standard normal A (std::mt19937_64: reproducible on one
// standard library; the tests use it only for matrices checked against a dense eigensolver).
inline saddle::Matrix<double> random_symmetric(saddle::Index n, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  saddle::Matrix<double> a(n, n);
  for (saddle::Index i = 0; i < n; ++i) {
    for (saddle::Index j = 0; j < n; ++j) {
      a(i, j) = normal(rng);
    }
  }
  return 0.5 * (a + a.transpose());
}

}  // namespace saddle_test
