// Tests of the saddle landscapes (rotation, strict-saddle quartic, monkey saddles, matrix
// factorization, deep linear networks, orthogonal quartic, Styblinski–Tang, three-hump camel, and the
// extended Rosenbrock's extra labels): hand-computed values, gradients and Hessian-vector products
// against finite differences, and every labelled critical point verified — gradient zero to a
// scale-aware tolerance, value as labelled, index and lambda_min against a dense eigensolver on the
// Hessian assembled from the landscape's own Hessian-vector products.
#include <Eigen/Eigenvalues>
#include <Eigen/SVD>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "support/catch.hpp"
#include "support/dense_reference.hpp"
#include "support/hessian_checks.hpp"
#include "support/vectors.hpp"

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

using saddle_test::vec;

// Gradients (check_gradient) and Hessian-vector products (differences of gradients) at random points.
template <class L>
void check_derivatives(const L& landscape, double scale, unsigned seed, int trials = 4) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(-scale, scale);
  const Index n = landscape.dimension();
  for (int trial = 0; trial < trials; ++trial) {
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

// The eigenvalues below -zero count as negative, |lambda| <= zero as zero: zero is relative to the
// Hessian's scale, since singular Hessians (rotational symmetries, the monkey saddle) are labelled.
double zero_of(const Vector<double>& lambda) { return 1e-9 * std::max(1.0, lambda.cwiseAbs().maxCoeff()); }

// Every labelled point: gradient ~ 0 (scale-aware), value as labelled, the Hessian (from HVPs)
// symmetric, its inertia and lambda_min as labelled, and the kind consistent with the eigenvalues.
// Returns the number of points checked.
template <class L>
std::size_t check_labels(const L& landscape) {
  REQUIRE(!landscape.critical_points().empty());
  std::size_t checked = 0;
  for (const auto& p : landscape.critical_points()) {
    INFO(landscape.name() << ": " << saddle::to_string(p.kind) << " (index " << p.index << ") at "
                          << p.point.transpose());
    REQUIRE(p.point.size() == landscape.dimension());
    Vector<double> g(p.point.size());
    const double f = landscape(p.point, g);
    const Matrix<double> h = dense_hessian(landscape, p.point);
    CHECK((h - h.transpose()).norm() <= 1e-12 * std::max(1.0, h.norm()));
    const saddle_test::SymmetricEigen<double> eig(0.5 * (h + h.transpose()), Eigen::EigenvaluesOnly);
    const Vector<double>& lambda = eig.eigenvalues();
    const double zero = zero_of(lambda);
    // A point that is off by rounding (relative 1e-16) has a gradient of about |H| |x| 1e-16.
    const double scale = std::max(1.0, lambda.cwiseAbs().maxCoeff() * std::max(1.0, p.point.norm()));
    CHECK(g.norm() <= 1e-13 * scale);
    CHECK(f == Approx(p.value).epsilon(1e-13).margin(1e-13 * scale));
    const int negative = static_cast<int>((lambda.array() < -zero).count());
    CHECK(negative == p.index);
    CHECK(lambda[0] == Approx(p.lambda_min).epsilon(1e-10).margin(zero));
    switch (p.kind) {
      case CriticalPointKind::minimum: CHECK(lambda[0] >= -zero); break;
      case CriticalPointKind::maximum: CHECK(lambda.maxCoeff() < -zero); break;
      case CriticalPointKind::strict_saddle:  // a negative eigenvalue, and not negative definite
        CHECK(lambda[0] < -zero);
        CHECK(lambda.maxCoeff() >= -zero);
        break;
      case CriticalPointKind::degenerate:
        CHECK(lambda[0] >= -zero);
        CHECK(lambda.cwiseAbs().minCoeff() <= zero);
        break;
      default: FAIL("unexpected label");
    }
    ++checked;
  }
  if (landscape.minima().empty()) {
    CHECK_FALSE(landscape.bounded_below());
  } else {
    CHECK(landscape.minimum_value() == landscape.minima()[0].value);
  }
  return checked;
}

// Labels by kind, as a string "minimum 4, strict_saddle 4, maximum 1" for one-line comparisons.
template <class L>
std::map<CriticalPointKind, int> kinds(const L& landscape) {
  std::map<CriticalPointKind, int> count;
  for (const auto& p : landscape.critical_points()) {
    ++count[p.kind];
  }
  return count;
}

// A minimum with a singular Hessian must still be a minimum: f never drops below it nearby.
template <class L>
void check_minimal_nearby(const L& landscape, const Vector<double>& point, double radius, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0.0, radius);
  Vector<double> g(point.size());
  const double f0 = landscape(point, g);
  for (int trial = 0; trial < 50; ++trial) {
    Vector<double> x = point;
    for (Index i = 0; i < x.size(); ++i) {
      x[i] += normal(rng);
    }
    CHECK(landscape(x, g) >= f0 - 1e-14 * std::max(1.0, std::abs(f0)));
  }
}

Matrix<double> random_matrix(Index rows, Index cols, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal;
  Matrix<double> m(rows, cols);
  for (Index j = 0; j < cols; ++j) {
    for (Index i = 0; i < rows; ++i) {
      m(i, j) = normal(rng);
    }
  }
  return m;
}

}  // namespace

TEST_CASE("householder: orthogonal, seeded, O(kd) products that match the dense matrix") {
  const ls::Householder<double> q(7, 3, 42);
  const Matrix<double> dense = q.matrix();
  CHECK((dense.transpose() * dense - Matrix<double>::Identity(7, 7)).norm() < 1e-14);
  CHECK(dense.determinant() == Approx(-1.0).epsilon(1e-12));  // three reflections: det = (-1)^3
  const Vector<double> x = random_matrix(7, 1, 1).col(0);
  CHECK((q.apply(x) - dense * x).norm() < 1e-14);
  CHECK((q.apply_transpose(x) - dense.transpose() * x).norm() < 1e-14);
  CHECK((q.apply_transpose(q.apply(x)) - x).norm() < 1e-14);
  // Every coordinate mixes with every other (no axis survives three generic reflections).
  CHECK(dense.cwiseAbs().maxCoeff() < 0.99);
  // Seeded: the same seed gives the same matrix, another seed another one.
  CHECK(ls::Householder<double>(7, 3, 42).matrix() == dense);
  CHECK((ls::Householder<double>(7, 3, 43).matrix() - dense).norm() > 0.1);
  CHECK(ls::Householder<double>(5, 0, 1).matrix() == Matrix<double>::Identity(5, 5));
  CHECK(ls::Householder<double>(4, 2, 3).matrix().determinant() == Approx(1.0).epsilon(1e-12));
  // In float every H_j is still an exact reflection of its (rounded) u_j.
  const Matrix<float> single = ls::Householder<float>(6, 3, 42).matrix();
  CHECK((single.transpose() * single - Matrix<float>::Identity(6, 6)).norm() < 1e-6f);
  CHECK((single.cast<double>() - ls::Householder<double>(6, 3, 42).matrix()).norm() < 1e-6);

  REQUIRE_THROWS_WITH(ls::Householder<double>(0),
                      "saddle::landscapes::Householder: dimension = 0 violates dimension >= 1");
  REQUIRE_THROWS_WITH(ls::Householder<double>(3, -1),
                      "saddle::landscapes::Householder: reflections = -1 violates reflections >= 0");
  REQUIRE_THROWS_WITH(q.apply(Vector<double>(3)), "saddle::landscapes::Householder: x has size 3, expected 7");
}

