// Tests of the landscapes: hand-computed values, gradients and Hessian-vector products against
// finite differences, and every labelled critical point verified (gradient zero, Hessian
// inertia and smallest eigenvalue from a dense eigensolver, location refined by Newton).
#include <Eigen/Eigenvalues>
#include <cmath>
#include <random>
#include <string>

#include "support/catch.hpp"

#include <saddle/saddle.hpp>

using saddle::CriticalPointKind;
using saddle::Index;
using saddle::Matrix;
using saddle::Vector;
using saddle_test::Approx;
namespace ls = saddle::landscapes;

namespace {

// Dense Hessian assembled column by column from the landscape's own Hessian-vector products.
template <class L, class S>
Matrix<S> dense_hessian(L& landscape, const Vector<S>& x) {
  const Index n = x.size();
  Matrix<S> h(n, n);
  Vector<S> e = Vector<S>::Zero(n);
  Vector<S> column(n);
  for (Index j = 0; j < n; ++j) {
    e[j] = S(1);
    landscape.hessian_vector_product(x, e, column);
    h.col(j) = column;
    e[j] = S(0);
  }
  return h;
}

// Relative error of the landscape's Hv against central differences of its gradient.
template <class L>
double hvp_error(L& landscape, const Vector<double>& x, const Vector<double>& v) {
  const double h = 1e-5 * std::max(1.0, x.norm()) / v.norm();
  Vector<double> gp(x.size());
  Vector<double> gm(x.size());
  landscape(Vector<double>(x + h * v), gp);
  landscape(Vector<double>(x - h * v), gm);
  const Vector<double> numeric = (gp - gm) / (2 * h);
  Vector<double> hv;
  landscape.hessian_vector_product(x, v, hv);
  return (hv - numeric).norm() / std::max(1.0, numeric.norm());
}

// Gradients (check_gradient) and Hessian-vector products (differences of gradients) at random points.
template <class L>
void check_derivatives(L& landscape, double scale, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-scale, scale);
  const Index n = landscape.dimension();
  for (int trial = 0; trial < 5; ++trial) {
    Vector<double> x(n);
    Vector<double> v(n);
    for (Index i = 0; i < n; ++i) {
      x[i] = uniform(rng);
      v[i] = uniform(rng);
    }
    INFO(landscape.name() << " at trial " << trial);
    const auto check = saddle::check_gradient(landscape, x);
    INFO(check.brief());
    CHECK(check.passed);
    CHECK(hvp_error(landscape, x, v) < 1e-7);
  }
}

// Every labelled point: gradient ~ 0, value as labelled, inertia and lambda_min as labelled.
template <class L>
void check_labels(L& landscape, double gradient_tolerance) {
  REQUIRE(!landscape.critical_points().empty());
  for (const auto& p : landscape.critical_points()) {
    INFO(landscape.name() << ": " << saddle::to_string(p.kind) << " at " << p.point.transpose());
    Vector<double> g(p.point.size());
    const double f = landscape(p.point, g);
    CHECK(g.norm() <= gradient_tolerance);
    CHECK(f == Approx(p.value).margin(1e-12).epsilon(1e-14));
    const Eigen::SelfAdjointEigenSolver<Matrix<double>> eig(dense_hessian(landscape, p.point));
    const auto& lambda = eig.eigenvalues();
    const int negative = static_cast<int>((lambda.array() < 0).count());
    CHECK(negative == p.index);
    CHECK(lambda.minCoeff() == Approx(p.lambda_min).epsilon(1e-10));
    switch (p.kind) {
      case CriticalPointKind::minimum: CHECK(lambda.minCoeff() > 0); break;
      case CriticalPointKind::maximum: CHECK(lambda.maxCoeff() < 0); break;
      case CriticalPointKind::strict_saddle:
        CHECK(lambda.minCoeff() < 0);
        CHECK(lambda.maxCoeff() > 0);
        break;
      default: FAIL("unexpected label");
    }
  }
}

}  // namespace

