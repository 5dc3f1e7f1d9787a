// Classic unconstrained test problems of Moré, Garbow & Hillstrom (1981), "Testing unconstrained
// optimization software", ACM TOMS 7(1):17-41: Beale (#5), helical valley (#7), Wood (#14) and the
// extended Powell singular function (#22). MGH's extended Rosenbrock (#21) is Rosenbrock's pairs form.
#pragma once

#include <Eigen/Eigenvalues>
#include <array>
#include <cmath>
#include <numbers>
#include <stdexcept>
#include <utility>

#include "saddle/core/validation.hpp"
#include "saddle/landscapes/landscape.hpp"

namespace saddle::landscapes {

namespace detail {

// Smallest eigenvalue of a small landscape's Hessian at x, assembled in double column by column
// from the Hessian-vector product `hvp(x, v, hv)` and handed to a dense symmetric eigensolver.
template <class HessianVector>
double dense_lambda_min(const Vector<double>& x, HessianVector&& hvp) {
  const Index n = x.size();
  Matrix<double> h(n, n);
  Vector<double> e = Vector<double>::Zero(n);
  Vector<double> column(n);
  for (Index j = 0; j < n; ++j) {
    e[j] = 1.0;
    hvp(x, e, column);
    h.col(j) = column;
    e[j] = 0.0;
  }
  const Eigen::SelfAdjointEigenSolver<Matrix<double>> eig(h, Eigen::EigenvaluesOnly);
  return eig.eigenvalues()[0];
}

// The one labelled point of an MGH problem: its global minimizer, with the minimum value.
template <Scalar S>
LabelledPoint<S> mgh_minimum(Vector<S> point, double value, double lambda_min) {
  LabelledPoint<S> minimum;
  minimum.point = std::move(point);
  minimum.value = static_cast<S>(value);
  minimum.kind = CriticalPointKind::minimum;
  minimum.index = 0;
  minimum.lambda_min = static_cast<S>(lambda_min);
  return minimum;
}

}  // namespace detail

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
    this->critical_points_.push_back(detail::mgh_minimum(Vector<S>(minimizer.cast<S>()), 0.0, lambda_min));
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
    this->critical_points_.push_back(detail::mgh_minimum(Vector<S>(minimizer.cast<S>()), 0.0, lambda_min));
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
    this->critical_points_.push_back(detail::mgh_minimum(Vector<S>(minimizer.cast<S>()), 0.0, lambda_min));
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

// Extended Powell singular function (MGH #22), n a multiple of 4: for each block (a, b, c, d) of four
// coordinates, (a + 10 b)^2 + 5 (c - d)^2 + (b - 2 c)^4 + 10 (a - d)^4. Start (3, -1, 0, 1, 3, -1, 0, 1, ...),
// f = 215 per block; minimum 0 at 0.
//
// The Hessian at the minimizer is singular: each block is [[2, 20, 0, 0], [20, 200, 0, 0], [0, 0, 10, -10],
// [0, 0, -10, 10]], of rank 2, so lambda_min = 0 with multiplicity n / 2 and Newton-type methods converge
// only linearly. The point is still labelled `minimum` (index 0, lambda_min = 0), not `degenerate`: f >= 0
// with f = 0 only at 0 makes it the unique global minimizer, CriticalPointKind documents `minimum` as
// covering "a known minimum of a degenerate Hessian", and `degenerate` would list it among saddles()
// and leave minimizers() empty.
template <Scalar S>
class ExtendedPowellSingular : public LandscapeInfo<S> {
 public:
  explicit ExtendedPowellSingular(Index n = 4)
      : LandscapeInfo<S>(saddle::detail::concat("extended powell singular (n = ", n, ")"), n) {
    saddle::detail::require("landscapes::ExtendedPowellSingular", "n", n, saddle::detail::at_least(4));
    if (n % 4 != 0) {
      throw std::invalid_argument(
          saddle::detail::concat("saddle::landscapes::ExtendedPowellSingular: n = ", n, " violates n % 4 == 0"));
    }
    Vector<S> start(n);
    for (Index i = 0; i < n; i += 4) {
      start.template segment<4>(i) << S(3), S(-1), S(0), S(1);
    }
    this->start_points_.push_back(std::move(start));
    // Block diagonal Hessian, every block singular (see above): lambda_min = 0 in closed form.
    this->critical_points_.push_back(detail::mgh_minimum(Vector<S>(Vector<S>::Zero(n)), 0.0, 0.0));
    this->minimum_value_ = S(0);
  }

  S operator()(const Vector<S>& x, Vector<S>& g) const {
    detail::require_dimension("ExtendedPowellSingular", this->dimension_, x.size(), "x");
    const Index n = x.size();
    g.resize(n);
    S f = S(0);
    for (Index i = 0; i < n; i += 4) {
      const S p = x[i] + S(10) * x[i + 1];
      const S q = x[i + 2] - x[i + 3];
      const S s = x[i + 1] - S(2) * x[i + 2];
      const S t = x[i] - x[i + 3];
      const S s2 = s * s;
      const S t2 = t * t;
      f += p * p + S(5) * q * q + s2 * s2 + S(10) * t2 * t2;
      g[i] = S(2) * p + S(40) * t2 * t;
      g[i + 1] = S(20) * p + S(4) * s2 * s;
      g[i + 2] = S(10) * q - S(8) * s2 * s;
      g[i + 3] = S(-10) * q - S(40) * t2 * t;
    }
    return f;
  }

  void hessian_vector_product(const Vector<S>& x, const Vector<S>& v, Vector<S>& hv) const {
    detail::require_dimension("ExtendedPowellSingular", this->dimension_, x.size(), "x");
    detail::require_dimension("ExtendedPowellSingular", this->dimension_, v.size(), "v");
    const Index n = x.size();
    hv.resize(n);
    for (Index i = 0; i < n; i += 4) {
      // Block: [[2 + 120 t^2, 20, 0, -120 t^2], [20, 200 + 12 s^2, -24 s^2, 0],
      //         [0, -24 s^2, 10 + 48 s^2, -10], [-120 t^2, 0, -10, 10 + 120 t^2]].
      const S s = x[i + 1] - S(2) * x[i + 2];
      const S t = x[i] - x[i + 3];
      const S ts = S(120) * t * t;
      const S ss = S(12) * s * s;
      const S va = v[i];
      const S vb = v[i + 1];
      const S vc = v[i + 2];
      const S vd = v[i + 3];
      hv[i] = (S(2) + ts) * va + S(20) * vb - ts * vd;
      hv[i + 1] = S(20) * va + (S(200) + ss) * vb - S(2) * ss * vc;
      hv[i + 2] = S(-2) * ss * vb + (S(10) + S(4) * ss) * vc - S(10) * vd;
      hv[i + 3] = -ts * va - S(10) * vc + (S(10) + ts) * vd;
    }
  }
};

}  // namespace saddle::landscapes