TEST_CASE("rotated: f(Q^T x), with every label and start mapped by Q") {
  const auto chip = ls::x2_minus_y2<double>();
  const ls::Rotated rotated(chip);  // 3 reflections, seed 0
  CHECK(rotated.name() == "x^2 - y^2 (rotated)");
  CHECK(rotated.dimension() == 2);
  const Matrix<double> q = rotated.rotation().matrix();
  Vector<double> g;
  Vector<double> g0;
  const Vector<double> x = vec({0.3, -1.7});
  CHECK(rotated(Vector<double>(q * x), g) == Approx(chip(x, g0)).epsilon(1e-14));
  CHECK((g - q * g0).norm() < 1e-14);
  REQUIRE(rotated.start_points().size() == chip.start_points().size());
  CHECK((rotated.start_point() - q * chip.start_point()).norm() < 1e-15);
  CHECK_FALSE(rotated.bounded_below());
  REQUIRE(rotated.saddles().size() == 1);
  check_derivatives(rotated, 2.0, 1);
  check_labels(rotated);
  // The escape direction is no longer a coordinate axis: Adam cannot single it out. (In 2-D three
  // reflections make one reflection at a random angle; seed 0's is 27 degrees off the axes.)
  const saddle_test::SymmetricEigen<double> eig(dense_hessian(rotated, Vector<double>(Vector<double>::Zero(2))));
  CHECK(eig.eigenvectors().col(0).cwiseAbs().maxCoeff() < 0.99);

  // Any landscape: Himmelblau keeps its 4 + 4 + 1 labels, and the strict-saddle quartic its 1 + 2m.
  const ls::Rotated himmelblau{ls::Himmelblau<double>()};
  CHECK(himmelblau.name() == "himmelblau (rotated)");
  CHECK(himmelblau.minima().size() == 4);
  CHECK(himmelblau.saddles().size() == 4);
  CHECK(himmelblau.maxima().size() == 1);
  CHECK(himmelblau.minimizers().size() == 4);
  check_derivatives(himmelblau, 4.0, 2);
  CHECK(check_labels(himmelblau) == 9);
  const ls::Rotated quartic(ls::StrictSaddleQuartic<double>(vec({3.0, -1.0, 2.0, -0.5, 1.0, -2.0})), 4, 9);
  CHECK(quartic.critical_points().size() == 7);
  check_derivatives(quartic, 1.5, 3);
  CHECK(check_labels(quartic) == 7);
  const ls::Rotated monkey{ls::ConfinedMonkeySaddle<double>()};
  check_labels(monkey);
  const ls::Rotated factorization(ls::random_matrix_factorization<double>(4, 2, 5), 3, 11);
  check_derivatives(factorization, 1.0, 4);
  CHECK(check_labels(factorization) == 11);
  static_assert(ls::Landscape<ls::Rotated<ls::Himmelblau<double>>, double>);
  static_assert(ls::Landscape<ls::Rotated<ls::StrictSaddleQuartic<float>>, float>);

  REQUIRE_THROWS_WITH(ls::Rotated(chip, ls::Householder<double>(3)),
                      "saddle::landscapes::Rotated: the rotation has size 3, expected 2");
  REQUIRE_THROWS_WITH(rotated(Vector<double>(3), g), "saddle::landscapes::Rotated: x has size 3, expected 2");
}

TEST_CASE("strict-saddle quartic: values by hand, 1 + 2m closed-form labels, validation") {
  ls::StrictSaddleQuartic<double> quartic(vec({1.0, -1.0, -2.0}));
  CHECK(quartic.name() == "strict-saddle quartic (d = 3, 2 negative)");
  Vector<double> g;
  // 1/2 (1 - 1 - 2) + 1/4 3^2 = -1 + 2.25; gradient (lambda + |x|^2) x = (4, 2, 1).
  CHECK(quartic(Vector<double>(Vector<double>::Ones(3)), g) == 1.25);
  CHECK(g == vec({4.0, 2.0, 1.0}));
  CHECK(quartic.critical_point_count() == 5);
  CHECK(quartic.negative_directions() == std::vector<Index>{2, 1});
  REQUIRE(quartic.critical_points().size() == 5);
  CHECK(kinds(quartic) ==
        std::map<CriticalPointKind, int>{{CriticalPointKind::minimum, 2}, {CriticalPointKind::strict_saddle, 3}});
  // The origin (index 2), +-sqrt(2) e_3 (the global minima, -1), +-e_2 (index 1, -1/4).
  CHECK(quartic.critical_points()[0].index == 2);
  CHECK(quartic.minimum_value() == -1.0);
  REQUIRE(quartic.minimizers().size() == 2);
  CHECK(quartic.minimizers()[0] == vec({0.0, 0.0, std::sqrt(2.0)}));
  CHECK(quartic.critical_points()[3].value == -0.25);
  CHECK(quartic.critical_points()[3].index == 1);
  CHECK(quartic.critical_points()[3].lambda_min == -1.0);  // lambda_3 - lambda_2
  CHECK(quartic.start_points().size() == 2);
  check_derivatives(quartic, 1.5, 5);
  CHECK(check_labels(quartic) == 5);

  // All negative: the origin is a maximum; no negative: the origin is the only, global, minimum.
  ls::StrictSaddleQuartic<double> cap(vec({-1.0, -3.0, -2.0, -5.0}));
  CHECK(cap.maxima().size() == 1);
  CHECK(cap.critical_points().size() == 9);
  CHECK(check_labels(cap) == 9);
  ls::StrictSaddleQuartic<double> bowl(vec({2.0, 1.0}));
  CHECK(bowl.critical_points().size() == 1);
  CHECK(bowl.minimum_value() == 0.0);
  check_labels(bowl);

  REQUIRE_THROWS_WITH(ls::StrictSaddleQuartic<double>(vec({1.0, 0.0})),
                      "saddle::landscapes::StrictSaddleQuartic: eigenvalues[1] = 0 violates eigenvalues[i] != 0");
  REQUIRE_THROWS_WITH(ls::StrictSaddleQuartic<double>(vec({-1.5, 2.0, -1.5})),
                      "saddle::landscapes::StrictSaddleQuartic: eigenvalues[2] = -1.5 violates eigenvalues[i] != "
                      "eigenvalues[j] for negative eigenvalues (eigenvalues[0] = -1.5 too)");
  REQUIRE_THROWS_WITH(
      ls::StrictSaddleQuartic<double>(Vector<double>()),
      "saddle::landscapes::StrictSaddleQuartic: eigenvalues.size() = 0 violates eigenvalues.size() >= 1");
  REQUIRE_THROWS_WITH(quartic.critical_point(0, 1),
                      "saddle::landscapes::StrictSaddleQuartic::critical_point: eigenvalues[i] = 1 violates "
                      "eigenvalues[i] < 0");
}