TEST_CASE("quadratic: values by hand, labels and validation") {
  Vector<double> eigenvalues(3);
  eigenvalues << 1.0, 4.0, 9.0;
  ls::Quadratic<double> bowl(eigenvalues);
  Vector<double> x(3);
  x << 1.0, 1.0, 2.0;
  Vector<double> g;
  CHECK(bowl(x, g) == 0.5 * (1 + 4 + 36));
  CHECK(g == Vector<double>((Vector<double>(3) << 1.0, 4.0, 18.0).finished()));
  CHECK(bowl.name() == "quadratic");
  CHECK(bowl.minimum_value() == 0.0);
  REQUIRE(bowl.minimizers().size() == 1);
  CHECK(bowl.minimizers()[0].isZero());
  CHECK(bowl.saddles().empty());
  check_derivatives(bowl, 3.0, 1);
  check_labels(bowl, 0.0);

  auto saddle_xy = ls::x2_minus_y2<double>();
  Vector<double> p(2);
  p << 1.0, 2.0;
  CHECK(saddle_xy(p, g) == 1.0 - 4.0);  // x^2 - y^2
  CHECK(g[0] == 2.0);
  CHECK(g[1] == -4.0);
  CHECK(saddle_xy.name() == "x^2 - y^2");
  CHECK_FALSE(saddle_xy.bounded_below());
  CHECK(saddle_xy.minimizers().empty());
  REQUIRE(saddle_xy.saddles().size() == 1);
  CHECK(saddle_xy.saddles()[0].index == 1);
  CHECK(saddle_xy.saddles()[0].lambda_min == -2.0);
  CHECK(saddle_xy.start_points().size() == 2);
  check_derivatives(saddle_xy, 3.0, 2);
  check_labels(saddle_xy, 0.0);

  Vector<double> negative(2);
  negative << -1.0, -3.0;
  ls::Quadratic<double> cap(negative);
  REQUIRE(cap.maxima().size() == 1);
  CHECK(cap.maxima()[0].index == 2);
  check_labels(cap, 0.0);

  auto valley = ls::ill_conditioned_quadratic<double>(5, 1e6);
  CHECK(valley.eigenvalues()[0] == 1.0);
  CHECK(valley.eigenvalues()[4] == Approx(1e6).epsilon(1e-14));
  CHECK(valley.eigenvalues()[2] == Approx(1e3).epsilon(1e-14));

  Vector<double> with_zero(2);
  with_zero << 1.0, 0.0;
  REQUIRE_THROWS_WITH(ls::Quadratic<double>(with_zero),
                      "saddle::landscapes::Quadratic: eigenvalues[1] = 0 violates eigenvalues[i] != 0");
  REQUIRE_THROWS_WITH(ls::ill_conditioned_quadratic<double>(3, 0.5),
                      "saddle::landscapes::ill_conditioned_quadratic: condition = 0.5 violates 1 <= condition < inf");
  Vector<double> wrong_size(4);
  REQUIRE_THROWS_WITH(bowl(wrong_size, g), "saddle::landscapes::Quadratic: x has size 4, expected 3");
}

