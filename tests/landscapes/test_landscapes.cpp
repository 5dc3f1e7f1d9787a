// Tests of the landscapes: hand-computed values, gradients and Hessian-vector products against
// finite differences, and every labelled critical point verified (gradient zero, Hessian
// inertia and smallest eigenvalue from a dense eigensolver, location refined by Newton).
#include <Eigen/Eigenvalues>
#include <cmath>
#include <numbers>
#include <random>
#include <string>

#include "support/catch.hpp"
#include "support/dense_reference.hpp"
#include "support/hessian_checks.hpp"

#include <saddle/saddle.hpp>

using saddle::CriticalPointKind;
using saddle::Index;
using saddle::Matrix;
using saddle::Vector;
using saddle_test::Approx;
namespace ls = saddle::landscapes;

namespace {

using saddle_test::dense_hessian;
using saddle_test::hvp_error;

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
    const saddle_test::SymmetricEigen<double> eig(dense_hessian(landscape, p.point));
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
    check_labels(chained, 1e-12);  // n = 6 labels points located to double precision
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
    const saddle_test::SymmetricEigen<double> eig(dense_hessian(r, Vector<double>(Vector<double>::Ones(n))));
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

namespace {

// A minimum whose Hessian is singular (lambda_min = 0, as for the extended Powell singular
// function): check_labels with the eigenvalue tests relaxed to "nonnegative up to rounding",
// the null space counted, and minimality checked directly by sampling around the point.
template <class L>
void check_singular_minimum(L& landscape, Index nullity, unsigned seed) {
  REQUIRE(landscape.critical_points().size() == 1);
  const auto& p = landscape.critical_points()[0];
  INFO(landscape.name() << ": " << saddle::to_string(p.kind) << " at " << p.point.transpose());
  CHECK(p.kind == CriticalPointKind::minimum);
  CHECK(p.index == 0);
  CHECK(p.lambda_min == 0.0);
  Vector<double> g(p.point.size());
  const double f = landscape(p.point, g);
  CHECK(g.norm() == 0.0);
  CHECK(f == p.value);
  const saddle_test::SymmetricEigen<double> eig(dense_hessian(landscape, p.point));
  const auto& lambda = eig.eigenvalues();
  const double zero = 1e-12 * lambda.cwiseAbs().maxCoeff();
  CHECK(lambda.minCoeff() >= -zero);
  CHECK((lambda.array().abs() <= zero).count() == nullity);
  CHECK(lambda.minCoeff() == Approx(p.lambda_min).margin(zero));
  // Along the null space f grows only at fourth order: still strictly above the minimum.
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-1e-3, 1e-3);
  for (int trial = 0; trial < 100; ++trial) {
    Vector<double> x = p.point;
    for (Index i = 0; i < x.size(); ++i) {
      x[i] += uniform(rng);
    }
    CHECK(landscape(x, g) > p.value);
  }
}

}  // namespace

TEST_CASE("mgh beale: MGH's f(x0) = 14.203125, derivatives, the minimum at (3, 0.5)") {
  ls::Beale<double> beale;
  Vector<double> g;
  CHECK(beale.start_point() == (Vector<double>(2) << 1.0, 1.0).finished());
  // Residuals at (1, 1): 1.5, 2.25, 2.625 (x1 (1 - x2^i) = 0): 2.25 + 5.0625 + 6.890625.
  CHECK(beale(beale.start_point(), g) == 14.203125);
  CHECK(g[0] == 0.0);                                    // -2 sum r_i (1 - 1^i)
  CHECK(g[1] == 2 * (1.5 * 1 + 2.25 * 2 + 2.625 * 3));  // 2 sum r_i i x1 x2^(i-1) = 27.75
  check_derivatives(beale, 3.0, 11);
  check_labels(beale, 0.0);
  REQUIRE(beale.minimizers().size() == 1);
  CHECK(beale.minimizers()[0] == (Vector<double>(2) << 3.0, 0.5).finished());
  CHECK(beale.minimum_value() == 0.0);
  // At the minimum the residuals vanish: H = 2 J^T J with J rows (-(1 - 0.5^i), 3 i 0.5^(i-1)).
  Matrix<double> by_hand(2, 2);
  by_hand << 3.15625, -11.4375, -11.4375, 46.125;
  CHECK((dense_hessian(beale, beale.minimizers()[0]) - by_hand).norm() < 1e-13);
}