TEST_CASE("strict-saddle quartic at d = 100000: O(d) products and labels") {
  const Index d = 100000;
  Vector<double> lambda = Vector<double>::LinSpaced(d, 1.0, 2.0);
  lambda[17] = -1.0;
  lambda[99999] = -0.25;
  const ls::StrictSaddleQuartic<double> big(lambda);
  REQUIRE(big.critical_points().size() == 5);
  CHECK(big.minimum_value() == -0.25);
  Vector<double> g;
  Vector<double> hv;
  for (const auto& p : big.critical_points()) {
    CHECK(big(p.point, g) == Approx(p.value).margin(1e-15));
    CHECK(g.norm() < 1e-14);
  }
  // At the global minimum e_17 the Hessian is diagonal: lambda_j + 1 off e_17, 2 along it.
  const auto& minimum = big.critical_points()[1];
  CHECK(minimum.point[17] == 1.0);
  CHECK(minimum.lambda_min == 0.75);  // lambda_99999 - lambda_17
  CHECK(big.critical_points()[3].index == 1);
  CHECK(big.critical_points()[3].lambda_min == -0.75);
  Vector<double> e = Vector<double>::Zero(d);
  e[99999] = 1.0;
  big.hessian_vector_product(minimum.point, e, hv);
  CHECK(hv[99999] == 0.75);
  CHECK(hv.norm() == 0.75);
  e.setZero();
  e[17] = 1.0;
  big.hessian_vector_product(minimum.point, e, hv);
  CHECK(hv[17] == 2.0);
  CHECK(hv.norm() == 2.0);
  // The gradient on a few coordinates (a full check would cost 2d evaluations of O(d)) and Hv.
  const Vector<double> x = Vector<double>::LinSpaced(d, -0.01, 0.01);
  saddle::GradientCheckOptions options;
  options.coordinates = {0, 17, 5000, 99999};
  const auto check = saddle::check_gradient(big, x, options);
  INFO(check.brief());
  CHECK(check.passed);
  CHECK(hvp_error(big, x, Vector<double>(Vector<double>::LinSpaced(d, 1.0, -1.0))) < 1e-7);
}

TEST_CASE("monkey saddle: values by hand and the degenerate origin") {
  ls::MonkeySaddle<double> monkey;
  Vector<double> g;
  CHECK(monkey(vec({1.0, 2.0}), g) == -11.0);  // 1 - 3 * 1 * 4
  CHECK(g == vec({-9.0, -12.0}));              // (3 x^2 - 3 y^2, -6 x y)
  CHECK_FALSE(monkey.bounded_below());
  REQUIRE(monkey.critical_points().size() == 1);
  CHECK(monkey.critical_points()[0].kind == CriticalPointKind::degenerate);
  CHECK(monkey.saddles().size() == 1);
  CHECK(monkey.minimizers().empty());
  check_derivatives(monkey, 2.0, 7);
  check_labels(monkey);
  // Zero Hessian, yet a saddle: f takes both signs arbitrarily close to the origin.
  CHECK(monkey(vec({1e-3, 0.0}), g) > 0.0);
  CHECK(monkey(vec({-1e-3, 0.0}), g) < 0.0);
  CHECK(dense_hessian(monkey, Vector<double>(Vector<double>::Zero(2))).isZero(0.0));
}

TEST_CASE("confined monkey saddle: exactly four critical points, all labelled") {
  ls::ConfinedMonkeySaddle<double> monkey;
  Vector<double> g;
  CHECK(monkey(vec({1.0, 2.0}), g) == 14.0);  // -11 + 5^2
  CHECK(g == vec({-9.0 + 20.0, -12.0 + 40.0}));
  CHECK(kinds(monkey) ==
        std::map<CriticalPointKind, int>{{CriticalPointKind::minimum, 3}, {CriticalPointKind::degenerate, 1}});
  CHECK(monkey.minimum_value() == -27.0 / 256.0);
  CHECK(monkey.minimizers().size() == 3);
  check_derivatives(monkey, 1.5, 8);
  CHECK(check_labels(monkey) == 4);
  CHECK(monkey(vec({1e-3, 0.0}), g) > 0.0);
  CHECK(monkey(vec({-1e-3, 0.0}), g) < 0.0);

  // Completeness: Newton's method in long double from a 41 x 41 grid over [-2, 2]^2 only ever
  // converges to the four labelled points (the origin slowly: its Hessian is zero), and reaches each.
  ls::ConfinedMonkeySaddle<long double> exact;
  std::vector<int> reached(monkey.critical_points().size(), 0);
  int converged = 0;
  for (int i = 0; i <= 40; ++i) {
    for (int j = 0; j <= 40; ++j) {
      Vector<long double> z(2);
      z << -2.0L + 0.1L * i, -2.0L + 0.1L * j;
      Vector<long double> gz(2);
      for (int iteration = 0; iteration < 200; ++iteration) {
        exact(z, gz);
        const Matrix<long double> h = dense_hessian(exact, z);
        if (std::abs(h.determinant()) < 1e-30L) {
          break;
        }
        z -= h.partialPivLu().solve(gz);
      }
      exact(z, gz);
      if (!(gz.norm() < 1e-15L) || z.norm() > 10) {
        continue;
      }
      ++converged;
      bool found = false;
      for (std::size_t k = 0; k < monkey.critical_points().size(); ++k) {
        if ((z.cast<double>() - monkey.critical_points()[k].point).norm() < 1e-5) {
          ++reached[k];
          found = true;
        }
      }
      INFO("Newton converged to " << z.cast<double>().transpose());
      CHECK(found);
    }
  }
  CHECK(converged > 1000);
  for (const int r : reached) {
    CHECK(r > 0);
  }
}