TEST_CASE("rosenbrock: values by hand, both forms, derivatives and the minimum's curvature") {
  ls::Rosenbrock<double> r2;
  Vector<double> x(2);
  x << -1.2, 1.0;
  Vector<double> g;
  // 100 (1 - 1.44)^2 + (2.2)^2 = 19.36 + 4.84 = 24.2
  CHECK(r2(x, g) == Approx(24.2).epsilon(1e-15));
  // d/dx = -400 x (y - x^2) - 2 (1 - x) = -400 (-1.2)(-0.44) - 4.4 = -215.6; d/dy = 200 (y - x^2) = -88
  CHECK(g[0] == Approx(-215.6).epsilon(1e-15));
  CHECK(g[1] == Approx(-88.0).epsilon(1e-15));
  CHECK(r2.start_point() == x);
  check_labels(r2, 0.0);

  for (Index n : {3, 6, 11}) {
    ls::Rosenbrock<double> chained(n);
    check_derivatives(chained, 2.0, static_cast<unsigned>(n));
    check_labels(chained, 0.0);
  }
  ls::Rosenbrock<double> pairs(6, ls::RosenbrockForm::pairs);
  check_derivatives(pairs, 2.0, 7);
  check_labels(pairs, 0.0);
  // The pairs form is a sum of independent 2-D Rosenbrocks: 3 copies of f(-1.2, 1).
  CHECK(pairs(pairs.start_point(), g) == Approx(3 * 24.2).epsilon(1e-14));

  REQUIRE_THROWS_WITH(ls::Rosenbrock<double>(1), "saddle::landscapes::Rosenbrock: n = 1 violates n >= 2");
  REQUIRE_THROWS_WITH(ls::Rosenbrock<double>(5, ls::RosenbrockForm::pairs),
                      "saddle::landscapes::Rosenbrock: n = 5 violates n % 2 == 0 (required when form = pairs)");
}

TEST_CASE("rosenbrock: lambda_min by Sturm bisection agrees with a dense eigensolver up to n = 200") {
  for (Index n : {2, 4, 7, 50, 200}) {
    ls::Rosenbrock<double> r(n);
    const Eigen::SelfAdjointEigenSolver<Matrix<double>> eig(dense_hessian(r, Vector<double>(Vector<double>::Ones(n))));
    INFO("n = " << n);
    CHECK(r.critical_points()[0].lambda_min == Approx(eig.eigenvalues()[0]).epsilon(1e-10));
  }
}

TEST_CASE("himmelblau: 4 minima, 4 saddles, 1 maximum, located to 1e-12") {
  ls::Himmelblau<double> h;
  Vector<double> origin = Vector<double>::Zero(2);
  Vector<double> g;
  CHECK(h(origin, g) == 170.0);  // 11^2 + 7^2
  CHECK(g[0] == -14.0);          // 4*0*(-11) + 2*(-7)
  CHECK(g[1] == -22.0);          // 2*(-11) + 4*0*(-7)
  CHECK(h.minima().size() == 4);
  CHECK(h.saddles().size() == 4);
  CHECK(h.maxima().size() == 1);
  CHECK(h.minimizers().size() == 4);
  check_derivatives(h, 5.0, 3);
  check_labels(h, 1e-12);

  // Refine every stored point by Newton's method in long double, independently of the stored
  // digits: each must already sit within 1e-12 of the true critical point.
  ls::Himmelblau<long double> hl;
  for (const auto& p : h.critical_points()) {
    Vector<long double> z = p.point.cast<long double>();
    Vector<long double> gz(2);
    for (int iteration = 0; iteration < 8; ++iteration) {
      hl(z, gz);
      const Matrix<long double> hz = dense_hessian(hl, z);
      z -= hz.ldlt().solve(gz);
    }
    INFO(saddle::to_string(p.kind) << " at " << p.point.transpose());
    CHECK(static_cast<double>((z - p.point.cast<long double>()).norm()) < 1e-12);
    hl(z, gz);
    CHECK(static_cast<double>(gz.norm()) < 1e-15);
  }
}

TEST_CASE("landscapes in float") {
  ls::Himmelblau<float> h;
  for (const auto& p : h.critical_points()) {
    Vector<float> g(2);
    h(p.point, g);
    CHECK(g.norm() < 1e-3f);  // float rounding of the stored point moves the gradient by ~1e-5 * curvature
  }
  ls::Rosenbrock<float> r(4);
  Vector<float> g;
  CHECK(r(Vector<float>(Vector<float>::Ones(4)), g) == 0.0f);
  CHECK(g.isZero());
  static_assert(ls::Landscape<ls::Himmelblau<float>, float>);
  static_assert(ls::Landscape<ls::Rosenbrock<double>, double>);
  static_assert(ls::Landscape<ls::Quadratic<double>, double>);
}