TEST_CASE("mgh helical valley: MGH's f(x0) = 2500, both branches of theta, the minimum at (1, 0, 0)") {
  ls::HelicalValley<double> valley;
  Vector<double> g;
  CHECK(valley.start_point() == (Vector<double>(3) << -1.0, 0.0, 0.0).finished());
  // At (-1, 0, 0), x1 < 0: theta = atan(0) / 2 pi + 1/2 = 1/2, so 100 (0 - 5)^2 + 100 (1 - 1)^2 + 0.
  CHECK(valley(valley.start_point(), g) == 2500.0);
  CHECK(g[0] == Approx(0.0).margin(1e-12));
  CHECK(g[1] == Approx(-5000.0 / std::numbers::pi).epsilon(1e-14));  // 200 a (-10 x1) / (2 pi r^2), a = -5
  CHECK(g[2] == -1000.0);                                             // 200 a + 2 x3
  check_derivatives(valley, 2.0, 12);
  check_labels(valley, 0.0);
  REQUIRE(valley.minimizers().size() == 1);
  CHECK(valley.minimizers()[0] == (Vector<double>(3) << 1.0, 0.0, 0.0).finished());
  // grad a = (0, -5 / pi, 1), grad b = (1, 0, 0) at the minimum, where a = b = 0.
  const double pi = std::numbers::pi;
  Matrix<double> by_hand(3, 3);
  by_hand << 200, 0, 0, 0, 5000 / (pi * pi), -1000 / pi, 0, -1000 / pi, 202;
  CHECK((dense_hessian(valley, valley.minimizers()[0]) - by_hand).norm() < 1e-10);

  // theta is continuous across x1 = 0 for x2 > 0 and jumps by 1 across it for x2 < 0.
  const auto at = [&](double x1, double x2, double x3) {
    return valley(Vector<double>((Vector<double>(3) << x1, x2, x3).finished()), g);
  };
  CHECK(at(1e-12, 1.0, 0.3) == Approx(at(-1e-12, 1.0, 0.3)).epsilon(1e-9));
  CHECK(at(0.0, 1.0, 0.3) == Approx(at(1e-12, 1.0, 0.3)).epsilon(1e-9));
  CHECK(at(1e-12, -1.0, 0.0) == Approx(625.0).epsilon(1e-9));   // theta -> -1/4: 100 (2.5)^2
  CHECK(at(-1e-12, -1.0, 0.0) == Approx(5625.0).epsilon(1e-9));  // theta -> 3/4: 100 (7.5)^2
}

TEST_CASE("mgh wood: MGH's f(x0) = 19192, derivatives, the minimum at (1, 1, 1, 1)") {
  ls::Wood<double> wood;
  Vector<double> g;
  CHECK(wood.start_point() == (Vector<double>(4) << -3.0, -1.0, -3.0, -1.0).finished());
  // 100 (-10)^2 + 4^2 + 90 (-10)^2 + 4^2 + 10 (-4)^2 + 0.1 * 0 = 10000 + 16 + 9000 + 16 + 160.
  CHECK(wood(wood.start_point(), g) == 19192.0);
  CHECK(g[0] == -12008.0);  // -400 x1 (x2 - x1^2) - 2 (1 - x1) = -12000 - 8
  CHECK(g[1] == -2080.0);   // 200 (x2 - x1^2) + 20 (x2 + x4 - 2) + 0.2 (x2 - x4)
  CHECK(g[2] == -10808.0);  // -360 x3 (x4 - x3^2) - 2 (1 - x3)
  CHECK(g[3] == -1880.0);   // 180 (x4 - x3^2) + 20 (x2 + x4 - 2) - 0.2 (x2 - x4)
  check_derivatives(wood, 2.0, 13);
  check_labels(wood, 0.0);
  REQUIRE(wood.minimizers().size() == 1);
  CHECK(wood.minimizers()[0] == Vector<double>(Vector<double>::Ones(4)));
  Matrix<double> by_hand(4, 4);
  by_hand << 802, -400, 0, 0, -400, 220.2, 0, 19.8, 0, 0, 722, -360, 0, 19.8, -360, 200.2;
  CHECK((dense_hessian(wood, wood.minimizers()[0]) - by_hand).norm() < 1e-12);
  const saddle_test::SymmetricEigen<double> eig(by_hand);
  CHECK(wood.critical_points()[0].lambda_min == Approx(eig.eigenvalues()[0]).epsilon(1e-12));
}