TEST_CASE("matrix factorization: every subset of eigenpairs labelled, index in closed form") {
  // By hand: M = diag(2, 1), U = (1, 0): U U^T - M = diag(-1, -1), f = 2/4, grad = (U U^T - M) U = (-1, 0).
  Matrix<double> m(2, 2);
  m << 2.0, 0.0, 0.0, 1.0;
  ls::MatrixFactorization<double> small(m, 1);
  Vector<double> g;
  CHECK(small(vec({1.0, 0.0}), g) == 0.5);
  CHECK(g == vec({-1.0, 0.0}));
  // Labels: (sqrt 2, 0) up to sign (the global minimum, f = 1/4), (0, 1) (index 1) and the origin (a maximum).
  CHECK(small.critical_points().size() == 3);
  CHECK(small.minimum_value() == 0.25);
  CHECK((small.critical_points()[0].point.cwiseAbs() - vec({std::sqrt(2.0), 0.0})).norm() < 1e-15);
  CHECK(kinds(small) == std::map<CriticalPointKind, int>{{CriticalPointKind::minimum, 1},
                                                         {CriticalPointKind::strict_saddle, 1},
                                                         {CriticalPointKind::maximum, 1}});
  check_labels(small);

  // A seeded positive definite M with eigenvalues 5, 4, 3, 2, 1 and r = 2: 1 + 5 + 10 subsets.
  const auto mf = ls::random_matrix_factorization<double>(5, 2, 3);
  CHECK(mf.name() == "matrix factorization (d = 5, r = 2)");
  CHECK(mf.dimension() == 10);
  CHECK((mf.target_eigenvalues() - vec({5.0, 4.0, 3.0, 2.0, 1.0})).norm() < 1e-13);
  CHECK(mf.critical_points().size() == 16);
  CHECK(kinds(mf) == std::map<CriticalPointKind, int>{{CriticalPointKind::minimum, 1},
                                                      {CriticalPointKind::strict_saddle, 14},
                                                      {CriticalPointKind::maximum, 1}});
  CHECK(mf.minimum_value() == Approx((9.0 + 4.0 + 1.0) / 4));
  CHECK(mf.start_point().norm() < 1e-2);
  check_derivatives(mf, 1.0, 9);
  CHECK(check_labels(mf) == 16);
  // The global minimum's Hessian is singular (U -> U R) but f never drops below it.
  CHECK(mf.critical_points()[0].lambda_min == 0.0);
  check_minimal_nearby(mf, mf.critical_points()[0].point, 1e-3, 10);

  // Rank-deficient M = A A^T (rank 2 in 5 dimensions), with r = 2 and r = 3 (a zero column at the minimum).
  const Matrix<double> a = random_matrix(5, 2, 11);
  const Matrix<double> low = a * a.transpose();
  for (const Index r : {2, 3}) {
    ls::MatrixFactorization<double> deficient(low, r, 12);
    INFO("r = " << r);
    CHECK(deficient.target_eigenvalues().tail(3).isZero(0.0));
    CHECK(deficient.critical_points().size() == 4);  // subsets of the 2 positive eigenpairs
    CHECK(deficient.minimum_value() == Approx(0.0).margin(1e-15));
    CHECK(deficient.minima().size() == 1);
    check_derivatives(deficient, 1.0, 13);
    check_labels(deficient);
    check_minimal_nearby(deficient, deficient.critical_points()[0].point, 1e-3, 14);
  }

  Matrix<double> asymmetric = m;
  asymmetric(0, 1) = 0.5;
  REQUIRE_THROWS_WITH(ls::MatrixFactorization<double>(asymmetric, 1),
                      "saddle::landscapes::MatrixFactorization: target(1, 0) = 0 violates target(i, j) == target(j, i) "
                      "(target(0, 1) = 0.5)");
  Matrix<double> indefinite = m;
  indefinite(1, 1) = -1.0;
  REQUIRE_THROWS_WITH(ls::MatrixFactorization<double>(indefinite, 1),
                      saddle_test::contains("lambda_min(target) = -1 violates lambda_min(target) >= 0"));
  REQUIRE_THROWS_WITH(ls::MatrixFactorization<double>(m, 3),
                      "saddle::landscapes::MatrixFactorization: rank = 3 violates 1 <= rank <= 2");
  REQUIRE_THROWS_WITH(ls::MatrixFactorization<double>(Matrix<double>(2, 3), 1),
                      "saddle::landscapes::MatrixFactorization: target.cols() = 3 violates target.cols() == "
                      "target.rows() = 2");
  REQUIRE_THROWS_WITH(ls::MatrixFactorization<double>(m, 1, 0, -1.0),
                      "saddle::landscapes::MatrixFactorization: init_scale = -1 violates 0 <= init_scale < inf");
  REQUIRE_THROWS_WITH(ls::random_matrix_factorization<double>({2.0, -1.0}, 1),
                      "saddle::landscapes::random_matrix_factorization: eigenvalue = -1 violates 0 <= eigenvalue < inf");
  REQUIRE_THROWS_WITH(ls::random_matrix_factorization<double>(std::vector<double>{}, 1),
                      "saddle::landscapes::random_matrix_factorization: eigenvalues.size() = 0 violates "
                      "eigenvalues.size() >= 1");
}

TEST_CASE("scalar deep linear: a strict saddle for k = 2, degenerate for k >= 3, minima on prod w = s") {
  ls::ScalarDeepLinear<double> two;
  Vector<double> g;
  CHECK(two(vec({0.5, 3.0}), g) == 0.125);  // 1/2 (1 - 1.5)^2
  CHECK(g == vec({1.5, 0.25}));             // -(s - p) (w_2, w_1)
  CHECK(kinds(two) ==
        std::map<CriticalPointKind, int>{{CriticalPointKind::minimum, 2}, {CriticalPointKind::strict_saddle, 1}});
  CHECK(two.critical_points()[0].lambda_min == -1.0);
  check_derivatives(two, 2.0, 15);
  check_labels(two);

  ls::ScalarDeepLinear<double> three(3, -2.0);
  CHECK(three.name() == "scalar deep linear (k = 3, s = -2)");
  CHECK(three(vec({1.0, 2.0, 3.0}), g) == 32.0);  // 1/2 (-2 - 6)^2
  CHECK(g == vec({48.0, 24.0, 16.0}));            // 8 (6, 3, 2)
  CHECK(kinds(three) ==
        std::map<CriticalPointKind, int>{{CriticalPointKind::minimum, 4}, {CriticalPointKind::degenerate, 1}});
  for (const auto& p : three.minima()) {
    CHECK(p.point.prod() == Approx(-2.0).epsilon(1e-15));
  }
  check_derivatives(three, 1.5, 16);
  check_labels(three);
  check_minimal_nearby(three, three.minima()[0].point, 1e-3, 17);
  // Degenerate: gradient and Hessian vanish at the origin, yet f drops along w = (t, t, -t).
  CHECK(three(vec({1e-2, 1e-2, -1e-2}), g) < three(Vector<double>(Vector<double>::Zero(3)), g));

  ls::ScalarDeepLinear<double> deep(10, 1.0);
  CHECK(deep.minima().size() == 32);
  check_derivatives(deep, 1.2, 18);
  check_labels(deep);
  // The plateau: at the start (all 0.1) the gradient is 1e-9 of its size at k = 2.
  deep(deep.start_point(), g);
  CHECK(g.norm() < 1e-8);

  REQUIRE_THROWS_WITH(ls::ScalarDeepLinear<double>(1), "saddle::landscapes::ScalarDeepLinear: k = 1 violates k >= 2");
  REQUIRE_THROWS_WITH(ls::ScalarDeepLinear<double>(2, 0.0),
                      "saddle::landscapes::ScalarDeepLinear: s = 0 violates s != 0");
}

