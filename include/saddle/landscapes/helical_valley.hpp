// The helical valley (Moré, Garbow & Hillstrom 1981, problem 7): a valley floor that winds
// around the x3 axis, minimum 0 at (1, 0, 0).
#pragma once

#include <cmath>
#include <numbers>
#include <utility>

#include "saddle/landscapes/detail/dense_hessian.hpp"
#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// Helical valley (MGH #7): f(x) = 100 (x3 - 10 theta(x1, x2))^2 + 100 (sqrt(x1^2 + x2^2) - 1)^2 + x3^2,
// with theta = atan(x2 / x1) / (2 pi) for x1 > 0 and atan(x2 / x1) / (2 pi) + 1/2 for x1 < 0.
// Start (-1, 0, 0), f = 2500; minimum 0 at (1, 0, 0). The valley floor is a helix around the x3 axis.
//
// theta is the polar angle over 2 pi taken in (-1/4, 3/4): smooth for x1 != 0, continuous across
// x1 = 0 where x2 > 0, but it jumps by 1 across the half-line x1 = 0, x2 < 0, so f is only smooth
// away from x1 = 0 (and undefined on the axis x1 = x2 = 0). MGH leave x1 = 0 undefined; here it
// takes the limit from x1 > 0, theta = sign(x2) / 4, and the gradient there is that side's. On the
// axis the gradient is NaN (0 / 0), which minimizers report as non_finite.
template <Scalar S>
class HelicalValley : public LandscapeInfo<S> {
 public:
  HelicalValley() : LandscapeInfo<S>("helical valley", 3) {
    Vector<S> start(3);
    start << S(-1), S(0), S(0);
    this->start_points_.push_back(std::move(start));
    Vector<double> minimizer(3);
    minimizer << 1.0, 0.0, 0.0;
    const double lambda_min = detail::dense_lambda_min(minimizer, hessian_vector<double>);
    this->critical_points_.push_back(
        detail::labelled<S>(minimizer.cast<S>(), 0.0L, CriticalPointKind::minimum, 0, lambda_min));
    this->minimum_value_ = S(0);
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("HelicalValley", 3, x.size(), "x");
    g.resize(3);
    const S r2 = x[0] * x[0] + x[1] * x[1];
    const S r = std::sqrt(r2);
    const S a = x[2] - S(10) * theta(x[0], x[1]);
    const S b = r - S(1);
    const S c = S(1) / (S(2) * std::numbers::pi_v<S> * r2);  // d theta = c (-x2, x1)
    g[0] = S(200) * (a * S(10) * x[1] * c + b * x[0] / r);
    g[1] = S(200) * (a * S(-10) * x[0] * c + b * x[1] / r);
    g[2] = S(200) * a + S(2) * x[2];
    return S(100) * (a * a + b * b) + x[2] * x[2];
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("HelicalValley", 3, x.size(), "x");
    detail::require_dimension("HelicalValley", 3, v.size(), "v");
    hessian_vector<S>(x, v, hv);
  }

 private:
  template <Scalar T>
  static T theta(T x1, T x2) {
    const T turn = T(2) * std::numbers::pi_v<T>;
    if (x1 > T(0)) {
      return std::atan(x2 / x1) / turn;
    }
    if (x1 < T(0)) {
      return std::atan(x2 / x1) / turn + T(0.5);
    }
    return x2 > T(0) ? T(0.25) : x2 < T(0) ? T(-0.25) : T(0);
  }

  // With a = x3 - 10 theta and b = r - 1: H = 200 (grad a grad a^T + a hess a + grad b grad b^T + b hess b) + 2 e3 e3^T,
  // grad a = (-10 theta_1, -10 theta_2, 1), hess a = -10 hess theta (x1, x2 block),
  // hess theta = [[2 x1 x2, x2^2 - x1^2], [x2^2 - x1^2, -2 x1 x2]] / (2 pi r^4), hess b = [[x2^2, -x1 x2], [-x1 x2, x1^2]] / r^3.
  template <Scalar T>
  static void hessian_vector(const Vector<T>& x, const Vector<T>& v, Vector<T>& hv) {
    const T r2 = x[0] * x[0] + x[1] * x[1];
    const T r = std::sqrt(r2);
    const T a = x[2] - T(10) * theta(x[0], x[1]);
    const T b = r - T(1);
    const T turn = T(2) * std::numbers::pi_v<T>;
    const T c = T(1) / (turn * r2);
    const T a1 = T(10) * x[1] * c;   // da/dx1 = -10 theta_1 = 10 x2 / (2 pi r^2)
    const T a2 = T(-10) * x[0] * c;  // da/dx2 = -10 theta_2
    const T b1 = x[0] / r;
    const T b2 = x[1] / r;
    const T c4 = c / r2;  // 1 / (2 pi r^4)
    const T t11 = T(2) * x[0] * x[1] * c4;
    const T t12 = (x[1] * x[1] - x[0] * x[0]) * c4;
    const T r3 = r2 * r;
    const T q11 = x[1] * x[1] / r3;
    const T q12 = -x[0] * x[1] / r3;
    const T q22 = x[0] * x[0] / r3;
    const T av = a1 * v[0] + a2 * v[1] + v[2];
    const T bv = b1 * v[0] + b2 * v[1];
    hv.resize(3);
    // hess a v = -10 (t11 v1 + t12 v2, t12 v1 - t11 v2), since hess theta is traceless.
    hv[0] = T(200) * (a1 * av + a * T(-10) * (t11 * v[0] + t12 * v[1]) + b1 * bv + b * (q11 * v[0] + q12 * v[1]));
    hv[1] = T(200) * (a2 * av + a * T(-10) * (t12 * v[0] - t11 * v[1]) + b2 * bv + b * (q12 * v[0] + q22 * v[1]));
    hv[2] = T(200) * av + T(2) * v[2];
  }
};

}  // namespace saddle::landscapes