TEST_CASE("mgh extended powell singular: MGH's f(x0) = 215 per block, a minimum with a singular Hessian") {
  ls::ExtendedPowellSingular<double> powell;
  Vector<double> g;
  CHECK(powell.start_point() == (Vector<double>(4) << 3.0, -1.0, 0.0, 1.0).finished());
  // (3 - 10)^2 + 5 (0 - 1)^2 + (-1 - 0)^4 + 10 (3 - 1)^4 = 49 + 5 + 1 + 160.
  CHECK(powell(powell.start_point(), g) == 215.0);
  CHECK(g[0] == 306.0);   // 2 (a + 10 b) + 40 (a - d)^3 = -14 + 320
  CHECK(g[1] == -144.0);  // 20 (a + 10 b) + 4 (b - 2 c)^3 = -140 - 4
  CHECK(g[2] == -2.0);    // 10 (c - d) - 8 (b - 2 c)^3 = -10 + 8
  CHECK(g[3] == -310.0);  // -10 (c - d) - 40 (a - d)^3 = 10 - 320
  check_singular_minimum(powell, 2, 14);
  REQUIRE(powell.minimizers().size() == 1);
  CHECK(powell.minimizers()[0].isZero());
  CHECK(powell.saddles().empty());

  for (Index n : {8, 20}) {
    ls::ExtendedPowellSingular<double> big(n);
    CHECK(big.dimension() == n);
    CHECK(big(big.start_point(), g) == 215.0 * static_cast<double>(n / 4));
    check_derivatives(big, 2.0, 15 + static_cast<unsigned>(n));
    check_singular_minimum(big, n / 2, 16);
  }
  REQUIRE_THROWS_WITH(ls::ExtendedPowellSingular<double>(6),
                      "saddle::landscapes::ExtendedPowellSingular: n = 6 violates n % 4 == 0");
  REQUIRE_THROWS_WITH(ls::ExtendedPowellSingular<double>(0),
                      "saddle::landscapes::ExtendedPowellSingular: n = 0 violates n >= 4");
  REQUIRE_THROWS_WITH(powell(Vector<double>(8), g),
                      "saddle::landscapes::ExtendedPowellSingular: x has size 8, expected 4");
}

TEST_CASE("mgh extended rosenbrock is Rosenbrock's pairs form: MGH's f(x0) = 24.2 per pair") {
  ls::Rosenbrock<double> rosenbrock(10, ls::RosenbrockForm::pairs);
  Vector<double> g;
  CHECK(rosenbrock(rosenbrock.start_point(), g) == Approx(5 * 24.2).epsilon(1e-15));
}

TEST_CASE("mgh landscapes in float") {
  Vector<float> g;
  CHECK(ls::Beale<float>()(ls::Beale<float>().start_point(), g) == 14.203125f);
  CHECK(ls::Wood<float>()(ls::Wood<float>().start_point(), g) == 19192.0f);
  CHECK(ls::HelicalValley<float>()(ls::HelicalValley<float>().start_point(), g) == 2500.0f);
  CHECK(ls::ExtendedPowellSingular<float>(8)(ls::ExtendedPowellSingular<float>(8).start_point(), g) == 430.0f);
  const ls::Wood<float> wood;
  wood(wood.minimizers()[0], g);
  CHECK(g.isZero());
  static_assert(ls::Landscape<ls::Beale<float>, float>);
  static_assert(ls::Landscape<ls::HelicalValley<double>, double>);
  static_assert(ls::Landscape<ls::Wood<double>, double>);
  static_assert(ls::Landscape<ls::ExtendedPowellSingular<double>, double>);
}