TEST_CASE("deep linear network: the origin's closed-form index and the Eckart-Young minimum") {
  const Matrix<double> t = random_matrix(2, 3, 19);
  ls::DeepLinearNetwork<double> net({3, 4, 2}, t);
  CHECK(net.name() == "deep linear network (3-4-2)");
  CHECK(net.dimension() == 3 * 4 + 4 * 2);
  CHECK(net.layers() == 2);
  // At the origin f = 1/2 |T|^2 (whitened inputs); strict saddle of index 4 rank(T) = 8.
  Vector<double> g;
  CHECK(net(Vector<double>(Vector<double>::Zero(20)), g) == Approx(0.5 * t.squaredNorm()).epsilon(1e-15));
  REQUIRE(net.critical_points().size() == 2);
  CHECK(net.critical_points()[0].kind == CriticalPointKind::strict_saddle);
  CHECK(net.critical_points()[0].index == 8);
  CHECK(net.critical_points()[0].lambda_min == Approx(-Eigen::JacobiSVD<Matrix<double>>(t).singularValues()[0]));
  CHECK(net.minimum_value() == Approx(0.0).margin(1e-15));  // realizable: hidden width 4 >= rank 2
  check_derivatives(net, 1.0, 20);
  check_labels(net);
  // By hand: W = W_2 W_1 at a point, f = 1/2 |W - T|^2.
  Vector<double> x = random_matrix(20, 1, 21).col(0);
  const Matrix<double> w = net.layer(x, 1) * net.layer(x, 0);
  CHECK(net(x, g) == Approx(0.5 * (w - t).squaredNorm()).epsilon(1e-14));

  // A bottleneck of width 1 and correlated inputs: f* = 1/2 (sigma_2^2 + sigma_3^2) of T Sigma^(1/2).
  const Matrix<double> b = random_matrix(4, 4, 22);
  const Matrix<double> sigma = b * b.transpose() + Matrix<double>::Identity(4, 4);
  const Matrix<double> t3 = random_matrix(3, 4, 23);
  ls::DeepLinearNetwork<double> bottleneck({4, 1, 3}, t3, sigma, 24);
  const saddle_test::SymmetricEigen<double> eig(sigma);
  const Vector<double> sv = Eigen::JacobiSVD<Matrix<double>>(t3 * eig.operatorSqrt()).singularValues();
  CHECK(bottleneck.minimum_value() == Approx(0.5 * (sv[1] * sv[1] + sv[2] * sv[2])).epsilon(1e-13));
  CHECK(bottleneck.critical_points()[0].index == 3);  // width 1 times rank 3
  check_derivatives(bottleneck, 1.0, 25);
  check_labels(bottleneck);
  check_minimal_nearby(bottleneck, bottleneck.critical_points()[1].point, 1e-3, 26);
  // E|T x - W x|^2 / 2 for x with covariance Sigma.
  Vector<double> y = random_matrix(bottleneck.dimension(), 1, 27).col(0);
  const Matrix<double> wy = bottleneck.layer(y, 1) * bottleneck.layer(y, 0);
  CHECK(bottleneck(y, g) == Approx(0.5 * ((wy - t3) * sigma * (wy - t3).transpose()).trace()).epsilon(1e-13));

  // Three layers: the origin is degenerate (zero Hessian).
  ls::DeepLinearNetwork<double> deep({3, 3, 2, 2}, random_matrix(2, 3, 28));
  CHECK(deep.critical_points()[0].kind == CriticalPointKind::degenerate);
  CHECK(dense_hessian(deep, Vector<double>(Vector<double>::Zero(deep.dimension()))).isZero(0.0));
  check_derivatives(deep, 1.0, 29);
  check_labels(deep);
  // The standard start is small: the plateau of Saxe et al. (gradient ~ init_scale^(L-1)).
  deep(deep.start_point(), g);
  CHECK(g.norm() < 1e-4);

  REQUIRE_THROWS_WITH(ls::DeepLinearNetwork<double>({3, 2}, t),
                      "saddle::landscapes::DeepLinearNetwork: widths.size() = 2 violates widths.size() >= 3");
  REQUIRE_THROWS_WITH(ls::DeepLinearNetwork<double>({3, 0, 2}, t),
                      "saddle::landscapes::DeepLinearNetwork: widths[1] = 0 violates widths[1] >= 1");
  REQUIRE_THROWS_WITH(ls::DeepLinearNetwork<double>({3, 4, 3}, t),
                      "saddle::landscapes::DeepLinearNetwork: target = 2 x 3 violates target is widths.back() x "
                      "widths.front() = 3 x 3");
  REQUIRE_THROWS_WITH(ls::DeepLinearNetwork<double>({3, 4, 2}, Matrix<double>::Zero(2, 3)),
                      "saddle::landscapes::DeepLinearNetwork: target = 0 violates target != 0");
  REQUIRE_THROWS_WITH(ls::DeepLinearNetwork<double>({3, 4, 2}, t, -Matrix<double>::Identity(3, 3)),
                      "saddle::landscapes::DeepLinearNetwork: lambda_min(input_covariance) = -1 violates "
                      "lambda_min(input_covariance) > 0");

  // The factory: a teacher with exactly the given singular values, in seeded bases.
  const auto saxe = ls::random_deep_linear_network<double>({5, 3, 4}, {2.0, 0.5, 1.0}, 7);
  const Eigen::JacobiSVD<Matrix<double>> svd(saxe.target());
  CHECK((svd.singularValues() - vec({2.0, 1.0, 0.5, 0.0})).norm() < 1e-14);
  CHECK(saxe.target().rows() == 4);
  CHECK(saxe.target().cols() == 5);
  CHECK(saxe.minimum_value() == Approx(0.0).margin(1e-28));
  CHECK(ls::random_deep_linear_network<double>({5, 3, 4}, {2.0}, 8).target() != saxe.target());
  constexpr auto factory = "saddle::landscapes::random_deep_linear_network: ";
  REQUIRE_THROWS_WITH(ls::random_deep_linear_network<double>({3, 4, 2}, {1, 2, 3}),
                      std::string(factory) + "singular_values.size() = 3 violates 1 <= singular_values.size() <= 2");
  REQUIRE_THROWS_WITH(ls::random_deep_linear_network<double>({3, 4, 2}, {1, -1}),
                      std::string(factory) + "singular value = -1 violates 0 <= singular value < inf");
  REQUIRE_THROWS_WITH(ls::random_deep_linear_network<double>({3, 4, 2}, {0, 0}),
                      std::string(factory) + "largest singular value = 0 violates largest singular value > 0");
  REQUIRE_THROWS_WITH(ls::random_deep_linear_network<double>({3, 2}, {1}),
                      std::string(factory) + "widths.size() = 2 violates widths.size() >= 3");
}

