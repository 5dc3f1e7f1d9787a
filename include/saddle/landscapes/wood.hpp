// Wood's function (Moré, Garbow & Hillstrom 1981, problem 14; Colville's): two coupled
// Rosenbrock valleys, minimum 0 at (1, 1, 1, 1).
#pragma once

#include <utility>

#include "saddle/landscapes/detail/dense_hessian.hpp"
#include "saddle/landscapes/detail/labels.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

// Wood (MGH #14, Colville's function): f(x) = 100 (x2 - x1^2)^2 + (1 - x1)^2 + 90 (x4 - x3^2)^2 + (1 - x3)^2
// + 10 (x2 + x4 - 2)^2 + 0.1 (x2 - x4)^2. Start (-3, -1, -3, -1), f = 19192; minimum 0 at (1, 1, 1, 1).
// Two Rosenbrock valleys coupled through x2 and x4, with a near-stationary region that traps methods.
template <Scalar S>
class Wood : public LandscapeInfo<S> {
 public:
  Wood() : LandscapeInfo<S>("wood", 4) {
    Vector<S> start(4);
    start << S(-3), S(-1), S(-3), S(-1);
    this->start_points_.push_back(std::move(start));
    const Vector<double> minimizer = Vector<double>::Ones(4);
    const double lambda_min = detail::dense_lambda_min(minimizer, hessian_vector<double>);
    this->critical_points_.push_back(
        detail::labelled<S>(minimizer.cast<S>(), 0.0L, CriticalPointKind::minimum, 0, lambda_min));
    this->minimum_value_ = S(0);
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("Wood", 4, x.size(), "x");
    g.resize(4);
    const S t1 = x[1] - x[0] * x[0];
    const S u1 = S(1) - x[0];
    const S t3 = x[3] - x[2] * x[2];
    const S u3 = S(1) - x[2];
    const S s = x[1] + x[3] - S(2);
    const S d = x[1] - x[3];
    g[0] = S(-400) * x[0] * t1 - S(2) * u1;
    g[1] = S(200) * t1 + S(20) * s + S(0.2) * d;
    g[2] = S(-360) * x[2] * t3 - S(2) * u3;
    g[3] = S(180) * t3 + S(20) * s - S(0.2) * d;
    return S(100) * t1 * t1 + u1 * u1 + S(90) * t3 * t3 + u3 * u3 + S(10) * s * s + S(0.1) * d * d;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("Wood", 4, x.size(), "x");
    detail::require_dimension("Wood", 4, v.size(), "v");
    hessian_vector<S>(x, v, hv);
  }

 private:
  // Nonzero entries: H11 = 1200 x1^2 - 400 x2 + 2, H12 = -400 x1, H22 = 220.2, H24 = 19.8,
  // H33 = 1080 x3^2 - 360 x4 + 2, H34 = -360 x3, H44 = 200.2.
  template <Scalar T>
  static void hessian_vector(const Vector<T>& x, const Vector<T>& v, Vector<T>& hv) {
    const T h11 = T(1200) * x[0] * x[0] - T(400) * x[1] + T(2);
    const T h12 = T(-400) * x[0];
    const T h33 = T(1080) * x[2] * x[2] - T(360) * x[3] + T(2);
    const T h34 = T(-360) * x[2];
    hv.resize(4);
    hv[0] = h11 * v[0] + h12 * v[1];
    hv[1] = h12 * v[0] + T(220.2) * v[1] + T(19.8) * v[3];
    hv[2] = h33 * v[2] + h34 * v[3];
    hv[3] = T(19.8) * v[1] + h34 * v[2] + T(200.2) * v[3];
  }
};

}  // namespace saddle::landscapes
