// Beale's function (Moré, Garbow & Hillstrom 1981, problem 5): a narrow curved valley, minimum 0
// at (3, 0.5).
#pragma once

#include <array>
#include <utility>

#include "saddle/landscapes/detail/dense_hessian.hpp"
#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// Beale (MGH #5): f(x) = sum_{i=1}^{3} (y_i - x1 (1 - x2^i))^2 with y = (1.5, 2.25, 2.625).
// Start (1, 1), f = 14.203125; minimum 0 at (3, 0.5). A narrow curved valley that flattens as x1
// grows, plus a saddle-shaped region near x2 = 1 (where every residual's x1-dependence vanishes).
template <Scalar S>
class Beale : public LandscapeInfo<S> {
 public:
  Beale() : LandscapeInfo<S>("beale", 2) {
    Vector<S> start(2);
    start << S(1), S(1);
    this->start_points_.push_back(std::move(start));
    Vector<double> minimizer(2);
    minimizer << 3.0, 0.5;
    const double lambda_min = detail::dense_lambda_min(minimizer, hessian_vector<double>);
    this->critical_points_.push_back(
        detail::labelled<S>(minimizer.cast<S>(), 0.0L, CriticalPointKind::minimum, 0, lambda_min));
    this->minimum_value_ = S(0);
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("Beale", 2, x.size(), "x");
    g.resize(2);
    S f = S(0);
    g.setZero();
    S power = S(1);  // x2^(i-1)
    for (int i = 1; i <= 3; ++i) {
      // r_i = y_i - x1 (1 - x2^i); dr/dx1 = -(1 - x2^i), dr/dx2 = i x1 x2^(i-1).
      const S r = static_cast<S>(y_[i - 1]) - x[0] * (S(1) - power * x[1]);
      g[0] += S(-2) * r * (S(1) - power * x[1]);
      g[1] += S(2) * r * S(i) * x[0] * power;
      f += r * r;
      power *= x[1];
    }
    return f;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("Beale", 2, x.size(), "x");
    detail::require_dimension("Beale", 2, v.size(), "v");
    hessian_vector<S>(x, v, hv);
  }

 private:
  static constexpr std::array<double, 3> y_{1.5, 2.25, 2.625};

  // H = 2 sum_i (grad r_i grad r_i^T + r_i hess r_i), with hess r_i = [[0, i x2^(i-1)], [i x2^(i-1), i (i-1) x1 x2^(i-2)]].
  template <Scalar T>
  static void hessian_vector(const Vector<T>& x, const Vector<T>& v, Vector<T>& hv) {
    T h11 = T(0);
    T h12 = T(0);
    T h22 = T(0);
    T power = T(1);     // x2^(i-1)
    T previous = T(0);  // x2^(i-2), 0 for i = 1 (where its coefficient i (i-1) vanishes anyway)
    for (int i = 1; i <= 3; ++i) {
      const T r = static_cast<T>(y_[i - 1]) - x[0] * (T(1) - power * x[1]);
      const T d1 = -(T(1) - power * x[1]);
      const T d2 = T(i) * x[0] * power;
      h11 += T(2) * d1 * d1;
      h12 += T(2) * (d1 * d2 + r * T(i) * power);
      h22 += T(2) * (d2 * d2 + r * T(i * (i - 1)) * x[0] * previous);
      previous = power;
      power *= x[1];
    }
    hv.resize(2);
    hv[0] = h11 * v[0] + h12 * v[1];
    hv[1] = h12 * v[0] + h22 * v[1];
  }
};

}  // namespace saddle::landscapes