TEST_CASE("orthogonal quartic: all 3^d critical points, index = support - 1, and the census") {
  // By hand, Q = I, mu = 2: f(1, 0) = -1/4 + 0, and the minima at +-sqrt(2) e_i have f = -mu / (4 (mu - 1)) = -1/2.
  ls::OrthogonalQuartic<double> plain(2, 2.0, 0, 0);
  Vector<double> g;
  CHECK(plain(vec({1.0, 0.0}), g) == -0.25);
  CHECK(g == vec({-1.0, 0.0}));
  CHECK(plain(vec({std::sqrt(2.0), 0.0}), g) == Approx(-0.5).epsilon(1e-15));
  CHECK(plain.minimum_value() == -0.5);
  CHECK(check_labels(plain) == 9);

  for (const Index d : {1, 2, 3, 5, 8}) {
    INFO("d = " << d);
    ls::OrthogonalQuartic<double> quartic(d, 1.5, static_cast<std::uint64_t>(d));
    const auto census = quartic.census();
    CHECK(census.total == std::pow(3.0, static_cast<double>(d)));
    CHECK(census.minima == 2.0 * static_cast<double>(d));
    CHECK(census.maxima == 1.0);
    REQUIRE(quartic.critical_points().size() == static_cast<std::size_t>(census.total));
    CHECK(quartic.minima().size() == static_cast<std::size_t>(2 * d));
    CHECK(quartic.maxima().size() == 1);
    // The labels' index histogram is the census; values increase with the index.
    std::vector<double> histogram(static_cast<std::size_t>(d) + 1, 0.0);
    std::vector<double> value(static_cast<std::size_t>(d) + 1, 0.0);
    for (const auto& p : quartic.critical_points()) {
      histogram[static_cast<std::size_t>(p.index)] += 1;
      value[static_cast<std::size_t>(p.index)] = p.value;
    }
    CHECK(histogram == census.count_by_index);
    for (Index i = 1; i <= d; ++i) {
      CHECK(value[static_cast<std::size_t>(i)] > value[static_cast<std::size_t>(i - 1)]);
    }
    if (d <= 5) {
      check_derivatives(quartic, 1.5, 30 + static_cast<unsigned>(d));
    }
    CHECK(check_labels(quartic) == static_cast<std::size_t>(census.total));
  }

  // The census for any d: exact while it fits, logarithms always; the saddles' share tends to 1.
  const auto c33 = ls::OrthogonalQuartic<double>::census(33);
  CHECK(c33.total == 5559060566555523.0);  // 3^33
  CHECK(c33.count_by_index[0] == 66.0);
  CHECK(c33.count_by_index[32] == 8589934592.0);  // 2^33 points with full support
  double sum = 0.0;
  for (const double c : c33.count_by_index) {
    sum += c;
  }
  CHECK(sum == c33.total);
  const auto big = ls::OrthogonalQuartic<double>::census(100000);
  CHECK(std::isinf(big.total));
  CHECK(big.minima == 200000.0);
  CHECK(big.log_total == Approx(100000 * std::log(3.0)).epsilon(1e-15));
  CHECK(big.saddle_fraction == 1.0);
  CHECK(ls::OrthogonalQuartic<double>::census(2).saddle_fraction == Approx(4.0 / 9.0).epsilon(1e-15));
  // Past d = 8 the minima and the maximum are labelled.
  ls::OrthogonalQuartic<double> twelve(12, 3.0, 5);
  CHECK(twelve.critical_points().size() == 25);
  check_labels(twelve);

  REQUIRE_THROWS_WITH(ls::OrthogonalQuartic<double>(3, 1.0),
                      "saddle::landscapes::OrthogonalQuartic: mu = 1 violates 1 < mu < inf");
  REQUIRE_THROWS_WITH(ls::OrthogonalQuartic<double>(0), "saddle::landscapes::OrthogonalQuartic: d = 0 violates d >= 1");
}

TEST_CASE("extended rosenbrock, chained n = 4..7: the local minimum and the saddle, to 1e-12") {
  for (Index n = 4; n <= 7; ++n) {
    INFO("n = " << n);
    ls::Rosenbrock<double> r(n);
    REQUIRE(r.critical_points().size() == 3);
    CHECK(r.critical_points()[0].point == Vector<double>(Vector<double>::Ones(n)));
    CHECK(r.minima().size() == 2);
    CHECK(r.saddles().size() == 1);
    CHECK(r.minimizers().size() == 1);
    CHECK(r.minima()[1].point[0] < -0.7);
    CHECK(r.saddles()[0].index == 1);
    check_labels(r);
    // Newton's method in long double from the stored digits moves each point by less than 1e-12.
    ls::Rosenbrock<long double> exact(n);
    for (const auto& p : r.critical_points()) {
      Vector<long double> z = p.point.cast<long double>();
      Vector<long double> gz(n);
      for (int iteration = 0; iteration < 8; ++iteration) {
        exact(z, gz);
        z -= dense_hessian(exact, z).partialPivLu().solve(gz);
      }
      CHECK(static_cast<double>((z - p.point.cast<long double>()).norm()) < 1e-12);
      exact(z, gz);
      CHECK(static_cast<double>(gz.norm()) < 1e-15);
    }
  }
  CHECK(ls::Rosenbrock<double>(3).critical_points().size() == 1);
  CHECK(ls::Rosenbrock<double>(8).critical_points().size() == 1);
  CHECK(ls::Rosenbrock<double>(6, ls::RosenbrockForm::pairs).critical_points().size() == 1);
}

TEST_CASE("styblinski-tang: 3^d critical points from the roots of 4x^3 - 32x + 5") {
  const auto roots = ls::StyblinskiTang<double>::roots();
  for (const long double x : roots) {
    CHECK(static_cast<double>(std::abs(4 * x * x * x - 32 * x + 5)) < 1e-15);
  }
  CHECK(static_cast<double>(roots[0]) == Approx(-2.903534027771178).epsilon(1e-15));
  CHECK(static_cast<double>(roots[2]) == Approx(0.156731256780340).epsilon(1e-14));
  ls::StyblinskiTang<double> st(2);
  Vector<double> g;
  CHECK(st(vec({1.0, 2.0}), g) == -24.0);  // 1/2 (1 - 16 + 5) + 1/2 (16 - 64 + 10)
  CHECK(g == vec({-11.5, -13.5}));         // (4 x^3 - 32 x + 5) / 2
  CHECK(kinds(st) == std::map<CriticalPointKind, int>{{CriticalPointKind::minimum, 4},
                                                      {CriticalPointKind::strict_saddle, 4},
                                                      {CriticalPointKind::maximum, 1}});
  CHECK(st.minimum_value() == Approx(2 * -39.16616570377142).epsilon(1e-14));
  CHECK(st.minimizers().size() == 1);
  check_derivatives(st, 5.0, 40);
  CHECK(check_labels(st) == 9);
  for (const Index d : {1, 3, 8}) {
    ls::StyblinskiTang<double> sd(d);
    CHECK(sd.critical_points().size() == static_cast<std::size_t>(std::pow(3, d)));
    CHECK(sd.minima().size() == static_cast<std::size_t>(std::pow(2, d)));
    check_labels(sd);
  }
  ls::StyblinskiTang<double> wide(20);
  CHECK(wide.critical_points().size() == 23);  // global and worst minima, 20 index-1 saddles, the maximum
  check_labels(wide);
  REQUIRE_THROWS_WITH(ls::StyblinskiTang<double>(0), "saddle::landscapes::StyblinskiTang: d = 0 violates d >= 1");
}

TEST_CASE("three-hump camel: 3 minima and 2 saddles in closed form") {
  ls::ThreeHumpCamel<double> camel;
  Vector<double> g;
  // 2 - 1.05 + 1/6 + 1 + 1 at (1, 1); gradient (4 - 4.2 + 1 + 1, 1 + 2).
  CHECK(camel(vec({1.0, 1.0}), g) == Approx(2 - 1.05 + 1.0 / 6 + 2).epsilon(1e-15));
  CHECK(g[0] == Approx(1.8).epsilon(1e-15));
  CHECK(g[1] == 3.0);
  CHECK(kinds(camel) ==
        std::map<CriticalPointKind, int>{{CriticalPointKind::minimum, 3}, {CriticalPointKind::strict_saddle, 2}});
  CHECK(camel.minimizers().size() == 1);
  CHECK(camel.critical_points()[0].lambda_min == Approx(3 - std::sqrt(2.0)).epsilon(1e-15));
  CHECK(camel.critical_points()[1].value == Approx(0.2986384422).epsilon(1e-9));
  check_derivatives(camel, 2.0, 41);
  CHECK(check_labels(camel) == 5);
}

// The dynamics the theory predicts, checked on gradient-descent runs (the pictures of
// examples/landscape_dynamics.cpp): where a run goes and which critical values it lingers at.
namespace {

std::vector<double> descent_values(const auto& f, Vector<double>& x, double lr, std::int64_t iterations) {
  saddle::History<double> history;
  saddle::minimize(f, x, saddle::GradientDescent<double>({.lr = lr}),
                   {.gradient_tolerance = 1e-10, .max_iterations = iterations}, history);
  return history.values();
}

// The number of iterations spent within a relative tolerance of a level, and the first of them.
std::pair<int, std::size_t> dwell(const std::vector<double>& values, double level, double tolerance) {
  int count = 0;
  std::size_t first = values.size();
  for (std::size_t k = 0; k < values.size(); ++k) {
    if (std::abs(values[k] - level) <= tolerance * std::abs(level)) {
      first = std::min(first, k);
      ++count;
    }
  }
  return {count, first};
}

}  // namespace

TEST_CASE("extended rosenbrock n = 5: the saddle's unstable manifold descends to both minima") {
  const ls::Rosenbrock<double> f(5);
  const auto saddle_point = f.saddles().at(0).point;
  const Matrix<double> h = dense_hessian(f, saddle_point);
  const saddle_test::SymmetricEigen<double> eig(h);
  const Vector<double> escape = eig.eigenvectors().col(0);
  REQUIRE(eig.eigenvalues()[0] < 0.0);
  std::vector<double> reached;
  for (const double sign : {1.0, -1.0}) {
    Vector<double> x = saddle_point + sign * 1e-3 * escape;
    const auto result = saddle::minimize(f, x, saddle::GradientDescent<double>({.lr = 1e-3}),
                                         {.gradient_tolerance = 1e-8, .max_iterations = 100000});
    REQUIRE(result.status == saddle::Status::converged_gradient);
    for (const auto& m : f.minima()) {
      if ((x - m.point).norm() < 1e-6) {
        reached.push_back(m.value);
      }
    }
  }
  REQUIRE(reached.size() == 2);
  CHECK(std::min(reached[0], reached[1]) == f.minimum_value());
  CHECK(std::max(reached[0], reached[1]) == f.minima()[1].value);
}

TEST_CASE("deep linear network: gradient descent plateaus at 1/2 sum_{a > k} sigma_a^2, mode by mode") {
  // Saxe, McClelland & Ganguli (2014): from small weights with whitened inputs, the modes of the
  // teacher are learned one at a time, strongest first; between them the loss sits at the value of
  // the saddle where the top k modes are learned. Which plateaus show depends on the random start
  // when singular values are close (each mode's delay also depends on its initial overlap); spaced by
  // factors of 2 and started at scale 0.01 every seed shows all of them.
  const Index n = 6;
  Vector<double> sigma = Vector<double>::Zero(n);
  sigma.head(4) << 4.0, 2.0, 1.0, 0.5;
  for (const std::uint64_t seed : {0, 1, 2, 3}) {
    INFO("seed " << seed);
    const auto f = ls::random_deep_linear_network<double>({n, n, n, n}, {4.0, 2.0, 1.0, 0.5}, seed, 0.01);
    Vector<double> x = f.start_point();
    const auto values = descent_values(f, x, 0.05, 10000);
    std::size_t previous = 0;
    for (Index k = 0; k < 4; ++k) {
      const double level = 0.5 * sigma.tail(n - k).squaredNorm();
      const auto [count, first] = dwell(values, level, 0.02);
      INFO("k = " << k << " modes learned, level " << level);
      CHECK(count >= 40);
      CHECK(first >= previous);
      previous = first;
    }
    CHECK(values.back() < 1e-8);
  }
}

TEST_CASE("orthogonal quartic d = 5: from the index-4 saddle down a staircase of saddles") {
  // Nudged down by 1e-3, 1e-6, 1e-9, 1e-12, the coordinates leave the support one at a time:
  // the run lingers at the value -mu / (4 (mu k - 1)) of every support k = 5, 4, 3, 2 in turn.
  const double mu = 2.0;
  const ls::OrthogonalQuartic<double> f(5, mu, 0, 0);
  Vector<double> x = Vector<double>::Constant(5, std::sqrt(mu / (5 * mu - 1)));
  for (Index i = 0; i < 4; ++i) {
    x[i] -= std::pow(10.0, -3.0 * static_cast<double>(i + 1));
  }
  const auto values = descent_values(f, x, 0.05, 3000);
  std::size_t previous = 0;
  for (int k = 5; k >= 2; --k) {
    const auto [count, first] = dwell(values, -mu / (4 * (mu * k - 1)), 0.02);
    INFO("support " << k);
    CHECK(count >= 15);
    CHECK(first >= previous);
    previous = first;
  }
  CHECK(values.back() == Approx(f.minimum_value()).epsilon(1e-12));
  CHECK(std::abs(x[4]) == Approx(std::sqrt(mu / (mu - 1))).epsilon(1e-9));
}

TEST_CASE("matrix factorization: gradient descent from a small start passes exactly the top-k saddles") {
  // M's eigenvalues 8, 2, 0.5, 0.1, 0, 0 and r = 3: the run fits one eigenpair at a time, so it comes
  // close (in UU^T, which is rotation invariant) to the labels of S = {}, {1}, {1, 2} and the minimum
  // {1, 2, 3}, and to no other of the 15 labels. The nearest others differ by the 0.1 mode, 1.2% of
  // |M| away; "close" is 0.5%.
  const Index d = 6;
  // 1/4 sum of the squared eigenvalues left out of the top k.
  const std::vector<double> expected = {0.25 * 0.01, 0.25 * (0.25 + 0.01), 0.25 * (4 + 0.25 + 0.01),
                                        0.25 * (64 + 4 + 0.25 + 0.01)};
  for (const std::uint64_t seed : {0, 1, 2, 3}) {
    INFO("seed " << seed);
    const auto f = ls::random_matrix_factorization<double>({8.0, 2.0, 0.5, 0.1, 0.0, 0.0}, 3, seed);
    const saddle_test::SymmetricEigen<double> eig(f.target());
    CHECK((eig.eigenvalues() - vec({0.0, 0.0, 0.1, 0.5, 2.0, 8.0})).norm() < 1e-14);
    const auto labels = f.critical_points();
    REQUIRE(labels.size() == 15);
    std::vector<double> closest(labels.size(), std::numeric_limits<double>::infinity());
    Vector<double> x = f.start_point();
    saddle::History<double> history({.record_x = true});
    saddle::minimize(f, x, saddle::GradientDescent<double>({.lr = 0.05}),
                     {.gradient_tolerance = 1e-10, .max_iterations = 2000}, history);
    for (const auto& u : history.iterates()) {
      const Eigen::Map<const Matrix<double>> um(u.data(), d, 3);
      for (std::size_t i = 0; i < labels.size(); ++i) {
        const Eigen::Map<const Matrix<double>> p(labels[i].point.data(), d, 3);
        closest[i] = std::min(closest[i], (um * um.transpose() - p * p.transpose()).norm() / f.target().norm());
      }
    }
    std::vector<double> visited;
    for (std::size_t i = 0; i < labels.size(); ++i) {
      if (closest[i] < 0.005) {
        visited.push_back(labels[i].value);
      }
    }
    std::sort(visited.begin(), visited.end());
    REQUIRE(visited.size() == expected.size());
    for (std::size_t i = 0; i < expected.size(); ++i) {
      CHECK(visited[i] == Approx(expected[i]).epsilon(1e-12));
    }
  }
}

TEST_CASE("saddle landscapes in float") {
  Vector<float> g;
  const auto near_zero = [&](const auto& landscape, float tolerance) {
    for (const auto& p : landscape.critical_points()) {
      INFO(landscape.name() << " at " << p.point.transpose());
      const float f = landscape(p.point, g);
      CHECK(g.norm() <= tolerance);
      CHECK(f == Approx(p.value).epsilon(1e-5).margin(1e-5));
    }
  };
  near_zero(ls::StrictSaddleQuartic<float>((Vector<float>(3) << 1.0f, -1.0f, -2.0f).finished()), 1e-5f);
  near_zero(ls::MonkeySaddle<float>(), 0.0f);
  near_zero(ls::ConfinedMonkeySaddle<float>(), 1e-6f);
  near_zero(ls::random_matrix_factorization<float>(4, 2, 1), 1e-5f);
  near_zero(ls::ScalarDeepLinear<float>(3, 2.0f), 1e-5f);
  near_zero(ls::DeepLinearNetwork<float>({3, 2, 2}, random_matrix(2, 3, 50).cast<float>()), 1e-5f);
  near_zero(ls::OrthogonalQuartic<float>(3, 2.0f, 7), 1e-5f);
  near_zero(ls::StyblinskiTang<float>(2), 1e-5f);
  near_zero(ls::ThreeHumpCamel<float>(), 1e-5f);
  near_zero(ls::Rosenbrock<float>(5), 1e-3f);
  near_zero(ls::Rotated(ls::ThreeHumpCamel<float>(), 3, 1), 1e-4f);
  static_assert(ls::Landscape<ls::StrictSaddleQuartic<float>, float>);
  static_assert(ls::Landscape<ls::MonkeySaddle<float>, float>);
  static_assert(ls::Landscape<ls::ConfinedMonkeySaddle<double>, double>);
  static_assert(ls::Landscape<ls::MatrixFactorization<float>, float>);
  static_assert(ls::Landscape<ls::ScalarDeepLinear<double>, double>);
  static_assert(ls::Landscape<ls::DeepLinearNetwork<float>, float>);
  static_assert(ls::Landscape<ls::OrthogonalQuartic<double>, double>);
  static_assert(ls::Landscape<ls::StyblinskiTang<float>, float>);
  static_assert(ls::Landscape<ls::ThreeHumpCamel<double>, double>);
  static_assert(ls::Landscape<ls::Rotated<ls::OrthogonalQuartic<float>>, float>);
}
